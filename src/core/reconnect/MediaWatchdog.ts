import { printable } from '../errors';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { EngineUnit } from '../engineUnit';
import { ReconnectKitError } from './reconnectErrors';
import { readStats, type StatsReading, type StatsReportLike } from '../stats/readStats';
import { isMediaStalled, nextMediaFlow, startMediaFlow, type MediaFlowState } from './mediaFlow';

/**
 * How long media may stand still on a connection that claims to be connected before it counts as
 * stalled, ms. Long enough for audio-only receiver reports and a key-frame wait, short enough that
 * a call that is "connected" with nothing arriving is recovered before users hang up.
 *
 * @example
 * ```ts
 * new MediaWatchdog({ stallAfterMs: DEFAULT_STALL_AFTER_MS / 2 });
 * ```
 */
export const DEFAULT_STALL_AFTER_MS = 4000;

/** What a {@link MediaWatchdog} watches: an `RTCPeerConnection`, or anything with its stats and transports. */
export interface WatchedConnection {
  getStats(): Promise<StatsReportLike>;
  /** Senders and receivers, whose `transport` (an `RTCDtlsTransport`, where the browser has one) is read. */
  getSenders?(): readonly object[];
  getReceivers?(): readonly object[];
  readonly sctp?: object | null;
}

/** What a {@link MediaWatchdog} holds. Replaced, never mutated, when something changes. */
export interface MediaWatchdogSnapshot {
  /** Media is expected and nothing has moved for `stallAfterMs`. */
  readonly stalled: boolean;
  /** When media last moved on the watched connection (the clock's time); `null` until it has. */
  readonly lastFlowAt: number | null;
  /** When the last reading was taken; `null` before the first (and while not watching). */
  readonly checkedAt: number | null;
  /** Whether media is expected on the connection (see `MediaFlowState.expected`). */
  readonly expected: boolean;
  /**
   * The connection's DTLS has failed: it cannot carry media again, whatever ICE does (Firefox after
   * a long outage), so only a new connection helps.
   */
  readonly dtlsFailed: boolean;
}

/** Options for {@link MediaWatchdog}. */
export interface MediaWatchdogOptions {
  /** See {@link DEFAULT_STALL_AFTER_MS}. At most 5000. */
  readonly stallAfterMs?: number;
  /** Milliseconds between `getStats()` calls while watching. Default 1000. */
  readonly pollMs?: number;
  readonly clock?: Clock;
}

const NOT_WATCHING: MediaWatchdogSnapshot = /* @__PURE__ */ Object.freeze({
  stalled: false,
  lastFlowAt: null,
  checkedAt: null,
  expected: false,
  dtlsFailed: false,
});

/**
 * Notices media that has stopped while the connection says all is well: packets not arriving and
 * nothing we send acknowledged, for `stallAfterMs`. The browser's own states miss this: after an
 * outage ICE can reconnect while DTLS stays dead (Firefox), or the path carries ICE checks but no
 * media. Polls `getStats()` only while subscribed and watching a connection; judged by counters
 * between polls (see `nextMediaFlow`), so a slow event loop cannot fake a stall.
 *
 * @example
 * ```ts
 * const watchdog = new MediaWatchdog({ stallAfterMs: 4000 });
 * watchdog.subscribe(() => {
 *   if (watchdog.getSnapshot().stalled) session.sendKeyFrames();
 * });
 * watchdog.watch(pc); // watch(null) when the call ends
 * ```
 */
export class MediaWatchdog extends EngineUnit<MediaWatchdogSnapshot> {
  #connection: WatchedConnection | null = null;
  #flow: MediaFlowState | null = null;
  #stallAfterMs: number;
  #pollMs: number;
  #clock: Clock;
  #timer: TimerHandle | undefined;
  /** Bumped whenever watching restarts, so a `getStats()` in flight from before is ignored. */
  #generation = 0;

