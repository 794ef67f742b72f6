import { printable, type RtcKitError } from '../errors';
import type { RetryPolicy } from '../backoff';
import type { Clock } from '../clock';
import { ReconnectKitError } from './reconnectErrors';
import type { ReconnectingSignaling } from '../peer/webSocketSignaling';
import type { NetworkStatusSource } from './networkStatus';

/** Options for {@link Reconnector}. */
export interface ReconnectorOptions {
  /** How long a `disconnected` connection may recover by itself before ICE is restarted. Default 2000 ms. */
  readonly graceMs?: number;
  /**
   * How long an ICE restart (or a new connection) gets to connect before the connection is
   * rebuilt (or rebuilt again). When the bound passes while ICE is still checking the new
   * candidates, it gets one more bound to reach its own verdict. Default 15 000 ms.
   */
  readonly iceRestartTimeoutMs?: number;
  /** How long after the connection was lost to give up (`state: 'failed'`); time offline does not count. Default 60 000 ms. */
  readonly giveUpAfterMs?: number;
  /**
   * The delay before each recovery attempt, or `null` to give up:
   * `({ attempt, elapsedMs, reason, random }) => number | null`. Default
   * `reconnectBackoff({ giveUpAfterMs })`: the first attempt at once, then full jitter.
   */
  readonly nextRetryDelayMs?: RetryPolicy;
  /**
   * The signaling to watch (retries pause while it is down, and it is hurried when the network
   * comes back). Default: the peer's signaling when it is a {@link ReconnectingSignaling} (as
   * `createWebSocketSignaling` returns); `null` to watch none.
   */
  readonly signaling?: ReconnectingSignaling | null;
  /** The network status to follow. Default {@link browserNetworkStatus}; `null` to ignore the network. */
  readonly network?: NetworkStatusSource | null;
  /**
   * Judge the call by its media, not only by the browser's states: a `connected` connection on
   * which nothing has moved for `stallAfterMs` is recovered (`media-stalled`), and a recovery
   * counts only once media moves again, so the state never says `connected` while nothing has
   * been received or acknowledged for longer than that. Default `true`; `false` judges by the
   * browser's states alone. Read when the reconnector is made.
   */
  readonly watchMedia?: boolean;
  /**
   * Watch the send side too: a video sender whose `framesEncoded` stays flat for 2.5 s while the
   * track the app gave it is live and enabled, one of its encodings is active and the connection
   * is `connected`, gets that track attached again (`replaceTrack`) and a key frame, with a
   * back-off from 5 s doubling to 60 s between repairs while frames stay flat (counted in the
   * snapshot's `videoReattaches`). Chromium can bring a send stream back from an outage recreated
   * and fed by nothing, which no ICE restart revives. Reads the stats the media watchdog reads, so
   * it works only with `watchMedia`; needs a peer with `localVideoSenders` and `reattachVideo` (a
   * `PeerSession`). Default `true`. Read when the reconnector is made.
   *
   * @example
   * ```ts
   * new Reconnector(session, { watchSendStall: false }); // judge only what arrives
   * ```
   */
  readonly watchSendStall?: boolean;
  /** How long media may stand still on a `connected` call before it counts as lost, ms (1000–5000). Default 4000. */
  readonly stallAfterMs?: number;
  /** Restart ICE on a connected call when the network type changes (Wi-Fi → cellular). Default `true`. */
  readonly restartOnNetworkChange?: boolean;
  /** Timers and jitter. */
  readonly clock?: Clock;
  /** Called when it gives up (`reconnect-failed`). */
  readonly onError?: (error: RtcKitError) => void;
}

/**
 * The bounds a {@link ReconnectorOptions} leaves out. Internal to rtckit.
 *
 * @example
 * ```ts
 * const graceMs = options.graceMs ?? RECONNECT_DEFAULTS.graceMs; // 2000
 * ```
 */
export const RECONNECT_DEFAULTS = /* @__PURE__ */ Object.freeze({
  graceMs: 2000,
  iceRestartTimeoutMs: 15_000,
  giveUpAfterMs: 60_000,
});

/**
 * Checks the bounds of a {@link ReconnectorOptions}. Internal to rtckit.
 *
 * @throws {RtcKitError} `'invalid-option'` for a negative or non-numeric bound (only `giveUpAfterMs` may be `Infinity`).
 * @example
 * ```ts
 * validateReconnectorOptions({ graceMs: -1 }); // throws 'invalid-option'
 * ```
 */
export function validateReconnectorOptions(options: ReconnectorOptions): void {
  for (const name of ['graceMs', 'iceRestartTimeoutMs', 'giveUpAfterMs'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < 0 ||
      (name !== 'giveUpAfterMs' && !Number.isFinite(value))
    ) {
      throw new ReconnectKitError('invalid-option', {
        detail: `${name} must be a number of milliseconds ≥ 0${name === 'giveUpAfterMs' ? ' (or Infinity)' : ''}, got ${printable(value)}.`,
      });
    }
  }
}
