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
  /** Used to find a `ReconnectingSignaling` when the `signaling` option is not given. */
  readonly signaling?: Signaling;
}
