// What a user sees of each browser's report shape: every recording runs through the real path
// `useConnectionQuality` takes (a StatsCollector fed the recorded reports, a QualityMonitor over it:
// scoreQuality, then smoothQuality). Chromium recordings, real Firefox ESR 140 recordings, and the
// Chromium ones reshaped as current and 2018 WebKit report them (test/fixtures/stats/safariShaped.ts).
// A reason needs the browser's evidence: where a shape lacks a stat, the reason it would give is
// absent, not made up.
import { describe, expect, it } from 'vitest';
import { QualityMonitor, StatsCollector, type QualityReason, type QualityScore } from 'rtckit/core';
import { FIREFOX_FIXTURES, FIXTURES, reportOf } from '../../../helpers/statsFixtures';
import { safariShaped } from '../../../fixtures/stats/safariShaped';
import type { RecordedTick, StatsFixture } from '../../../fixtureTypes';

/** What the monitor shows after each tick (index i: after tick i), and the collector's samples. */
function watch(ticks: readonly RecordedTick[]) {
  // Never answers: the collector's own polling stays idle, and only the recorded reports are ingested.
  const collector = new StatsCollector({ getStats: () => new Promise(() => {}) });
  const monitor = new QualityMonitor(collector);
  const stop = monitor.subscribe(() => {});
  const shown: QualityScore[] = [];
  const samples = ticks.map((tick) => {
    const sample = collector.ingest(reportOf(tick), tick.connectionState);
    shown.push(monitor.getSnapshot());
    return sample;
  });
  stop();
  return { shown, samples };
}

const has = (reasons: readonly QualityReason[], code: QualityReason['code'], direction?: QualityReason['direction']) =>
  reasons.some((r) => r.code === code && (direction === undefined || r.direction === direction));

const SHAPES = {
  chromium: (fixture: StatsFixture) => fixture,
  safari: (fixture: StatsFixture) => safariShaped(fixture, 'safari'),
  safariLegacy: (fixture: StatsFixture) => safariShaped(fixture, 'safariLegacy'),
} as const;
const SHAPE_NAMES = Object.keys(SHAPES) as (keyof typeof SHAPES)[];
const PEERS = ['sender', 'receiver'] as const;

describe('a clean call looks excellent in every browser shape', () => {
  const clean: [string, StatsFixture][] = [
    ...SHAPE_NAMES.map((shape) => [shape, SHAPES[shape](FIXTURES.clean)] as [string, StatsFixture]),
    ['firefox', FIREFOX_FIXTURES.clean],
  ];
  it.each(clean.flatMap(([shape, fixture]) => PEERS.map((peer) => [shape, peer, fixture] as const)))(
    '%s %s: excellent from the first sample, with no reason',
    (_shape, peer, fixture) => {
      const { shown } = watch(fixture[peer]);
      expect(shown[0]!.level).toBe('unknown'); // the first tick is only the baseline
      for (const quality of shown.slice(1)) {
        expect(quality.level).toBe('excellent');
        expect(quality.reasons).toEqual([]);
        // The side that only sends judges its uplink, the side that only receives its downlink.
        expect(peer === 'sender' ? quality.uplink : quality.downlink).toBe('excellent');
      }
    },
  );
});

describe('a link capped at 300 kbit/s', () => {
  it.each(SHAPE_NAMES.flatMap((shape) => PEERS.map((peer) => [shape, peer] as const)))(
    '%s %s: poor from the first capped interval, and no loss is named where none was reported',
    (shape, peer) => {
      const fixture = SHAPES[shape](FIXTURES.capped);
      const { shown, samples } = watch(fixture[peer]);
      const first = fixture[peer].findIndex((t) => t.condition === 'capped');
      // The cap drains the queue the old rate filled within two intervals of it: the round trip
      // and the picture's frame rate show it.
      const levels = shown.slice(first, first + 3).map((q) => q.level);
      expect(levels).toContain('poor');
      expect(shown.slice(1, first).every((q) => q.level === 'excellent')).toBe(true);
      // The recording has no loss at all (0 on every tick that counts it): none is named.
      const counted = samples.flatMap((s) => (s ? [s.outbound.video?.packetLoss, s.inbound.video?.packetLoss] : []));
      expect(counted.every((loss) => loss === undefined || loss === 0)).toBe(true);
      expect(shown.some((q) => has(q.reasons, 'packet-loss'))).toBe(false);
    },
  );

  it('Firefox: no uplink bandwidth reason ever (no availableOutgoingBitrate), no loss reported, and the call fit the cap', () => {
    // The Firefox call sends about 230 kbit/s (video 160, audio 64) one way, under the 300 kbit/s
    // the cap allows: the queue grows the round trip to about 260 ms, and nothing else changes.
    const fixture = FIREFOX_FIXTURES.capped;
    const sent = watch(fixture.sender);
    const received = watch(fixture.receiver);
    expect(sent.samples.every((s) => s === null || s.availableOutgoingBitrate === undefined)).toBe(true);
    expect(sent.samples.some((s) => s !== null && s.rttMs! > 200)).toBe(true);
    for (const { shown } of [sent, received]) {
      expect(shown.some((q) => has(q.reasons, 'bandwidth'))).toBe(false);
      expect(shown.some((q) => has(q.reasons, 'packet-loss', 'uplink'))).toBe(false);
      expect(shown.slice(1).every((q) => q.level === 'excellent' || q.level === 'good')).toBe(true);
    }
  });
});

