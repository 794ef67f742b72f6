import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRtcKitError, StatsCollector, type StatsReportLike } from 'rtckit/core';
import { FakePeerConnection } from 'rtckit/testing';
import { collect, FIXTURES, reportOf } from '../../../helpers/statsFixtures';
import type { RecordedStats, RecordedTick } from '../../../fixtureTypes';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const ticks = FIXTURES.lossy.receiver;
const noPoll = { getStats: () => Promise.reject(new Error('not polled')) };

/** A copy of a recorded tick with some stats objects changed. */
function edit(tick: RecordedTick, change: (stats: RecordedStats) => RecordedStats | null): RecordedTick {
  return { ...tick, stats: tick.stats.map(change).filter((s): s is RecordedStats => s !== null) };
}

describe('StatsCollector: polling only while subscribed', () => {
  it('polls at the interval while someone listens and stops after the last unsubscribes', async () => {
    const pc = new FakePeerConnection({ stats: ticks.map(reportOf) });
    const collector = new StatsCollector(pc, { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStatsCalls).toBe(0);

    const listener = vi.fn();
    const unsubscribe = collector.subscribe(listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(pc.getStatsCalls).toBe(1); // the baseline, at once
    expect(collector.getSnapshot().latest).toBeNull();
    await vi.advanceTimersByTimeAsync(3000);
    expect(pc.getStatsCalls).toBe(4);
    expect(collector.getSnapshot().history).toHaveLength(3);
    expect(listener).toHaveBeenCalledTimes(3);

    unsubscribe();
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStatsCalls).toBe(4);
  });

  it('keeps polling through an unsubscribe immediately followed by a subscribe (StrictMode)', async () => {
    const pc = new FakePeerConnection({ stats: ticks.map(reportOf) });
    const collector = new StatsCollector(pc);
    collector.subscribe(() => {})();
    collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(2000);
    expect(pc.getStatsCalls).toBe(3);
    expect(collector.getSnapshot().latest).not.toBeNull();
  });

  it('starts again from a fresh baseline after a pause', async () => {
    const pc = new FakePeerConnection({ stats: ticks.map(reportOf) });
    const collector = new StatsCollector(pc);
    const off = collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(2000);
    off();
    await vi.advanceTimersByTimeAsync(10_000);
    const history = collector.getSnapshot().history.length;
    collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.getSnapshot().history).toHaveLength(history); // the first poll back is a baseline only
    await vi.advanceTimersByTimeAsync(1000);
    expect(collector.getSnapshot().history).toHaveLength(history + 1);
  });

  it('stops for good once the connection is closed', async () => {
    const pc = new FakePeerConnection({ stats: ticks.map(reportOf) });
    const collector = new StatsCollector(pc);
    collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1000);
    pc.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStatsCalls).toBe(2);
    expect(collector.getSnapshot().error).toBeNull();
  });

  it('reads the ICE state as the connection state where a source has no connectionState', async () => {
    const reports = ticks.map(reportOf);
    const source: { iceConnectionState: RTCIceConnectionState; getStats(): Promise<StatsReportLike> } = {
      iceConnectionState: 'checking',
      getStats: () => Promise.resolve(reports.shift()!),
    };
    const collector = new StatsCollector(source);
    const states: (RTCPeerConnectionState | undefined)[] = [];
    collector.subscribe(() => states.push(collector.getSnapshot().latest?.connectionState));
    await vi.advanceTimersByTimeAsync(1000);
    source.iceConnectionState = 'completed';
    await vi.advanceTimersByTimeAsync(1000);
    source.iceConnectionState = 'disconnected';
    await vi.advanceTimersByTimeAsync(1000);
    expect(states).toEqual(['connecting', 'connected', 'disconnected']);
    source.iceConnectionState = 'closed';
    await vi.advanceTimersByTimeAsync(5000);
    expect(reports).toHaveLength(ticks.length - 4); // closed: polling stopped for good
  });

  it('reports a failing getStats as a typed error and keeps polling', async () => {
    const pc = new FakePeerConnection({ stats: [reportOf(ticks[0]!), new Error('boom'), reportOf(ticks[1]!)] });
    const onError = vi.fn();
    const collector = new StatsCollector(pc, { onError });
    collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1000);
    const { error } = collector.getSnapshot();
    expect(isRtcKitError(error, 'stats-failed')).toBe(true);
    expect(onError).toHaveBeenCalledWith(error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(collector.getSnapshot().error).toBeNull();
    expect(collector.getSnapshot().latest).not.toBeNull();
  });

  it('changes the interval and the history size on the fly', async () => {
    const pc = new FakePeerConnection({ stats: ticks.map(reportOf) });
    const collector = new StatsCollector(pc, { intervalMs: 1000, historySize: 5 });
    collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(4000);
    expect(collector.getSnapshot().history).toHaveLength(4);
    collector.setOptions({ intervalMs: 250, historySize: 2 });
    expect(collector.getSnapshot().history).toHaveLength(2);
    const calls = pc.getStatsCalls;
    await vi.advanceTimersByTimeAsync(1000);
    expect(pc.getStatsCalls).toBe(calls + 4);
  });

  it('rejects intervals and history sizes it cannot use', () => {
    expect(() => new StatsCollector(noPoll, { intervalMs: 0 })).toThrow(/intervalMs/);
    expect(() => new StatsCollector(noPoll, { historySize: 0 })).toThrow(/historySize/);
    expect(() => new StatsCollector(noPoll, { historySize: 2.5 })).toThrow(/historySize/);
  });
});

