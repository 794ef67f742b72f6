import type { ReconnectReason } from './reconnect/types';

/** What a {@link RetryPolicy} decides from. */
export interface RetryContext {
  /** 1 for the first retry, 2 for the second, … */
  readonly attempt: number;
  /** Milliseconds since the first failure of this run of failures. */
  readonly elapsedMs: number;
  /** A number in [0, 1) for jitter, from the injected {@link Clock}. */
  readonly random: number;
  /**
   * Why the connection is being retried, when the caller knows: a lost signaling server is shared
   * by every client, one call's connection is not, and a policy may treat them differently.
   */
  readonly reason?: ReconnectReason;
}

/**
 * How long to wait before the next attempt, in ms, or `null` to give up. A pure function:
 * `nextRetryDelayMs({ attempt, elapsedMs, reason, random }) → number | null`.
 */
export type RetryPolicy = (context: RetryContext) => number | null;

/** Options for {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Delay before the first retry. Default 500 ms. */
  readonly initialMs?: number;
  /** Largest delay. Default 10 000 ms. */
  readonly maxMs?: number;
  /** Growth per attempt. Default 2. */
  readonly factor?: number;
  /** Fraction of the delay that is randomised (0 = none, 1 = "full jitter"). Default 0.3. */
  readonly jitter?: number;
  /** Give up after this many retries. Default: never. */
  readonly maxAttempts?: number;
  /** Give up once this long has passed since the first failure. Default: never. */
  readonly maxElapsedMs?: number;
}

/**
 * The usual retry policy: delays grow by `factor` from `initialMs` up to `maxMs`, with a random
 * part so that many clients do not retry in step, and an optional limit on attempts or time.
 *
 * @example
 * ```ts
 * const policy = exponentialBackoff({ initialMs: 250, maxMs: 8000, maxAttempts: 10 });
 * policy({ attempt: 3, elapsedMs: 1200, random: 0.5 }); // ≈ 1000 ms
 * ```
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): RetryPolicy {
  const { initialMs = 500, maxMs = 10_000, factor = 2, jitter = 0.3, maxAttempts, maxElapsedMs } = options;
  return ({ attempt, elapsedMs, random }) => {
    if (maxAttempts !== undefined && attempt > maxAttempts) return null;
    if (maxElapsedMs !== undefined && elapsedMs >= maxElapsedMs) return null;
    const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
    return Math.round(base * (1 - jitter + jitter * random));
  };
}
