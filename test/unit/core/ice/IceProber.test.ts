import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceProber, type IceProberSnapshot } from 'rtckit/core';
import { FakeIceNetwork } from 'rtckit/testing';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const TURN = { username: 'alice', credential: 'secret' };

function prober(scripts = {}, extra = {}) {
  const network = new FakeIceNetwork({ 'stun:s.test': {}, 'turn:t.test': {}, ...scripts });
  const unit = new IceProber({
    iceServers: [{ urls: 'stun:s.test' }, { urls: 'turn:t.test', ...TURN }],
    RTCPeerConnection: network.RTCPeerConnection,
    ...extra,
  });
  const seen: IceProberSnapshot[] = [];
  const unsubscribe = unit.subscribe(() => seen.push(unit.getSnapshot()));
  return { network, unit, seen, unsubscribe };
}

describe('IceProber', () => {
  it('goes idle → running → done, with the results as they come', async () => {
    const { unit, seen } = prober();
    expect(unit.getSnapshot()).toEqual({ status: 'idle', results: [], error: null });
    const running = unit.run();
    expect(unit.getSnapshot().status).toBe('running');
    await vi.runAllTimersAsync();
    const results = await running;
    expect(unit.getSnapshot()).toEqual({ status: 'done', results, error: null });
    expect(results!.map((r) => r.status)).toEqual(['pass', 'pass']);
    // In between, partial results were visible while running.
    expect(seen.some((s) => s.status === 'running' && s.results.some((r) => r.status === 'pass'))).toBe(true);
  });

  it('cancel() stops at once: status cancelled, unfinished results cancelled, connections closed', async () => {
    const { unit, network } = prober({ 'turn:t.test': { completeAfterMs: null, candidates: [] } });
    const running = unit.run();
    await vi.advanceTimersByTimeAsync(100);
    unit.cancel();
    expect(unit.getSnapshot().status).toBe('cancelled');
    expect(unit.getSnapshot().results.map((r) => r.status)).toEqual(['pass', 'cancelled']);
    expect(await running).toBeNull();
    expect(network.openConnections).toBe(0);
    unit.cancel(); // nothing running: harmless
    expect(unit.getSnapshot().status).toBe('cancelled');
  });

  it('run() while running starts over: the old run is cancelled and its late results ignored', async () => {
    const { unit, network } = prober({ 'stun:s.test': { completeAfterMs: null, candidates: [] } }, { timeoutMs: 1000 });
    const first = unit.run();
    await vi.advanceTimersByTimeAsync(500);
    const second = unit.run();
    expect(await first).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    const results = await second;
    expect(results!.map((r) => [r.status, r.durationMs])).toEqual([
      ['fail', 1000],
      ['pass', 50],
    ]);
    expect(unit.getSnapshot().status).toBe('done');
    expect(network.openConnections).toBe(0);
  });

  it('a run that cannot start is an error in the snapshot and onError, not a rejection', async () => {
    const onError = vi.fn();
    const unit = new IceProber({ iceServers: [], onError });
    unit.subscribe(() => {});
    await expect(unit.run()).resolves.toBeNull();
    expect(unit.getSnapshot()).toMatchObject({ status: 'error', results: [], error: { rule: 'servers-empty' } });
    expect(onError).toHaveBeenCalledWith(unit.getSnapshot().error);
  });

  it('setOptions applies from the next run', async () => {
    const { unit, network } = prober();
    unit.setOptions({ iceServers: [{ urls: 'turn:t.test' }], RTCPeerConnection: network.RTCPeerConnection });
    const running = unit.run();
    await vi.runAllTimersAsync();
    expect((await running)!.map((r) => r.failure)).toEqual(['invalid']);
  });

  it('cancels a run when the last subscriber leaves, but not across an unsubscribe → subscribe (StrictMode)', async () => {
    const { unit, unsubscribe, network } = prober({ 'turn:t.test': { completeAfterMs: null, candidates: [] } });
    void unit.run();
    unsubscribe();
    const again = unit.subscribe(() => {});
    await Promise.resolve();
    await Promise.resolve();
    expect(unit.getSnapshot().status).toBe('running');
    again();
    await vi.advanceTimersByTimeAsync(0);
    expect(unit.getSnapshot().status).toBe('cancelled');
    expect(network.openConnections).toBe(0);
  });
});
