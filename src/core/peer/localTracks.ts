import { senderParametersOf } from '../abr/sharedSenderParameters';
import type { RtcKitError } from '../errors';
import { messageOf } from '../errors';
import { PeerKitError } from './peerErrors';

type Kind = 'audio' | 'video';
const KINDS: readonly Kind[] = ['audio', 'video'];

/**
 * The senders one connection sends the local tracks on, and how a new local stream is put on
 * them: for each kind, a track goes to an existing sender of that kind with `replaceTrack` (no
 * renegotiation), and a kind that went away (the camera turned off) gets `replaceTrack(null)`,
 * keeping the sender for later (a video sender then has its encodings switched off, see
 * `SenderParameters.setTrackless`); only a track with no sender of its kind is added, which
 * renegotiates.
 */
export class LocalTrackSenders {
  readonly #pc: RTCPeerConnection;
  readonly #senders: { readonly kind: Kind; readonly sender: RTCRtpSender }[] = [];

  constructor(pc: RTCPeerConnection) {
    this.#pc = pc;
  }

  /**
   * Makes the senders send `stream`'s live tracks. Stops early once `isCurrent()` says the
   * connection was replaced; a failed `replaceTrack` on the current connection goes to `onError`.
   */
  async sync(
    stream: MediaStream | null,
    isCurrent: () => boolean,
    onError: (error: RtcKitError) => void,
  ): Promise<void> {
    const pc = this.#pc;
    if (pc.signalingState === 'closed') return;
    for (const kind of KINDS) {
      const wanted = (stream?.getTracks() ?? []).filter((t) => t.kind === kind && t.readyState !== 'ended');
      const senders = this.#senders.filter((entry) => entry.kind === kind).map((entry) => entry.sender);
      for (let i = 0; i < Math.max(wanted.length, senders.length); i++) {
        const track = wanted[i] ?? null;
        const sender = senders[i];
        if (sender) {
          if (sender.track === track) continue;
          try {
            await sender.replaceTrack(track);
            if (kind === 'video') await senderParametersOf(sender).setTrackless(track === null);
          } catch (cause) {
            if (isCurrent()) onError(new PeerKitError('track-replace-failed', { cause, detail: messageOf(cause) }));
          }
        } else if (track && stream) {
          this.#senders.push({ kind, sender: pc.addTrack(track, stream) });
        }
        if (!isCurrent()) return;
      }
    }
  }

  /**
   * Attaches each sender's track to it again (`replaceTrack` with the track it has). Chromium can
   * recreate a send stream that then encodes nothing until this is done — after the polite side's
   * offer is rolled back in a glare, and at times after an outage; elsewhere it changes nothing.
   * A failure goes to `onError`.
   */
  async reattach(isCurrent: () => boolean, onError: (error: RtcKitError) => void): Promise<void> {
    for (const { sender } of this.#senders) {
      const track = sender.track;
      if (!track || !isCurrent()) continue;
      try {
        await sender.replaceTrack(track);
      } catch (cause) {
        if (isCurrent()) onError(new PeerKitError('track-replace-failed', { cause, detail: messageOf(cause) }));
      }
    }
  }
}
