// The collector and scorer over real Chromium reports recorded by `npm run record:fixtures`. The
// expected numbers are worked out by hand from the raw fields of the named ticks (shown in comments).
import { describe, expect, it } from 'vitest';
import { scoreQuality, smoothQuality, StatsCollector, type QualityTrend, type StatsSample } from 'rtckit/core';
import { collect, FIXTURES } from '../../../helpers/statsFixtures';

describe('StatsCollector over recorded Chromium reports', () => {
  it('derives receive-side bitrate, loss, fps, freezes, jitter and concealment (lossy, receiver, tick 8)', () => {
    const sample = collect(FIXTURES.lossy.receiver)[8]!;
    // inbound video, tick 7 → 8: timestamp 1795868006128.516 → 1795868007128.349 (999.833 ms),
    // bytesReceived 484353 → 548811, packetsReceived 519 → 587, packetsLost 31 → 46,
    // framesDecoded 158 → 180, freezeCount 3 → 4, totalFreezesDuration 0.826 → 1.035, jitter 0.001.
    const video = sample.inbound.video!;
    expect(sample.intervalMs).toBeCloseTo(999.833, 3);
    expect(video.bitrate).toBeCloseTo(515_750.13, 1); // 64458 B × 8 / 0.999833 s
    expect(video.packetLoss).toBeCloseTo(0.180723, 5); // 15 / (15 + 68)
    expect(video.framesPerSecond).toBeCloseTo(22.0037, 3); // 22 frames / 0.999833 s
    expect(video.freezeCount).toBe(1);
    expect(video.freezeDurationMs).toBeCloseTo(209, 6);
    expect(video.frozen).toBe(true);
    expect(video.jitterMs).toBeCloseTo(1, 9);
    expect(video.frameWidth).toBe(640);
    expect(video.codec).toBe('VP8');
    // inbound audio: concealedSamples 34376 → 45896, silentConcealedSamples 1800 → 2280,
    // totalSamplesReceived 387840 → 435840: (11520 − 480) / 48000.
    expect(sample.inbound.audio!.concealment).toBeCloseTo(0.23, 9);
    expect(sample.inbound.audio!.codec).toBe('opus');
    // candidate pair lastPacketReceivedTimestamp 1795868007112 vs report 1795868007128.349.
    expect(sample.silenceMs).toBeCloseTo(16.349, 3);
    expect(sample.rttMs).toBeCloseTo(5, 9); // no new STUN response: currentRoundTripTime 0.005
    expect(sample.outbound).toEqual({});
  });

  it('derives send-side loss from remote-inbound-rtp over the span its reports cover (lossy, sender, tick 7)', () => {
    const samples = collect(FIXTURES.lossy.sender);
    const video = samples[7]!.outbound.video!;
    // outbound video, tick 6 → 7: 1000.628 ms, bytesSent 450594 → 521869, packetsSent 485 → 558.
    // remote-inbound-rtp: timestamp 4687.266 → 5859.289 (1172.023 ms), packetsLost 15 → 27,
    // totalRoundTripTime 0.028367 → 0.033692 over 1 measurement.
    expect(video.bitrate).toBeCloseTo(569_842.18, 1); // 71275 B × 8 / 1.000628 s
    expect(video.packetLoss).toBeCloseTo(0.140344, 5); // 12 / (73 / 1.000628 × 1.172023)
    expect(video.rttMs).toBeCloseTo(5.325, 6);
    expect(video.jitterMs).toBeCloseTo(1.088, 6);
    expect(video.qualityLimitationReason).toBe('none');
    expect(samples[7]!.availableOutgoingBitrate).toBe(1_553_887);
    expect(samples[7]!.candidatePair).toEqual({
      local: {
        type: 'host',
        protocol: 'udp',
        relayProtocol: undefined,
        address: expect.any(String),
        port: expect.any(Number),
      },
      remote: expect.objectContaining({ type: 'host', protocol: 'udp' }),
      relayed: false,
    });
    // Tick 8 brought no new receiver report: its fractionLost (0.15625) stands.
    expect(samples[8]!.outbound.video!.packetLoss).toBe(0.15625);
  });

  it('reports each simulcast layer by rid and sums them (simulcast, sender, tick 10)', () => {
    const video = collect(FIXTURES.simulcast.sender)[10]!.outbound.video!;
    // 998.647 ms; q: bytesSent 165599 → 182883, h: 279302 → 310859, f: 0 → 0 (not sending yet).
    const byRid = Object.fromEntries(video.streams.map((s) => [s.rid, s]));
    expect(Object.keys(byRid).sort()).toEqual(['f', 'h', 'q']);
    expect(byRid.q!.bitrate).toBeCloseTo(138_459.34, 1);
    expect(byRid.h!.bitrate).toBeCloseTo(252_798.04, 1);
    expect(byRid.f!.bitrate).toBe(0);
    expect(byRid.q!.framesPerSecond).toBeCloseTo(20.027, 3); // 20 frames / 0.998647 s
    expect(byRid.h!.frameWidth).toBe(320);
    expect(video.bitrate).toBeCloseTo(391_257.38, 1);
    // Frame size of the largest layer that is sending (h), not the idle f.
    expect([video.frameWidth, video.frameHeight]).toEqual([320, 240]);
  });

  it('keeps memory flat: the history holds the last 60 samples whatever the call length', () => {
    const ticks = FIXTURES.clean.receiver;
    const collector = new StatsCollector({ getStats: () => Promise.reject(new Error('unused')) });
    // Replaying the recording with timestamps shifted forward, 100 laps.
    let offset = 0;
    for (let lap = 0; lap < 100; lap++) {
      for (const tick of ticks) {
        const report = new Map(
          tick.stats.map((stats) => [stats.id, { ...stats, timestamp: stats.timestamp + offset }] as const),
        );
        collector.ingest(report);
      }
      offset += 100_000;
    }
    const { history, latest, droppedSamples } = collector.getSnapshot();
    expect(history).toHaveLength(60);
    expect(history.at(-1)).toBe(latest);
    // Each lap starts with counters lower than the last lap's end: those ticks are dropped, not averaged.
    expect(droppedSamples).toBe(99);
  });
});

