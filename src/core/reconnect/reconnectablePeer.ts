import type { LocalVideoSender } from '../peer/localTracks';
import type { PeerSessionSnapshot } from '../peer/PeerSession';
import type { Signaling } from '../peer/Signaling';
import type { ReadableStore } from '../store';

/** What a {@link Reconnector} watches and drives; a `PeerSession` is one. */
export interface ReconnectablePeer extends ReadableStore<
  Pick<PeerSessionSnapshot, 'pc' | 'connectionState' | 'iceConnectionState' | 'signalingState' | 'closedBy'>
> {
  restartIce(): void;
  /** Replaces the connection with a new one and renegotiates from scratch (see `PeerSession.rebuild`). */
  rebuild(): void;
  /** Makes the video senders start again from a key frame (see `PeerSession.sendKeyFrames`). */
  sendKeyFrames(): Promise<void>;
  /**
   * The video senders with the track the app gave each (see `PeerSession.localVideoSenders`).
   * Without it (and {@link reattachVideo}) the send side is not watched.
   */
  localVideoSenders?(): readonly LocalVideoSender[];
  /** Attaches the app's track to `sender` again and restarts it from a key frame (see `PeerSession.reattachVideo`). */
  reattachVideo?(sender: RTCRtpSender): Promise<void>;
  /** Used to find a `ReconnectingSignaling` when the `signaling` option is not given. */
  readonly signaling?: Signaling;
}