  constructor(options: MediaWatchdogOptions = {}) {
    super(NOT_WATCHING, { onActive: () => this.#schedule(0), onInactive: () => this.#cancel() });
    this.#stallAfterMs = checkStallAfter(options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS);
    this.#pollMs = checkPoll(options.pollMs ?? 1000);
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Starts watching `connection` afresh (the first reading at once, as the baseline), or stops
   * watching with `null`. `expectMedia`: media is due on it even before any has arrived, e.g. it
   * replaces a connection that carried media.
   */
  watch(connection: WatchedConnection | null, { expectMedia = false }: { readonly expectMedia?: boolean } = {}): void {
    this.#cancel();
    this.#connection = connection;
    this.#flow = connection ? startMediaFlow({ expected: expectMedia }) : null;
    this.store.set(connection ? { ...NOT_WATCHING, expected: expectMedia } : NOT_WATCHING);
    if (this.store.active) this.#schedule(0);
  }

  /**
   * The last reading of the watched connection (taken at the snapshot's `checkedAt`), for whoever
   * judges more than inbound media from the same `getStats()` (the reconnector's send-stall watch);
   * `null` before the first.
   */
  get lastReading(): StatsReading | null {
    return this.#flow?.last ?? null;
  }

  /** Takes the next reading now rather than at the interval (e.g. the connection just came back). */
  checkSoon(): void {
    if (this.#timer === undefined) return; // a reading is in flight, or nothing is watched
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#schedule(0);
  }

  /** Changes the bound and the interval; they apply from the next poll. */
  setOptions(options: MediaWatchdogOptions): void {
    this.#stallAfterMs = checkStallAfter(options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS);
    this.#pollMs = checkPoll(options.pollMs ?? 1000);
    this.#clock = options.clock ?? systemClock;
  }

  #schedule(delayMs: number = this.#pollMs): void {
    if (!this.#connection || this.#timer !== undefined) return;
    const generation = this.#generation;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#poll(generation);
    }, delayMs);
  }

  #cancel(): void {
    this.#generation++;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #poll(generation: number): Promise<void> {
    const connection = this.#connection;
    if (!connection || !this.#flow) return;
    let report: StatsReportLike | undefined;
    try {
      report = await connection.getStats();
    } catch {
      // A closing connection rejects getStats; whoever owns it moves the watchdog on.
    }
    if (generation !== this.#generation) return;
    if (report) {
      const now = this.#clock.now();
      const flow = nextMediaFlow(this.#flow, readStats(report), now);
      this.#flow = flow;
      this.store.set({
        stalled: isMediaStalled(flow, now, this.#stallAfterMs),
        lastFlowAt: flow.lastFlowAt,
        checkedAt: now,
        expected: flow.expected,
        dtlsFailed: dtlsFailed(connection, report),
      });
    }
    if (this.store.active) this.#schedule();
  }
}

/**
 * Whether media has moved since `since` (a reading after it saw packets or a receiver report),
 * has not for `stallAfterMs` of readings after it (`stalled`), or cannot be told yet (`pending`).
 *
 * @example
 * ```ts
 * const reconnectedAt = clock.now();
 * // … on each watchdog snapshot:
 * if (mediaSince(watchdog.getSnapshot(), reconnectedAt, 4000) === 'moved') showConnected();
 * ```
 */
export function mediaSince(
  media: MediaWatchdogSnapshot,
  since: number,
  stallAfterMs: number,
): 'moved' | 'stalled' | 'pending' {
  if (media.lastFlowAt !== null && media.lastFlowAt >= since) return 'moved';
  return media.checkedAt !== null && media.checkedAt - since >= stallAfterMs ? 'stalled' : 'pending';
}

/**
 * Whether any of the connection's DTLS transports (its senders', receivers' or data channel's)
 * reports `failed`, read synchronously. Internal to rtckit.
 *
 * @example
 * ```ts
 * if (transportFailed(pc)) session.rebuild(); // no ICE restart brings a dead DTLS back
 * ```
 */
export function transportFailed(connection: WatchedConnection): boolean {
  const owners = [...(connection.getSenders?.() ?? []), ...(connection.getReceivers?.() ?? []), connection.sctp];
  return owners.some((owner) => transportStateOf(owner) === 'failed');
}

function dtlsFailed(connection: WatchedConnection, report: StatsReportLike): boolean {
  if (transportFailed(connection)) return true;
  let failed = false;
  report.forEach((stats) => {
    if (stats.type === 'transport' && stats.dtlsState === 'failed') failed = true;
  });
  return failed;
}

function transportStateOf(owner: object | null | undefined): unknown {
  const transport = (owner as { transport?: { state?: unknown } | null } | null | undefined)?.transport;
  return transport?.state;
}

function checkStallAfter(ms: number): number {
  if (typeof ms === 'number' && ms >= 1000 && ms <= 5000) return ms;
  throw new ReconnectKitError('invalid-option', {
    detail: `stallAfterMs must be between 1000 and 5000 ms, got ${printable(ms)}.`,
  });
}

function checkPoll(ms: number): number {
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 100) return ms;
  throw new ReconnectKitError('invalid-option', {
    detail: `pollMs must be a number of at least 100 ms, got ${printable(ms)}.`,
  });
}