describe('scoreQuality over recorded Chromium reports', () => {
  function levels(samples: (StatsSample | null)[]) {
    let trend: QualityTrend | undefined;
    return samples.map((sample) => {
      trend = smoothQuality(trend, scoreQuality(sample));
      return trend.quality;
    });
  }

  it('rates a clean call excellent for both peers', () => {
    for (const peer of ['sender', 'receiver'] as const) {
      const quality = levels(collect(FIXTURES.clean[peer])).slice(1);
      expect(quality.every((q) => q.level === 'excellent')).toBe(true);
      expect(quality.every((q) => q.reasons.length === 0)).toBe(true);
    }
  });

  it('drops to poor at the first impaired tick, names loss or bandwidth, and climbs back after', () => {
    const fixture = FIXTURES.impaired;
    for (const peer of ['sender', 'receiver'] as const) {
      const ticks = fixture[peer];
      const samples = collect(ticks);
      const quality = levels(samples);
      const firstImpaired = ticks.findIndex((t) => t.condition === 'impaired');
      // The tick whose interval first includes the impairment.
      const bad = quality[firstImpaired + 1]!;
      expect(bad.level).toBe('poor');
      expect(bad.reasons.map((r) => r.code)).toEqual(
        expect.arrayContaining([expect.stringMatching(/packet-loss|bandwidth/)]),
      );
      // Once the link is clean again the raw level is back above poor, and the shown score climbs towards it.
      expect(['good', 'excellent']).toContain(scoreQuality(samples.at(-1)).level);
      const lastFive = quality.slice(-5).map((q) => q.score!);
      expect(lastFive).toEqual([...lastFive].sort((a, b) => a - b));
      expect(lastFive.at(-1)! - Math.min(...quality.slice(firstImpaired).map((q) => q.score!))).toBeGreaterThan(60);
    }
    // The receiver's link settled sooner, so its level is already back to good within the recording.
    expect(levels(collect(fixture.receiver)).at(-1)!.level).toBe('good');
  });

  it('reaches lost when the link is black-holed, from silence before the browser gives up', () => {
    const ticks = FIXTURES.blackhole.receiver;
    const quality = levels(collect(ticks));
    const firstLost = quality.findIndex((q) => q.level === 'lost');
    expect(firstLost).toBeGreaterThan(0);
    expect(ticks[firstLost]!.connectionState).toBe('connected');
    expect(quality[firstLost]!.reasons[0]!.code).toBe('nothing-received');
    expect(quality.at(-1)!.reasons[0]!.code).toBe('connection-lost');
    expect(ticks.at(-1)!.connectionState).toBe('disconnected');
  });

  it('under recorded loss, never goes back up and changes level at most once in any 10 ticks', () => {
    const ticks = FIXTURES.loss6.sender;
    const quality = levels(collect(ticks));
    const start = ticks.findIndex((t) => t.condition === 'loss6');
    const during = quality.slice(start).map((q) => q.level);
    const order = ['lost', 'poor', 'good', 'excellent'];
    const changes = during.map((level, i) => (i > 0 && level !== during[i - 1] ? i : -1)).filter((i) => i >= 0);
    for (let i = 1; i < during.length; i++)
      expect(order.indexOf(during[i]!)).toBeLessThanOrEqual(order.indexOf(during[i - 1]!));
    for (let i = 1; i < changes.length; i++) expect(changes[i]! - changes[i - 1]!).toBeGreaterThanOrEqual(10);
    expect(changes.length).toBeGreaterThan(0);
  });
});
