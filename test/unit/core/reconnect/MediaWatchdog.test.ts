import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRtcKitError, MediaWatchdog, type MediaWatchdogSnapshot } from 'rtckit/core';
import { FakePeerConnection } from 'rtckit/testing';
import { FIXTURES, reportOf } from '../../../helpers/statsFixtures';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const blackhole = FIXTURES.blackhole.receiver.map(reportOf);
const clean = FIXTURES.clean.receiver.map(reportOf);

/** Every snapshot the watchdog published, in order. */
function record(watchdog: MediaWatchdog): MediaWatchdogSnapshot[] {
  const seen: MediaWatchdogSnapshot[] = [];
  watchdog.subscribe(() => seen.push(watchdog.getSnapshot()));
  return seen;
}

describe('MediaWatchdog', () => {
  it('reports a stall 4 s after the last packet of a recorded black hole, and polls only while subscribed', async () => {
    const pc = new FakePeerConnection({ stats: blackhole });
    const watchdog = new MediaWatchdog();
    watchdog.watch(pc);
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStatsCalls).toBe(0);

    const seen = record(watchdog);
    const start = performance.now();
    await vi.advanceTimersByTimeAsync(20_000);
    const firstStall = seen.find((snapshot) => snapshot.stalled);
    // Polls at 0 (the baseline), 1, 2, … s; packets grow up to the 4th reading (at 3 s), then stand still.
    expect(firstStall).toMatchObject({ lastFlowAt: start + 3000, checkedAt: start + 7000, expected: true });
    const verdicts = seen.map((snapshot) => snapshot.stalled);
    expect(verdicts.slice(verdicts.indexOf(true)).every(Boolean)).toBe(true); // and stays stalled
    expect(watchdog.getSnapshot().stalled).toBe(true);
  });

  it('never reports a stall on a clean call', async () => {
    const pc = new FakePeerConnection({ stats: clean });
    const watchdog = new MediaWatchdog();
    const seen = record(watchdog);
    watchdog.watch(pc);
    await vi.advanceTimersByTimeAsync((clean.length - 1) * 1000);
    expect(pc.getStatsCalls).toBe(clean.length);
    expect(seen.some((snapshot) => snapshot.stalled)).toBe(false);
  });

  it('watch() again gives a recovery its own bound; watch(null) stops polling and clears the verdict', async () => {
    const pc = new FakePeerConnection({ stats: blackhole });
    const watchdog = new MediaWatchdog({ stallAfterMs: 2000 });
    record(watchdog);
    watchdog.watch(pc);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(watchdog.getSnapshot().stalled).toBe(true);

    watchdog.watch(pc, { expectMedia: true }); // e.g. a new connection in its place
    expect(watchdog.getSnapshot()).toMatchObject({ stalled: false, lastFlowAt: null, expected: true });
    await vi.advanceTimersByTimeAsync(1000); // the baseline reading, then one with nothing new
    expect(watchdog.getSnapshot().stalled).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(watchdog.getSnapshot().stalled).toBe(true);

    watchdog.watch(null);
    const calls = pc.getStatsCalls;
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStatsCalls).toBe(calls);
    expect(watchdog.getSnapshot()).toEqual({
      stalled: false,
      lastFlowAt: null,
      checkedAt: null,
      expected: false,
      dtlsFailed: false,
    });
  });

  it('ignores a getStats() answer that arrives after it moved to another connection', async () => {
    let answer: (report: Map<string, unknown>) => void = () => {};
    const slow = { getStats: () => new Promise<Map<string, unknown>>((resolve) => (answer = resolve)) };
    const watchdog = new MediaWatchdog();
    record(watchdog);
    watchdog.watch(slow as never);
    await vi.advanceTimersByTimeAsync(0); // the poll is in flight
    const next = new FakePeerConnection({ stats: clean });
    watchdog.watch(next);
    await vi.advanceTimersByTimeAsync(0);
    expect(next.getStatsCalls).toBe(1);
    const fresh = watchdog.getSnapshot();
    answer(blackhole[0]!);
    await vi.advanceTimersByTimeAsync(0);
    expect(watchdog.getSnapshot()).toBe(fresh); // the late answer changed nothing
    await vi.advanceTimersByTimeAsync(1000);
    expect(next.getStatsCalls).toBe(2);
  });

  it('sees a failed DTLS transport, from the transport objects or from the stats', async () => {
    const fromStats = new FakePeerConnection({
      stats: [[...clean[0]!.values(), { id: 'T1', type: 'transport', timestamp: 1, dtlsState: 'failed' }] as never],
    });
    const watchdog = new MediaWatchdog();
    record(watchdog);
    watchdog.watch(fromStats);
    await vi.advanceTimersByTimeAsync(0);
    expect(watchdog.getSnapshot().dtlsFailed).toBe(true);

    const fromTransport = {
      getStats: () => Promise.resolve(clean[0]!),
      getSenders: () => [{ transport: { state: 'failed' } }],
    };
    watchdog.watch(fromTransport);
    expect(watchdog.getSnapshot().dtlsFailed).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(watchdog.getSnapshot().dtlsFailed).toBe(true);
  });

  it('checkSoon() takes the next reading at once instead of at the interval', async () => {
    const pc = new FakePeerConnection({ stats: clean });
    const watchdog = new MediaWatchdog({ pollMs: 1000 });
    record(watchdog);
    watchdog.watch(pc);
    await vi.advanceTimersByTimeAsync(100);
    expect(pc.getStatsCalls).toBe(1);
    watchdog.checkSoon();
    await vi.advanceTimersByTimeAsync(0);
    expect(pc.getStatsCalls).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(pc.getStatsCalls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(pc.getStatsCalls).toBe(3);
  });

  it('rejects a bound over 5 s or a poll under 100 ms with a typed error', () => {
    for (const options of [{ stallAfterMs: 6000 }, { stallAfterMs: Number.NaN }, { pollMs: 10 }]) {
      let error: unknown;
      try {
        new MediaWatchdog(options);
      } catch (caught) {
        error = caught;
      }
      expect(isRtcKitError(error) && error.code).toBe('invalid-option');
    }
  });
});
