// What the adaptive bitrate policy reads from a stats sample.
import { describe, expect, it } from 'vitest';
import { abrInputFrom, type RtpStreamSample } from 'rtckit/core';
import { videoShareOf } from '@src/core/abr/abrInput';
import { sample } from '../../../helpers/samples';

const stream = (packetRate: number | undefined) => ({ ssrc: 1, packetRate }) as RtpStreamSample;

describe('abrInputFrom', () => {
  it('reads loss on the video sent, with the packets it is a share of, and the estimate left after audio', () => {
    const input = abrInputFrom(
      sample({
        intervalMs: 2000,
        availableOutgoingBitrate: 1_040_000,
        outVideo: { packetLoss: 0.1, bitrate: 500_000, streams: [stream(40), stream(20)] },
        outAudio: { packetLoss: 0.5, bitrate: 40_000 },
      }),
      { videoSenders: 2 },
    );
    expect(input).toMatchObject({ loss: 0.1, packets: 120, availableBitrate: 500_000, sendBitrate: 250_000 });
  });

  it('falls back to the audio loss while no video flows, and leaves packets out when a rate is unknown', () => {
    const input = abrInputFrom(
      sample({
        outVideo: { bitrate: 0, packetLoss: 0.3 },
        outAudio: { packetLoss: 0.02, streams: [stream(50)] },
      }),
    );
    expect(input).toMatchObject({ loss: 0.02, packets: 50 });
    expect(abrInputFrom(sample({ outVideo: { streams: [stream(40), stream(undefined)] } })).packets).toBeUndefined();
  });
});

describe('videoShareOf', () => {
  it('shares what is left after the audio among the video senders, never below zero', () => {
    expect(videoShareOf(1_000_000, 40_000, 2)).toBe(480_000);
    expect(videoShareOf(1_000_000, undefined, 0)).toBe(1_000_000);
    expect(videoShareOf(30_000, 40_000, 1)).toBe(0);
  });
});
