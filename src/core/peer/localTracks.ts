import { senderParametersOf } from '../abr/sharedSenderParameters';
import type { RtcKitError } from '../errors';
import { messageOf } from '../errors';
import { PeerKitError } from './peerErrors';

type Kind = 'audio' | 'video';
const KINDS: readonly Kind[] = ['audio', 'video'];

/**
 * A video sender and the track the app gave it (`null`: the camera is off), which may differ from
 * `sender.track` when the send side was changed behind rtckit's back or by the browser.
 */
export interface LocalVideoSender {
  readonly sender: RTCRtpSender;
  readonly track: MediaStreamTrack | null;
}

/**
 * The senders one connection sends the local tracks on, and how a new local stream is put on
 * them: for each kind, a track goes to an existing sender of that kind with `replaceTrack` (no
 * renegotiation), and a kind that went away (the camera turned off) gets `replaceTrack(null)`,
 * keeping the sender for later (a video sender then has its encodings switched off, see
 * `SenderParameters.setTrackless`); only a track with no sender of its kind is added, which
 * renegotiates. Each sender's track is remembered, so it can be attached again (see {@link reattach}).
 */
export class LocalTrackSenders {
  readonly #pc: RTCPeerConnection;
  readonly #senders: { readonly kind: Kind; readonly sender: RTCRtpSender; track: MediaStreamTrack | null }[] = [];

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
      const senders = this.#senders.filter((entry) => entry.kind === kind);
      for (let i = 0; i < Math.max(wanted.length, senders.length); i++) {
        const track = wanted[i] ?? null;
        const entry = senders[i];
        if (entry) {
          const sender = entry.sender;
          // What the app asked for, even if the browser refuses it: a later reattach tries it again.
          entry.track = track;
          if (sender.track === track) continue;
          try {
            await sender.replaceTrack(track);
            if (kind === 'video') await senderParametersOf(sender).setTrackless(track === null);
          } catch (cause) {
            if (isCurrent()) onError(new PeerKitError('track-replace-failed', { cause, detail: messageOf(cause) }));
          }
        } else if (track && stream) {
          this.#senders.push({ kind, sender: pc.addTrack(track, stream), track });
        }
        if (!isCurrent()) return;
      }
    }
  }

  /** The video senders, each with the track the app gave it. */
  video(): readonly LocalVideoSender[] {
    return this.#senders.filter((entry) => entry.kind === 'video').map(({ sender, track }) => ({ sender, track }));
  }

  /**
   * Attaches to each sender (or only to `only`) the track the app gave it again (`replaceTrack`
   * with the remembered track, which is also what `sender.track` says unless something replaced it
   * behind rtckit's back). Chromium can recreate a send stream that then encodes nothing until this
   * is done — after the polite side's offer is rolled back in a glare, and at times after an
   * outage; elsewhere it changes nothing. A failure goes to `onError`.
   */
  async reattach(isCurrent: () => boolean, onError: (error: RtcKitError) => void, only?: RTCRtpSender): Promise<void> {
    for (const { sender, track } of this.#senders) {
      if (!track || track.readyState === 'ended' || (only && sender !== only) || !isCurrent()) continue;
      try {
        await sender.replaceTrack(track);
      } catch (cause) {
        if (isCurrent()) onError(new PeerKitError('track-replace-failed', { cause, detail: messageOf(cause) }));
      }
    }
  }
}
