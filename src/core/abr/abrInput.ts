import type { StatsSample } from '../stats/types';
import type { AbrInput } from './decide';

/** Options for {@link abrInputFrom}. */
export interface AbrInputOptions {
  /** How many video senders share the connection's bandwidth. Default 1. */
  readonly videoSenders?: number;
}

/**
 * Reduces a stats sample to what the adaptive bitrate policy reads: loss on what we send (video,
 * or audio while no video goes out), the bandwidth estimate left for each video sender after the
 * audio, the video send rate and the encoder's limitation. Pure.
 *
 * @example
 * ```ts
 * const input = abrInputFrom(collector.getSnapshot().latest!);
 * ({ state, action } = decide(state, input, { ladder: DEFAULT_LADDER }));
 * ```
 */
export function abrInputFrom(sample: StatsSample, options: AbrInputOptions = {}): AbrInput {
  const senders = Math.max(1, options.videoSenders ?? 1);
  const video = sample.outbound.video;
  const audio = sample.outbound.audio;
  const videoFlowing = video !== undefined && (video.bitrate ?? 0) > 0;
  const aob = sample.availableOutgoingBitrate;
  return {
    at: sample.timestamp,
    // Video first: its receiver reports come about every second, audio's only every few seconds
    // (and between reports the last fraction stands).
    loss: videoFlowing ? (video.packetLoss ?? audio?.packetLoss) : audio?.packetLoss,
    availableBitrate: aob === undefined ? undefined : Math.max(0, aob - (audio?.bitrate ?? 0)) / senders,
    sendBitrate: video?.bitrate === undefined ? undefined : video.bitrate / senders,
    limitation: video?.qualityLimitationReason,
    rttMs: sample.rttMs,
  };
}
