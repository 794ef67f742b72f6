// The per-connection and per-page units hooks share live in registries a caller can inject: one
// made for a test (or a second app on the page) shares nothing with the page's.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SharedRegistry,
  sharedDeviceManager,
  sharedQualityMonitor,
  sharedStatsCollector,
  useConnectionQuality,
  useDevices,
  useStats,
  type DeviceManagerRegistry,
  type QualityMonitorRegistry,
  type StatsCollectorRegistry,
} from 'rtckit';
import { FakePeerConnection } from 'rtckit/testing';
import { receiverReports } from '../../helpers/syntheticReports';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const tick = (ms = 1000) => act(() => vi.advanceTimersByTimeAsync(ms));
const asPc = (fake: FakePeerConnection) => fake as unknown as RTCPeerConnection;
const devices = () => ({ enumerateDevices: () => Promise.resolve([]) });

describe('shared registries', () => {
  it('keep the units of an injected registry apart from the page’s', () => {
    const pc = asPc(new FakePeerConnection({ stats: receiverReports() }));
    const collectors: StatsCollectorRegistry = new SharedRegistry();
    const own = sharedStatsCollector(pc, { registry: collectors });
    expect(sharedStatsCollector(pc, { registry: collectors })).toBe(own);
    expect(sharedStatsCollector(pc)).not.toBe(own);

    const monitors: QualityMonitorRegistry = new SharedRegistry();
    expect(sharedQualityMonitor(own, { registry: monitors })).toBe(sharedQualityMonitor(own, { registry: monitors }));
    expect(sharedQualityMonitor(own, { registry: monitors })).not.toBe(sharedQualityMonitor(own));

    const source = devices();
    const managers: DeviceManagerRegistry = new SharedRegistry();
    expect(sharedDeviceManager(source, { registry: managers })).toBe(
      sharedDeviceManager(source, { registry: managers }),
    );
    expect(sharedDeviceManager(source, { registry: managers })).not.toBe(sharedDeviceManager(source));
  });

  it('reach the hooks through their registry options', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    const collectors: StatsCollectorRegistry = new SharedRegistry();
    const monitors: QualityMonitorRegistry = new SharedRegistry();
    const managers: DeviceManagerRegistry = new SharedRegistry();
    const source = devices();
    const { result } = renderHook(() => ({
      stats: useStats(asPc(fake), { registry: collectors }),
      quality: useConnectionQuality(asPc(fake), { registry: monitors, statsRegistry: collectors }),
      devices: useDevices({ mediaDevices: source, registry: managers }),
    }));
    await tick(0);
    await tick(2000);
    const collector = collectors.peek(asPc(fake))?.get('1000/60');
    expect(collector?.getSnapshot()).toBe(result.current.stats);
    expect(monitors.peek(collector!)?.getSnapshot()).toBe(result.current.quality);
    expect(result.current.quality.level).toBe('excellent');
    expect(result.current.devices.manager).toBe(managers.peek(source));
  });
});

describe('useConnectionQuality smoothing', () => {
  it('keeps its own monitor while the settings written inline stay the same, and makes a new one when they change', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    const monitors: QualityMonitorRegistry = new SharedRegistry();
    const { result, rerender } = renderHook(
      ({ holdTicks }) => useConnectionQuality(asPc(fake), { smoothing: { holdTicks }, registry: monitors }),
      { initialProps: { holdTicks: 3 } },
    );
    await tick(0);
    await tick(2000);
    const first = result.current;
    expect(first.level).toBe('excellent');
    rerender({ holdTicks: 3 });
    // The same monitor: the same snapshot object (a fresh one would score the latest sample anew).
    expect(result.current).toBe(first);
    rerender({ holdTicks: 4 });
    expect(result.current).not.toBe(first);
    expect(result.current.level).toBe('excellent');
    // A custom smoothing never lands in the shared registry.
    expect(monitors.peek(sharedStatsCollector(asPc(fake)))).toBeUndefined();
  });
});
