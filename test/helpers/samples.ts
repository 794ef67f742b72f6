// Builds StatsSamples by hand for scorer and hysteresis tests: a healthy two-way call by default,
// with just the fields a test changes overridden.
import type { MediaSample, StatsSample } from 'rtckit/core';

export function media(kind: 'audio' | 'video', overrides: Partial<MediaSample> = {}): MediaSample {
  const base: MediaSample =
    kind === 'video'
      ? {
          kind,
          streams: [],
          bitrate: 800_000,
          packetLoss: 0,
          jitterMs: 2,
          codec: 'VP8',
          framesPerSecond: 30,
          frameWidth: 640,
          frameHeight: 480,
          frozen: false,
          freezeCount: 0,
          freezeDurationMs: 0,
          qualityLimitationReason: 'none',
        }
      : { kind, streams: [], bitrate: 40_000, packetLoss: 0, jitterMs: 2, codec: 'opus', concealment: 0 };
  return { ...base, ...overrides };
}

export interface SampleOverrides extends Partial<Omit<StatsSample, 'outbound' | 'inbound'>> {
  readonly outVideo?: Partial<MediaSample> | null;
  readonly outAudio?: Partial<MediaSample> | null;
  readonly inVideo?: Partial<MediaSample> | null;
  readonly inAudio?: Partial<MediaSample> | null;
}

/** A one-second sample of a healthy call sending and receiving audio and video; `null` removes a kind. */
export function sample(overrides: SampleOverrides = {}): StatsSample {
  const { outVideo, outAudio, inVideo, inAudio, ...rest } = overrides;
  const pick = (kind: 'audio' | 'video', o: Partial<MediaSample> | null | undefined) =>
    o === null ? undefined : media(kind, o);
  return {
    timestamp: 1_000_000,
    intervalMs: 1000,
    connectionState: 'connected',
    outbound: { video: pick('video', outVideo), audio: pick('audio', outAudio) },
    inbound: { video: pick('video', inVideo), audio: pick('audio', inAudio) },
    rttMs: 20,
    availableOutgoingBitrate: 2_500_000,
    silenceMs: 10,
    ...rest,
  };
}