describe('StatsCollector: samples that would be nonsense are dropped', () => {
  it('drops the tick whose counters went backwards, then continues from it', () => {
    const collector = new StatsCollector(noPoll);
    collector.ingest(reportOf(ticks[5]!));
    collector.ingest(reportOf(ticks[6]!));
    const before = collector.getSnapshot();
    // A renegotiated receiver starts its counters again: same mid, lower bytes.
    const restarted = edit(ticks[7]!, (s) =>
      s.type === 'inbound-rtp' && s.kind === 'video' ? { ...s, bytesReceived: 1000, packetsReceived: 3 } : s,
    );
    expect(collector.ingest(reportOf(restarted))).toBeNull();
    const after = collector.getSnapshot();
    expect(after.latest).toBe(before.latest);
    expect(after.history).toBe(before.history);
    expect(after.droppedSamples).toBe(1);
    expect(after.lastDropReason).toBe('counter-reset');
    // The next tick is measured from the restarted counters: no negative or giant rate.
    const next = edit(ticks[8]!, (s) =>
      s.type === 'inbound-rtp' && s.kind === 'video'
        ? { ...s, bytesReceived: 1000 + 125_000, packetsReceived: 103 }
        : s,
    );
    const sample = collector.ingest(reportOf(next))!;
    expect(sample.inbound.video!.bitrate).toBeCloseTo(
      (125_000 * 8) / ((next.stats[0]!.timestamp - ticks[7]!.stats[0]!.timestamp) / 1000),
      0,
    );
  });

  it.each([
    ['framesDecoded', { framesDecoded: 1 }],
    ['freezeCount', { freezeCount: 0 }],
    ['packetsReceived', { packetsReceived: 1 }],
  ])('treats %s going backwards as a reset', (_, change) => {
    const collector = new StatsCollector(noPoll);
    collector.ingest(reportOf(ticks[8]!));
    const tick = edit(ticks[9]!, (s) => (s.type === 'inbound-rtp' && s.kind === 'video' ? { ...s, ...change } : s));
    expect(collector.ingest(reportOf(tick))).toBeNull();
    expect(collector.getSnapshot().lastDropReason).toBe('counter-reset');
  });

  it('drops the tick where a stream changed SSRC', () => {
    const collector = new StatsCollector(noPoll);
    collector.ingest(reportOf(ticks[5]!));
    const changed = edit(ticks[6]!, (s) => (s.type === 'inbound-rtp' && s.kind === 'audio' ? { ...s, ssrc: 42 } : s));
    expect(collector.ingest(reportOf(changed))).toBeNull();
    expect(collector.getSnapshot().lastDropReason).toBe('ssrc-changed');
  });

  it('drops a report that is not newer than the last', () => {
    const collector = new StatsCollector(noPoll);
    collector.ingest(reportOf(ticks[5]!));
    expect(collector.ingest(reportOf(ticks[5]!))).toBeNull();
    expect(collector.getSnapshot().lastDropReason).toBe('stale');
  });

  it('does not count late duplicates that lower packetsLost as negative loss', () => {
    const collector = new StatsCollector(noPoll);
    collector.ingest(reportOf(ticks[8]!));
    const tick = edit(ticks[9]!, (s) =>
      s.type === 'inbound-rtp' && s.kind === 'video' ? { ...s, packetsLost: 0 } : s,
    );
    expect(collector.ingest(reportOf(tick))!.inbound.video!.packetLoss).toBe(0);
  });
});

