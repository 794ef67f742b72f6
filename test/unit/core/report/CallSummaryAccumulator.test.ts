import { describe, expect, it } from 'vitest';
import {
  CallSummaryAccumulator,
  IDLE_ABR_SNAPSHOT,
  MAX_LISTED_RECONNECTS,
  scoreQuality,
  type QualityScore,
  type ReconnectSnapshot,
  type Rung,
} from 'rtckit/core';
import { IDLE_RECONNECT_SNAPSHOT } from '@src/core/reconnect/reconnectSnapshot';
import { sample } from '../../../helpers/samples';

const quality = (level: QualityScore['level'], mos: number | null): QualityScore => ({
  ...scoreQuality(null),
  level,
  mos,
  score: mos === null ? null : 80,
});

const reconnect = (patch: Partial<ReconnectSnapshot>): ReconnectSnapshot => ({
  ...IDLE_RECONNECT_SNAPSHOT,
  state: 'connected',
  ...patch,
});

const rung = (id: string): Rung => ({ id, height: 360, maxFramerate: 30, maxBitrate: 500_000 }) as Rung;

describe('CallSummaryAccumulator', () => {
  it('times each quality level from the sample that entered it, counting the time before the first sample as unknown', () => {
    const summary = new CallSummaryAccumulator(1000);
    summary.observeSample(3000, sample(), quality('excellent', 4.4));
    summary.observeSample(4000, sample(), quality('excellent', 4.4));
    summary.observeSample(8000, sample(), quality('poor', 2.1));
    summary.observeSample(9000, sample(), quality('good', 3.8));
    const result = summary.summarize(11_000);
    expect(result.durationMs).toBe(10_000);
    expect(result.timeInLevelMs).toEqual({ unknown: 2000, excellent: 5000, poor: 1000, good: 2000, lost: 0 });
    expect(Object.values(result.timeInLevelMs).reduce((a, b) => a + b, 0)).toBe(result.durationMs);
  });

  it('averages MOS over the samples that have one and keeps the lowest', () => {
    const summary = new CallSummaryAccumulator(0);
    for (const [at, mos] of [
      [1000, 4.2],
      [2000, null],
      [3000, 2.0],
      [4000, 3.6],
    ] as const) {
      summary.observeSample(at, sample(), quality(mos === null ? 'unknown' : 'good', mos));
    }
    const { mos, samples } = summary.summarize(5000);
    expect(samples).toBe(4);
    expect(mos.mean).toBeCloseTo((4.2 + 2.0 + 3.6) / 3, 2);
    expect(mos.min).toBe(2.0);
  });

  it('reports no MOS when no sample had one', () => {
    const summary = new CallSummaryAccumulator(0);
    summary.observeSample(1000, sample(), quality('unknown', null));
    expect(summary.summarize(2000).mos).toEqual({ mean: null, min: null });
  });

  it('measures each reconnect from the loss to the recovery, with its reason and attempts', () => {
    const summary = new CallSummaryAccumulator(0);
    summary.observeReconnect(0, reconnect({ state: 'connected' }));
    summary.observeReconnect(10_000, reconnect({ state: 'reconnecting', reason: 'disconnected', attempt: 1 }));
    summary.observeReconnect(12_000, reconnect({ state: 'reconnecting', reason: 'disconnected', attempt: 2 }));
    summary.observeReconnect(14_500, reconnect({ state: 'connected' }));
    summary.observeReconnect(30_000, reconnect({ state: 'reconnecting', reason: 'failed', attempt: 1 }));
    summary.observeReconnect(31_000, reconnect({ state: 'connected' }));
    const { reconnects } = summary.summarize(40_000);
    expect(reconnects.count).toBe(2);
    expect(reconnects.totalMs).toBe(4500 + 1000);
    expect(reconnects.maxMs).toBe(4500);
    expect(reconnects.byReason).toEqual({ disconnected: 1, failed: 1 });
    expect(reconnects.recent).toEqual([
      { reason: 'disconnected', t: 10_000, durationMs: 4500, recovered: true, attempts: 2 },
      { reason: 'failed', t: 30_000, durationMs: 1000, recovered: true, attempts: 1 },
    ]);
  });

  it('counts a reconnect still going on, or given up, as not recovered', () => {
    const summary = new CallSummaryAccumulator(0);
    summary.observeReconnect(1000, reconnect({ state: 'reconnecting', reason: 'offline', attempt: 1 }));
    expect(summary.summarize(4000).reconnects.recent).toEqual([
      { reason: 'offline', t: 1000, durationMs: 3000, recovered: false, attempts: 1 },
    ]);
    summary.observeReconnect(61_000, reconnect({ state: 'failed', reason: 'offline', attempt: 5 }));
    const { reconnects } = summary.summarize(70_000);
    expect(reconnects.recent).toEqual([
      { reason: 'offline', t: 1000, durationMs: 60_000, recovered: false, attempts: 1 },
    ]);
    expect(reconnects.totalMs).toBe(60_000);
  });

  it('times each rung, and nothing while there is none', () => {
    const summary = new CallSummaryAccumulator(0);
    summary.observeAbr(0, IDLE_ABR_SNAPSHOT);
    summary.observeAbr(2000, { ...IDLE_ABR_SNAPSHOT, rung: rung('720p') });
    summary.observeAbr(7000, { ...IDLE_ABR_SNAPSHOT, rung: rung('360p') });
    summary.observeAbr(9000, { ...IDLE_ABR_SNAPSHOT, rung: rung('720p') });
    expect(summary.summarize(10_000).timeInRungMs).toEqual({ '720p': 6000, '360p': 2000 });
  });

  it('sums freezes, and counts runs of frozen intervals where the browser has no freeze counter', () => {
    const summary = new CallSummaryAccumulator(0);
    summary.observeSample(1000, sample({ inVideo: { freezeCount: 1, freezeDurationMs: 700 } }), quality('good', 4));
    const uncounted = { freezeCount: undefined, freezeDurationMs: undefined };
    summary.observeSample(2000, sample({ inVideo: { ...uncounted, frozen: true } }), quality('poor', 2));
    summary.observeSample(3000, sample({ inVideo: { ...uncounted, frozen: true } }), quality('poor', 2));
    summary.observeSample(4000, sample({ inVideo: { ...uncounted, frozen: false } }), quality('good', 4));
    expect(summary.summarize(5000).freezes).toEqual({ count: 2, durationMs: 2700 });
    expect(summary.totals()).toMatchObject({ freezeCount: 2, freezeMs: 2700 });
  });

  it('takes the time to first frame from the first sample with decoded video, and the route from the pair', () => {
    const summary = new CallSummaryAccumulator(500);
    summary.observeSample(1500, sample({ inVideo: { framesPerSecond: 0 } }), quality('unknown', null));
    const pair = { local: { type: 'relay' as const }, remote: { type: 'host' as const }, relayed: true };
    summary.observeSample(2500, sample({ inVideo: { framesPerSecond: 24 }, candidatePair: pair }), quality('good', 4));
    summary.observeSample(3500, sample({ inVideo: { framesPerSecond: 30 }, candidatePair: pair }), quality('good', 4));
    const result = summary.summarize(4500);
    expect(result.timeToFirstFrameMs).toBe(2000);
    expect(result.timeInRouteMs).toEqual({ relay: 2000 });
  });

  it('has no time to first frame when no video arrives', () => {
    const summary = new CallSummaryAccumulator(0);
    summary.observeSample(1000, sample({ inVideo: null }), quality('good', 4));
    expect(summary.summarize(2000).timeToFirstFrameMs).toBeNull();
  });

  it('stays the same size over a simulated 10-hour call with a sample a second and a reconnect every 10 minutes', () => {
    const summary = new CallSummaryAccumulator(0);
    const levels = ['excellent', 'good', 'poor'] as const;
    const sizes: number[] = [];
    const hours = 10;
    for (let second = 1; second <= hours * 3600; second++) {
      const at = second * 1000;
      summary.observeSample(
        at,
        sample({ inVideo: { freezeCount: second % 97 === 0 ? 1 : 0 } }),
        quality(levels[second % 3]!, 3 + (second % 10) / 10),
      );
      if (second % 600 === 300)
        summary.observeReconnect(at, reconnect({ state: 'reconnecting', reason: 'disconnected', attempt: 1 }));
      if (second % 600 === 305) summary.observeReconnect(at, reconnect({ state: 'connected' }));
      if (second % 3600 === 0) sizes.push(JSON.stringify(summary.summarize(at)).length);
    }
    const result = summary.summarize(hours * 3600_000);
    expect(result.samples).toBe(hours * 3600);
    expect(result.reconnects.count).toBe(hours * 6);
    expect(result.reconnects.totalMs).toBe(hours * 6 * 5000);
    expect(result.reconnects.recent).toHaveLength(MAX_LISTED_RECONNECTS);
    expect(result.timeInLevelMs.excellent + result.timeInLevelMs.good + result.timeInLevelMs.poor).toBe(
      hours * 3600_000 - 1000,
    );
    // From the second hour on (the reconnect list is full) its size differs by digits, not by what it holds.
    const full = sizes.slice(1);
    expect(Math.max(...full) - Math.min(...full)).toBeLessThan(64);
  });
});
