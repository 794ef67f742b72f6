import type { MediaSample, StatsSample } from '../stats/types';
import type { AbrInput } from './abrPolicy';

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
  // Video first: its receiver reports come about every second, audio's only every few seconds
  // (and between reports the last fraction stands).
  const lossFrom = videoFlowing && video.packetLoss !== undefined ? video : audio;
  return {
    at: sample.timestamp,
    loss: lossFrom?.packetLoss,
    packets: packetsOver(lossFrom, sample.intervalMs),
    availableBitrate: aob === undefined ? undefined : videoShareOf(aob, audio?.bitrate, senders),
    sendBitrate: video?.bitrate === undefined ? undefined : video.bitrate / senders,
    limitation: video?.qualityLimitationReason,
    rttMs: sample.rttMs,
  };
}

/** Packets a media sample's streams sent over `intervalMs`, from their packet rates. */
function packetsOver(media: MediaSample | undefined, intervalMs: number): number | undefined {
  if (!media?.streams.length || !(intervalMs > 0)) return undefined;
  let rate = 0;
  for (const stream of media.streams) {
    if (stream.packetRate === undefined) return undefined;
    rate += stream.packetRate;
  }
  return (rate * intervalMs) / 1000;
}

/**
 * What one of `videoSenders` video senders may use of the connection's `availableOutgoingBitrate`
 * after the audio we send, bits per second.
 *
 * @example
 * ```ts
 * videoShareOf(1_000_000, 40_000, 2); // 480000
 * ```
 */
export function videoShareOf(availableOutgoingBitrate: number, audioBitrate: number | undefined, videoSenders: number) {
  return Math.max(0, availableOutgoingBitrate - (audioBitrate ?? 0)) / Math.max(1, videoSenders);
}
