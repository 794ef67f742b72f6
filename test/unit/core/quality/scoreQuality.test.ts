import { describe, expect, it } from 'vitest';
import { mosFromRating, mosFromScore, QUALITY_THRESHOLDS, scoreQuality, type QualityReason } from 'rtckit/core';
import { sample } from '../../../helpers/samples';

const codes = (reasons: readonly QualityReason[]) => reasons.map((r) => `${r.code}/${r.direction}`);

describe('scoreQuality', () => {
  it('scores a healthy call 100 / excellent with no reasons, per direction too', () => {
    const q = scoreQuality(
      sample({
        rttMs: 0,
        outVideo: { jitterMs: 0 },
        outAudio: { jitterMs: 0 },
        inVideo: { jitterMs: 0 },
        inAudio: { jitterMs: 0 },
      }),
    );
    // d = 0/2 + 0 + 10 ms → Id = 0.24 → R = 92.96 → 100 × 92.96 / 93.2 = 99.7
    expect(q).toMatchObject({
      level: 'excellent',
      score: 100,
      uplink: 'excellent',
      downlink: 'excellent',
      reasons: [],
    });
    expect(q.mos).toBeCloseTo(4.41, 2);
  });

  it('is unknown without a sample, before connecting, after closing, or with no media flowing', () => {
    expect(scoreQuality(null)).toMatchObject({ level: 'unknown', score: null, mos: null });
    expect(scoreQuality(sample({ connectionState: 'connecting' })).level).toBe('unknown');
    expect(scoreQuality(sample({ connectionState: 'closed' })).level).toBe('unknown');
    expect(scoreQuality(sample({ outVideo: null, outAudio: null, inVideo: null, inAudio: null })).level).toBe(
      'unknown',
    );
    // A sender whose only stream has not sent a byte yet has nothing to judge.
    expect(scoreQuality(sample({ outAudio: null, inVideo: null, inAudio: null, outVideo: { bitrate: 0 } })).level).toBe(
      'unknown',
    );
  });

  it('applies the E-model loss impairment with codec weights (hand-computed)', () => {
    // Downlink video VP8 with 6 % loss, everything else perfect:
    // d = 10 ms → Id = 0.24; Ie,eff = 95 × 6 / (6 + 15) = 27.14; R = 93.2 − 0.24 − 27.14 = 65.82 → score 70.6 → 71.
    const vp8 = scoreQuality(
      sample({ rttMs: 0, outVideo: null, outAudio: null, inAudio: null, inVideo: { packetLoss: 0.06, jitterMs: 0 } }),
    );
    expect(vp8.score).toBe(71);
    expect(vp8.level).toBe('good');
    expect(vp8.downlink).toBe('good');
    expect(vp8.uplink).toBe('unknown');
    // H.264 weighs loss more (Bpl 12): Ie,eff = 95 × 6 / 18 = 31.67 → R = 61.29 → 65.8 → 66.
    const h264 = scoreQuality(
      sample({
        rttMs: 0,
        outVideo: null,
        outAudio: null,
        inAudio: null,
        inVideo: { packetLoss: 0.06, jitterMs: 0, codec: 'H264' },
      }),
    );
    expect(h264.score).toBe(66);
    // Opus less (Bpl 25): Ie,eff = 95 × 6 / 31 = 18.39 → R = 74.57 → 80.
    const opus = scoreQuality(
      sample({ rttMs: 0, outVideo: null, outAudio: null, inVideo: null, inAudio: { packetLoss: 0.06, jitterMs: 0 } }),
    );
    expect(opus.score).toBe(80);
  });

  it('applies the delay impairment from RTT and jitter (hand-computed)', () => {
    // RTT 400, jitter 20: d = 200 + 40 + 10 = 250 → Id = 6 + 0.11 × 72.7 = 14.0 → R = 79.2 → 85.
    const q = scoreQuality(
      sample({ rttMs: 400, outVideo: null, outAudio: null, inVideo: null, inAudio: { jitterMs: 20 } }),
    );
    expect(q.score).toBe(85);
    expect(q.reasons.map((r) => r.code)).toContain('round-trip-time');
  });

  it('maps R to MOS with the G.107 curve and scores to levels by the documented thresholds', () => {
    expect(mosFromRating(93.2)).toBeCloseTo(4.41, 2);
    expect(mosFromRating(50)).toBeCloseTo(2.58, 2);
    expect(mosFromRating(-5)).toBe(1);
    expect(mosFromRating(120)).toBe(4.5);
    expect(mosFromScore(100)).toBe(4.41);
    const at = (score: number) =>
      scoreQuality(
        sample({
          rttMs: 0,
          outVideo: null,
          outAudio: null,
          inAudio: null,
          inVideo: { jitterMs: 0, packetLoss: lossFor(score) },
        }),
      ).level;
    expect(at(QUALITY_THRESHOLDS.excellent)).toBe('excellent');
    expect(at(QUALITY_THRESHOLDS.excellent - 2)).toBe('good');
    expect(at(QUALITY_THRESHOLDS.good)).toBe('good');
    expect(at(QUALITY_THRESHOLDS.good - 2)).toBe('poor');
  });

  /** The VP8 loss that gives a score (inverting the model, with Id = 0.24). */
  function lossFor(score: number): number {
    const ie = 93.2 - 0.24 - (score * 93.2) / 100;
    const percent = (ie * 15) / (95 - ie);
    return percent / 100 + 1e-9;
  }

  describe('names every cause in plain words', () => {
    const only = { outAudio: null, inAudio: null, inVideo: null } as const;
    const cases: [string, ReturnType<typeof sample>, string, RegExp][] = [
      [
        'loss on the upload',
        sample({ ...only, outVideo: { packetLoss: 0.12 } }),
        'packet-loss/uplink',
        /packet loss on your upload/,
      ],
      [
        'loss on the download',
        sample({ outVideo: null, outAudio: null, inAudio: null, inVideo: { packetLoss: 0.12 } }),
        'packet-loss/downlink',
        /packet loss on your download/,
      ],
      ['round-trip time', sample({ ...only, rttMs: 600 }), 'round-trip-time/both', /round-trip time/],
      ['jitter', sample({ ...only, outVideo: { jitterMs: 120 } }), 'jitter/uplink', /Unsteady timing on your upload/],
      [
        'CPU-limited encoder',
        sample({ ...only, outVideo: { qualityLimitationReason: 'cpu' } }),
        'cpu/uplink',
        /encoder limited by CPU/,
      ],
      [
        'bandwidth-limited encoder',
        sample({ ...only, outVideo: { qualityLimitationReason: 'bandwidth' } }),
        'bandwidth/uplink',
        /limited by your upload bandwidth/,
      ],
      [
        'low outgoing estimate',
        sample({ ...only, availableOutgoingBitrate: 120_000 }),
        'bandwidth/uplink',
        /upload bandwidth is low/,
      ],
      [
        'frozen video',
        sample({
          outVideo: null,
          outAudio: null,
          inAudio: null,
          inVideo: { frozen: true, freezeCount: 1, freezeDurationMs: 400 },
        }),
        'video-frozen/downlink',
        /Incoming video froze/,
      ],
      [
        'low frame rate',
        sample({ outVideo: null, outAudio: null, inAudio: null, inVideo: { framesPerSecond: 6 } }),
        'low-frame-rate/downlink',
        /Low frame rate on incoming video/,
      ],
      [
        'low video bitrate',
        sample({ ...only, outVideo: { bitrate: 60_000, frameWidth: 1280, frameHeight: 720 } }),
        'low-video-bitrate/uplink',
        /Outgoing video bitrate is low for its size/,
      ],
      [
        'audio concealment',
        sample({ outVideo: null, outAudio: null, inVideo: null, inAudio: { concealment: 0.12 } }),
        'audio-concealment/downlink',
        /Incoming audio is breaking up/,
      ],
      ['a lost connection', sample({ connectionState: 'disconnected' }), 'connection-lost/both', /connection was lost/],
      ['a failed connection', sample({ connectionState: 'failed' }), 'connection-lost/both', /connection failed/],
      ['silence', sample({ silenceMs: 4500 }), 'nothing-received/both', /Nothing is arriving/],
    ];
    it.each(cases)('%s', (_, input, code, message) => {
      const q = scoreQuality(input);
      expect(codes(q.reasons)).toContain(code);
      const reason = q.reasons.find((r) => `${r.code}/${r.direction}` === code)!;
      expect(reason.message).toMatch(message);
      expect(reason.penalty).toBeGreaterThanOrEqual(QUALITY_THRESHOLDS.reasonMinPenalty);
      expect(q.level).not.toBe('excellent');
    });

    it('gives the measured value as a detail and sorts reasons by their cost', () => {
      const q = scoreQuality(sample({ ...only, rttMs: 500, outVideo: { packetLoss: 0.2 } }));
      expect(q.reasons[0]).toMatchObject({ code: 'packet-loss', detail: '20 %' });
      expect(q.reasons[1]).toMatchObject({ code: 'round-trip-time', detail: '500 ms' });
      expect(q.reasons[0]!.penalty).toBeGreaterThan(q.reasons[1]!.penalty);
    });

    it('names nothing for small penalties', () => {
      expect(scoreQuality(sample({ ...only, outVideo: { packetLoss: 0.005 }, rttMs: 150 })).reasons).toEqual([]);
    });
  });

  it('is lost at once when disconnected or silent, with both directions lost', () => {
    for (const q of [scoreQuality(sample({ connectionState: 'failed' })), scoreQuality(sample({ silenceMs: 4000 }))]) {
      expect(q).toMatchObject({ level: 'lost', score: 0, mos: 1, uplink: 'lost', downlink: 'lost' });
    }
    expect(scoreQuality(sample({ silenceMs: 3900 })).level).toBe('excellent');
  });

  it('takes the worse direction as the overall level', () => {
    const q = scoreQuality(sample({ inVideo: { packetLoss: 0.2 } }));
    expect(q.uplink).toBe('excellent');
    expect(q.downlink).toBe('poor');
    expect(q.level).toBe('poor');
    expect(q.score).toBe(q.downlinkScore);
  });

  it('is pure: the same sample gives an equal result and is not changed', () => {
    const input = sample({ inVideo: { packetLoss: 0.1 } });
    const frozen = JSON.stringify(input);
    expect(scoreQuality(input)).toEqual(scoreQuality(input));
    expect(JSON.stringify(input)).toBe(frozen);
  });
});
