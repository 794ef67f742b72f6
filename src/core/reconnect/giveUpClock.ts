import type { Clock, TimerHandle } from '../clock';
import type { RtcKitError } from '../errors';
import { ReconnectKitError } from './reconnectErrors';
import type { ReconnectReason } from './types';

/**
 * The clock a reconnection gives up by: it counts the time spent in trouble, can be paused (while
 * the browser is offline, when nothing could succeed) and resumed, and runs its callback once the
 * counted time reaches the bound. Internal to rtckit.
 *
 * @example
 * ```ts
 * const giveUp = new GiveUpClock(() => clock);
 * giveUp.reset();
 * giveUp.start(60_000, () => fail()); // fail() after 60 s counted
 * giveUp.pause(); // offline: the count stops, and so does the deadline
 * giveUp.start(60_000, () => fail()); // back online: the rest of the 60 s
 * giveUp.elapsedMs();
 * ```
 */
export class GiveUpClock {
  readonly #clock: () => Clock;
  /** Time counted before the running stretch. */
  #before = 0;
  /** When the running stretch began; `null` while paused. */
  #since: number | null = null;
  #deadline: { readonly handle: TimerHandle; readonly clock: Clock } | null = null;

  /** `clock` is asked for the clock each time it reads the time or sets its deadline. */
  constructor(clock: () => Clock) {
    this.#clock = clock;
  }

  /** Whether it is counting. */
  get running(): boolean {
    return this.#since !== null;
  }

  /** The time counted so far, in milliseconds. */
  elapsedMs(): number {
    return this.#before + (this.#since === null ? 0 : this.#clock().now() - this.#since);
  }

  /**
   * Counts from now on, and calls `onExpire` once the count reaches `afterMs` (never, for
   * `Infinity`). Does nothing while already counting.
   */
  start(afterMs: number, onExpire: () => void): void {
    if (this.#since !== null) return;
    const clock = this.#clock();
    this.#since = clock.now();
    const remaining = afterMs - this.elapsedMs();
    if (!Number.isFinite(remaining)) return;
    this.#clearDeadline();
    const handle = clock.setTimeout(
      () => {
        this.#deadline = null;
        onExpire();
      },
      Math.max(0, remaining),
    );
    this.#deadline = { handle, clock };
  }

  /** Stops counting (keeping the count) and cancels the deadline. */
  pause(): void {
    this.#before = this.elapsedMs();
    this.#since = null;
    this.#clearDeadline();
  }

  /** Back to zero, not counting, no deadline. */
  reset(): void {
    this.#before = 0;
    this.#since = null;
    this.#clearDeadline();
  }

  #clearDeadline(): void {
    if (!this.#deadline) return;
    this.#deadline.clock.clearTimeout(this.#deadline.handle);
    this.#deadline = null;
  }
}

/**
 * The error a reconnection gives up with, after `elapsedMs` of counted trouble and `attempts`
 * recovery attempts. Internal to rtckit.
 *
 * @example
 * ```ts
 * reconnectFailedError(61_000, 4, 'failed'); // detail: "No connection for 61 s; 4 recovery attempts …"
 * ```
 */
export function reconnectFailedError(elapsedMs: number, attempts: number, cause: ReconnectReason | null): RtcKitError {
  const seconds = Math.round(elapsedMs / 1000);
  return new ReconnectKitError('reconnect-failed', {
    detail: `No connection for ${seconds} s; ${attempts} recovery attempt${attempts === 1 ? '' : 's'} did not bring it back (last cause: ${cause ?? 'unknown'}).`,
  });
}
