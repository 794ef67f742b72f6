import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionQuality, useStats } from 'rtckit';
import { FakePeerConnection } from 'rtckit/testing';
import { receiverReports } from '../../helpers/syntheticReports';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const tick = (ms = 1000) => act(() => vi.advanceTimersByTimeAsync(ms));
const asPc = (fake: FakePeerConnection) => fake as unknown as RTCPeerConnection;

describe('useStats (StrictMode)', () => {
  it('polls while mounted, yields samples with history, and stops on unmount', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    const { result, unmount } = renderHook(() => useStats(asPc(fake)));
    expect(result.current.latest).toBeNull();
    await tick(0);
    await tick(3000);
    expect(result.current.history).toHaveLength(3);
    expect(result.current.latest!.inbound.video!.bitrate).toBeCloseTo(800_000, 0);
    const calls = fake.getStatsCalls;
    unmount();
    await tick(5000);
    expect(fake.getStatsCalls).toBe(calls);
  });

  it('re-renders only when the selected value changes', async () => {
    // Bitrate changes every tick; the frame size never does.
    const fake = new FakePeerConnection({ stats: receiverReports({ kbps: (call) => 700 + call }) });
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useStats(asPc(fake), {
        select: (s) => ({ width: s.latest?.inbound.video?.frameWidth, height: s.latest?.inbound.video?.frameHeight }),
      });
    });
    await tick(0);
    await tick(1000);
    expect(result.current).toEqual({ width: 640, height: 480 });
    const settled = renders;
    await tick(5000);
    expect(renders).toBe(settled);

    // Whereas selecting the bitrate re-renders on every tick.
    let bitrateRenders = 0;
    renderHook(() => {
      bitrateRenders++;
      return useStats(asPc(fake), { select: (s) => s.latest?.inbound.video?.bitrate });
    });
    const before = bitrateRenders;
    await tick(3000);
    expect(bitrateRenders - before).toBeGreaterThanOrEqual(3);
  });

  it('shares one poll between every hook on the same connection', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    renderHook(() => {
      useStats(asPc(fake));
      useStats(asPc(fake), { select: (s) => s.latest?.rttMs });
      useConnectionQuality(asPc(fake));
    });
    await tick(0);
    const base = fake.getStatsCalls;
    await tick(5000);
    expect(fake.getStatsCalls - base).toBe(5);
  });

  it('returns an empty snapshot without a connection, and follows a connection given later', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    const { result, rerender } = renderHook(({ pc }) => useStats(pc), {
      initialProps: { pc: null as RTCPeerConnection | null },
    });
    expect(result.current).toMatchObject({ latest: null, history: [] });
    rerender({ pc: asPc(fake) });
    await tick(0);
    await tick(1000);
    expect(result.current.latest).not.toBeNull();
  });
});

describe('useConnectionQuality (StrictMode)', () => {
  it('is unknown first, then rates the connection, and drops quickly with a reason', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports({ loss: (call) => (call >= 4 ? 0.2 : 0) }) });
    const { result } = renderHook(() => useConnectionQuality(asPc(fake)));
    expect(result.current).toMatchObject({ level: 'unknown', score: null, uplink: 'unknown', downlink: 'unknown' });
    await tick(0);
    await tick(2000);
    expect(result.current).toMatchObject({ level: 'excellent', downlink: 'excellent', uplink: 'unknown', reasons: [] });
    expect(result.current.mos).toBeGreaterThan(4);
    await tick(2000);
    expect(result.current.level).toBe('poor');
    expect(result.current.reasons[0]).toMatchObject({ code: 'packet-loss', direction: 'downlink' });
  });

  it('is lost as soon as the connection is', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    const { result } = renderHook(() => useConnectionQuality(asPc(fake), { select: (q) => q.level }));
    await tick(0);
    await tick(2000);
    expect(result.current).toBe('excellent');
    fake.setConnectionState('disconnected');
    await tick(1000);
    expect(result.current).toBe('lost');
  });

  it('gives raw scores with smoothing: false', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports({ loss: (call) => (call % 2 ? 0.2 : 0) }) });
    const { result } = renderHook(() => useConnectionQuality(asPc(fake), { smoothing: false, select: (q) => q.level }));
    await tick(0);
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      await tick(1000);
      seen.add(result.current);
    }
    expect(seen).toEqual(new Set(['poor', 'excellent']));
  });
});
