/** An opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = ReturnType<typeof globalThis.setTimeout>;

/**
 * Time, timers and randomness, injected into every engine unit that waits or jitters, so policies
 * can be tested with fake timers and a seeded `random` and never flake.
 *
 * @example
 * ```ts
 * const clock: Clock = { ...systemClock, random: () => 0.5 }; // deterministic jitter
 * const collector = new StatsCollector(pc, { clock });
 * ```
 */
export interface Clock {
  /** Milliseconds, monotonic within a page (like `performance.now()`). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** A number in [0, 1), like `Math.random()`. */
  random(): number;
}

/**
 * The real clock. It looks the globals up on every call, so `vi.useFakeTimers()` installed after
 * import still takes effect.
 *
 * @example
 * ```ts
 * const handle = systemClock.setTimeout(() => console.log('tick'), 1000);
 * systemClock.clearTimeout(handle);
 * ```
 */
export const systemClock: Clock = {
  now: () => globalThis.performance?.now() ?? Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
  random: () => Math.random(),
};
