// The send side of what a reconnector follows: on each reading the media watchdog takes (no stats
// of its own), whether a video sender's stream is dead while the app feeds it a live track, and
// then the app's track attached to it again (see sendStall.ts for the verdict).
import type { StatsReading } from '../stats/readStats';
import type { ReconnectablePeer } from './reconnectablePeer';
import { nextSendStall, startSendStall, type SendReading, type SendStallState } from './sendStall';

/**
 * Watches a peer's video senders for a send stream that encodes nothing while the app's track is
 * live (the `watchSendStall` option), and repairs it with `reattachVideo`. Internal to rtckit.
 *
 * @example
 * ```ts
 * const send = new SendWatch();
 * media.follow(pc, onChange, (reading, at) => {
 *   if (send.check(peer, reading, at)) publish();
 * });
 * send.reattaches; // repairs so far, for the snapshot
 * ```
 */
export class SendWatch {
  readonly #enabled: boolean;
  readonly #states = new Map<RTCRtpSender, SendStallState>();
  #reattaches = 0;

  constructor(options: { readonly watchSendStall?: boolean }) {
    this.#enabled = options.watchSendStall ?? true;
  }

  /** Send streams repaired (the app's track attached again) in the reconnector's life. */
  get reattaches(): number {
    return this.#reattaches;
  }

  /** Folds in a reading of the peer's connection taken at `at`; returns whether it asked for a repair. */
  check(peer: ReconnectablePeer, reading: StatsReading, at: number): boolean {
    if (!this.#enabled || !peer.localVideoSenders || !peer.reattachVideo) return false;
    const { pc, connectionState } = peer.getSnapshot();
    const senders = peer.localVideoSenders();
    for (const sender of [...this.#states.keys()]) {
      if (!senders.some((entry) => entry.sender === sender)) this.#states.delete(sender);
    }
    let repaired = false;
    for (const { sender, track } of senders) {
      const sendReading: SendReading = {
        at,
        sent: sentBy(reading, midOf(pc, sender), senders.length === 1),
        trackLive: track !== null && track.readyState === 'live' && track.enabled && !track.muted,
        encodingsActive: encodingsActive(sender),
        connected: connectionState === 'connected',
      };
      const next = nextSendStall(this.#states.get(sender) ?? startSendStall(), sendReading);
      this.#states.set(sender, next.state);
      if (!next.repair) continue;
      this.#reattaches++;
      repaired = true;
      void peer.reattachVideo(sender).catch(() => {});
    }
    return repaired;
  }
}

function midOf(pc: RTCPeerConnection | null, sender: RTCRtpSender): string | null | undefined {
  return pc?.getTransceivers?.().find((transceiver) => transceiver.sender === sender)?.mid;
}

/** Frames encoded (else bytes sent) over the sender's outbound video streams, matched by mid. */
function sentBy(reading: StatsReading, mid: string | null | undefined, onlySender: boolean): number | undefined {
  let frames: number | undefined;
  let bytes: number | undefined;
  for (const stream of reading.streams) {
    if (stream.direction !== 'outbound' || stream.kind !== 'video') continue;
    // A stream without a mid can only be told apart when there is one video sender.
    if (stream.mid === undefined ? !onlySender : stream.mid !== mid) continue;
    if (stream.frames !== undefined) frames = (frames ?? 0) + stream.frames;
    if (stream.bytes !== undefined) bytes = (bytes ?? 0) + stream.bytes;
  }
  return frames ?? bytes;
}

function encodingsActive(sender: RTCRtpSender): boolean {
  try {
    const { encodings } = sender.getParameters();
    return encodings.length === 0 || encodings.some((encoding) => encoding.active !== false);
  } catch {
    return false; // a sender of a closed connection
  }
}
