import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from 'rtckit/core';

afterEach(() => vi.useRealTimers());

describe('systemClock', () => {
  it('uses fake timers installed after import', () => {
    vi.useFakeTimers();
    const callback = vi.fn();
    const start = systemClock.now();
    systemClock.setTimeout(callback, 1000);
    vi.advanceTimersByTime(999);
    expect(callback).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(systemClock.now() - start).toBe(1000);
  });

  it('cancels a timer', () => {
    vi.useFakeTimers();
    const callback = vi.fn();
    systemClock.clearTimeout(systemClock.setTimeout(callback, 10));
    vi.advanceTimersByTime(100);
    expect(callback).not.toHaveBeenCalled();
  });

  it('draws random numbers in [0, 1)', () => {
    for (let i = 0; i < 100; i++) expect(systemClock.random()).toSatisfy((n: number) => n >= 0 && n < 1);
  });
});
