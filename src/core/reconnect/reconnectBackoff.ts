import { exponentialBackoff, type RetryPolicy } from '../backoff';

/** Options for {@link reconnectBackoff}. */
export interface ReconnectBackoffOptions {
  /** Upper bound of the first random delay; each later bound doubles. Default 3000 ms. */
  readonly initialMs?: number;
  /** Largest delay. Default 30 000 ms. */
  readonly maxMs?: number;
  /** Give up (`null`) once this long has passed since the trouble began. Default 60 000 ms; `Infinity` never gives up. */
  readonly giveUpAfterMs?: number;
}

/**
 * rtckit's default retry policy for reconnecting: exponential backoff with full jitter (each delay
 * drawn uniformly from zero to a bound that doubles per attempt, capped), built on
 * {@link exponentialBackoff}.
 *
 * - One call's connection (every reason but `'signaling-lost'`): the first retry is immediate, and
 *   so is every retry after the connection went `failed` (ICE takes 10 s or more to reach that
 *   verdict, which is spacing enough); later retries are jittered.
 * - A signaling server (`'signaling-lost'`) is shared by every client, and when it goes away they
 *   all lose it at the same instant: every retry is jittered, the first one too, so that the
 *   clients come back spread over seconds instead of in one thundering herd.
 *
 * @example
 * ```ts
 * const policy = reconnectBackoff({ giveUpAfterMs: 120_000 });
 * policy({ attempt: 1, elapsedMs: 0, reason: 'disconnected', random: 0.7 }); // 0
 * policy({ attempt: 2, elapsedMs: 900, reason: 'restart-timeout', random: 0.5 }); // 1500
 * policy({ attempt: 1, elapsedMs: 0, reason: 'signaling-lost', random: 0.5 }); // 1500
 * policy({ attempt: 9, elapsedMs: 130_000, reason: 'failed', random: 0.5 }); // null
 * ```
 */
export function reconnectBackoff(options: ReconnectBackoffOptions = {}): RetryPolicy {
  const { initialMs = 3000, maxMs = 30_000, giveUpAfterMs = 60_000 } = options;
  const jittered = exponentialBackoff({ initialMs, maxMs, factor: 2, jitter: 1 });
  return (context) => {
    if (context.elapsedMs >= giveUpAfterMs) return null;
    if (context.reason === 'signaling-lost') return jittered(context);
    if (context.attempt <= 1 || context.reason === 'failed') return 0;
    return jittered({ ...context, attempt: context.attempt - 1 });
  };
}
