/** How often a countdown to the next attempt moves: once a second. */
export const COUNTDOWN_TICK_MS = 1000;

/** Where a countdown stands: what to show, and when to look again. */
export interface Countdown {
  /** Milliseconds until the attempt (never negative), or `null` when nothing is due. */
  readonly remainingMs: number | null;
  /**
   * When the shown count next changes: on the countdown's whole seconds, so a "3 s… 2 s… 1 s"
   * display changes when it should. `null` when it will not change (nothing due, or due now).
   */
  readonly nextTickInMs: number | null;
}

/**
 * The countdown to something due at `dueAt` (or `null`), seen at `now`, on the same clock.
 * Internal to rtckit.
 *
 * @example
 * ```ts
 * countdown(3400, 0); // { remainingMs: 3400, nextTickInMs: 400 }
 * countdown(3000, 0); // { remainingMs: 3000, nextTickInMs: 1000 }
 * countdown(null, 0); // { remainingMs: null, nextTickInMs: null }
 * ```
 */
export function countdown(dueAt: number | null, now: number): Countdown {
  const remainingMs = dueAt === null ? null : Math.max(0, Math.round(dueAt - now));
  const nextTickInMs =
    remainingMs !== null && remainingMs > 0 ? remainingMs % COUNTDOWN_TICK_MS || COUNTDOWN_TICK_MS : null;
  return { remainingMs, nextTickInMs };
}