describe('a link capped at 300 kbit/s with loss and latency (impaired)', () => {
  /** The reasons shown by `peer` while the impairment lasts, from its second interval on (all poor). */
  function impairedReasons(fixture: StatsFixture, peer: 'sender' | 'receiver') {
    const { shown } = watch(fixture[peer]);
    const ticks = fixture[peer];
    const first = ticks.findIndex((t) => t.condition === 'impaired');
    const end = first + ticks.slice(first).findIndex((t) => t.condition !== 'impaired');
    const during = shown.slice(first + 2, end);
    expect(during.length).toBeGreaterThan(5);
    expect(during.every((q) => q.level === 'poor')).toBe(true);
    return during.flatMap((q) => q.reasons);
  }

  it.each(['chromium', 'safari'] as const)(
    '%s: poor while it lasts, naming the uplink loss the receiver reports and the low bandwidth estimate',
    (shape) => {
      const fixture = SHAPES[shape](FIXTURES.impaired);
      const sent = impairedReasons(fixture, 'sender');
      expect(has(sent, 'packet-loss', 'uplink')).toBe(true);
      expect(has(sent, 'bandwidth', 'uplink')).toBe(true);
      expect(has(impairedReasons(fixture, 'receiver'), 'packet-loss', 'downlink')).toBe(true);
    },
  );

  it('2018 Safari: poor, naming bandwidth from its estimate, but no uplink loss: it has no remote-inbound-rtp', () => {
    const fixture = SHAPES.safariLegacy(FIXTURES.impaired);
    expect(fixture.sender.some((t) => t.stats.some((s) => s.type === 'remote-inbound-rtp'))).toBe(false);
    const sent = impairedReasons(fixture, 'sender');
    expect(has(sent, 'bandwidth', 'uplink')).toBe(true);
    expect(has(sent, 'packet-loss')).toBe(false);
    // What it receives it counts itself: the downlink loss is there.
    expect(has(impairedReasons(fixture, 'receiver'), 'packet-loss', 'downlink')).toBe(true);
  });
});

describe('a black hole', () => {
  const holes: [string, StatsFixture][] = [
    ...SHAPE_NAMES.map((shape) => [shape, SHAPES[shape](FIXTURES.blackhole)] as [string, StatsFixture]),
    ['firefox', FIREFOX_FIXTURES.blackhole],
  ];
  it.each(holes.flatMap(([shape, fixture]) => PEERS.map((peer) => [shape, peer, fixture] as const)))(
    '%s %s: lost within 5 s, and lost to the end',
    (_shape, peer, fixture) => {
      const ticks = fixture[peer];
      const { shown } = watch(ticks);
      const first = ticks.findIndex((t) => t.condition === 'blackhole');
      const firstLost = shown.findIndex((q) => q.level === 'lost');
      expect(firstLost).toBeGreaterThan(first);
      expect(firstLost - first).toBeLessThanOrEqual(5);
      expect(shown.slice(firstLost).every((q) => q.level === 'lost')).toBe(true);
      expect(['nothing-received', 'connection-lost']).toContain(shown[firstLost]!.reasons[0]!.code);
      expect(shown.at(-1)!.reasons[0]!.code).toBe('connection-lost');
    },
  );

  it('Chromium and Safari shapes say nothing is arriving before the browser calls the connection disconnected', () => {
    for (const shape of SHAPE_NAMES) {
      const ticks = SHAPES[shape](FIXTURES.blackhole).receiver;
      const { shown } = watch(ticks);
      const firstLost = shown.findIndex((q) => q.level === 'lost');
      expect(ticks[firstLost]!.connectionState).toBe('connected');
      expect(shown[firstLost]!.reasons[0]).toMatchObject({ code: 'nothing-received', direction: 'both' });
    }
  });
});
