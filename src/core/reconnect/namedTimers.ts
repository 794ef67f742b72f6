import type { Clock, TimerHandle } from '../clock';

/**
 * One-shot timers held by name, at most one per name: setting a name again replaces its timer, and
 * a timer forgets its name before it runs, so the callback may set it again. Each timer is cleared
 * on the clock that set it, even after the owner switched clocks. Internal to rtckit.
 *
 * @example
 * ```ts
 * const timers = new NamedTimers<'grace' | 'attempt'>(() => clock);
 * timers.set('grace', 2000, () => restartIce());
 * timers.set('grace', 500, () => restartIce()); // replaces the first
 * timers.has('grace'); // true
 * timers.clearAll();
 * ```
 */
export class NamedTimers<Name extends string> {
  readonly #clock: () => Clock;
  readonly #timers = new Map<Name, { readonly handle: TimerHandle; readonly clock: Clock }>();

  /** `clock` is asked for the clock each time a timer is set. */
  constructor(clock: () => Clock) {
    this.#clock = clock;
  }

  /** Runs `run` after `ms`, replacing any timer of the same name. */
  set(name: Name, ms: number, run: () => void): void {
    this.clear(name);
    const clock = this.#clock();
    const handle = clock.setTimeout(() => {
      this.#timers.delete(name);
      run();
    }, ms);
    this.#timers.set(name, { handle, clock });
  }

  /** Whether a timer of that name is waiting to run. */
  has(name: Name): boolean {
    return this.#timers.has(name);
  }

  /** Cancels the timers of those names that are waiting. */
  clear(...names: Name[]): void {
    for (const name of names) {
      const timer = this.#timers.get(name);
      if (!timer) continue;
      timer.clock.clearTimeout(timer.handle);
      this.#timers.delete(name);
    }
  }

  /** Cancels every waiting timer. */
  clearAll(): void {
    this.clear(...this.#timers.keys());
  }
}