describe('StatsCollector: every field is feature-detected', () => {
  /** What Firefox (and Safari) leave out of Chromium's report. */
  const FIREFOX_MISSING = [
    'qualityLimitationReason',
    'availableOutgoingBitrate',
    'lastPacketReceivedTimestamp',
    'freezeCount',
    'totalFreezesDuration',
    'targetBitrate',
    'mid',
    'remoteId',
    'concealedSamples',
    'selectedCandidatePairId',
  ];
  function firefoxLike(tick: RecordedTick): StatsReportLike {
    return reportOf(
      edit(tick, (s) => {
        const copy: Record<string, unknown> = { ...s };
        for (const field of FIREFOX_MISSING) delete copy[field];
        // Firefox marks the pair in use as `selected` instead of naming it on the transport.
        if (s.type === 'candidate-pair' && s.nominated && s.bytesReceived) copy.selected = true;
        return copy as RecordedStats;
      }),
    );
  }

  it('reads Firefox-like reports without the missing fields: undefined, never a crash', () => {
    const collector = new StatsCollector(noPoll);
    for (const tick of FIXTURES.lossy.receiver.slice(0, 8)) collector.ingest(firefoxLike(tick));
    const sample = collector.ingest(firefoxLike(FIXTURES.lossy.receiver[8]!))!;
    expect(sample.availableOutgoingBitrate).toBeUndefined();
    expect(sample.inbound.audio!.concealment).toBeUndefined();
    expect(sample.inbound.video!.bitrate).toBeCloseTo(515_750.13, 1);
    expect(sample.candidatePair?.local.type).toBe('host');
    // Without lastPacketReceivedTimestamp, silence comes from the pair's byte counter: bytes arrived.
    expect(sample.silenceMs).toBe(0);

    const sender = new StatsCollector(noPoll);
    for (const tick of FIXTURES.lossy.sender.slice(0, 8)) sender.ingest(firefoxLike(tick));
    const sent = sender.ingest(firefoxLike(FIXTURES.lossy.sender[8]!))!;
    expect(sent.outbound.video!.qualityLimitationReason).toBeUndefined();
    expect(sent.outbound.video!.targetBitrate).toBeUndefined();
    // remote-inbound-rtp is linked by SSRC when there is no remoteId.
    expect(sent.outbound.video!.packetLoss).toBe(0.15625);
  });

  it('estimates freezes from inter-frame delays where there is no freezeCount', () => {
    const collector = new StatsCollector(noPoll);
    collector.ingest(firefoxLike(FIXTURES.lossy.receiver[7]!));
    const video = collector.ingest(firefoxLike(FIXTURES.lossy.receiver[8]!))!.inbound.video!;
    // totalInterFrameDelay 7.887 s over 157 gaps before: mean 50.24 ms, threshold max(3 × 50.24, 50.24 + 150) = 200.2 ms.
    // In the interval 22 frames, totalSquaredInterFrameDelay +0.1307 s²: one gap of
    // √(0.1307 − 21 × 0.05024²) = 0.2789 s ≥ threshold (Chrome counted one freeze of 209 ms).
    expect(video.frozen).toBe(true);
    expect(video.freezeCount).toBe(1);
    expect(video.freezeDurationMs).toBeCloseTo(278.9, 0);
    // And a smooth interval (clean call) shows no freeze.
    const clean = new StatsCollector(noPoll);
    clean.ingest(firefoxLike(FIXTURES.clean.receiver[4]!));
    expect(clean.ingest(firefoxLike(FIXTURES.clean.receiver[5]!))!.inbound.video!.frozen).toBe(false);
  });

  it('marks video frozen while nothing is decoded, in every browser', () => {
    const samples = collect(FIXTURES.blackhole.receiver);
    const firstHole = FIXTURES.blackhole.receiver.findIndex((t) => t.condition === 'blackhole');
    expect(samples[firstHole - 1]!.inbound.video!.frozen).toBe(false);
    expect(samples[firstHole]!.inbound.video!.frozen).toBe(true);
    expect(samples[firstHole]!.inbound.video!.bitrate).toBe(0);
  });

  it('survives a report with nothing it knows', () => {
    const collector = new StatsCollector(noPoll);
    const odd = (t: number) =>
      new Map([
        ['x', { id: 'x', type: 'inbound-rtp', timestamp: t }],
        ['y', { id: 'y', type: 'outbound-rtp', timestamp: t, kind: 'data', ssrc: 1 }],
        ['z', { id: 'z', type: 'candidate-pair', timestamp: t }],
      ]);
    collector.ingest(odd(1000));
    const sample = collector.ingest(odd(2000))!;
    expect(sample.inbound).toEqual({});
    expect(sample.outbound).toEqual({});
    expect(sample.rttMs).toBeUndefined();
  });
});
