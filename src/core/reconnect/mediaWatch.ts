// The media side of what a reconnector follows: a MediaWatchdog on the current connection, read
// against the moment that matters (connected: is it stalled? recovering: has media moved since?).
import type { Clock } from '../clock';
import type { StatsReading } from '../stats/readStats';
import { DEFAULT_STALL_AFTER_MS, mediaSince, MediaWatchdog, transportFailed } from './MediaWatchdog';

/**
 * What the media did, as a reconnector acts on it: `stalled` (a connected call on which nothing
 * moves), `moved` (media moved since the reference time), `dead` (nothing for `stallAfterMs` since
 * the reference time).
 */
export type MediaChange = 'stalled' | 'moved' | 'dead';

/**
 * Follows the media of a reconnector's connection (the `watchMedia` and `stallAfterMs` options).
 * Internal to rtckit.
 *
 * @example
 * ```ts
 * const media = new MediaWatch({ stallAfterMs: 4000 });
 * const stop = media.follow(pc, (change) => change === 'stalled' && recover());
 * media.judgeFrom(clock.now()); // after a recovery: report 'moved' or 'dead'
 * ```
 */
export class MediaWatch {
  readonly #watchdog: MediaWatchdog | null;
  #stallAfterMs = DEFAULT_STALL_AFTER_MS;
  #since: number | null = null;

  constructor(options: { readonly watchMedia?: boolean; readonly stallAfterMs?: number; readonly clock?: Clock }) {
    this.#watchdog = options.watchMedia === false ? null : new MediaWatchdog(options);
    this.#stallAfterMs = options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS;
  }

  /** Whether media is judged on the connection: watched, and expected on it. */
  get judging(): boolean {
    return this.#watchdog?.getSnapshot().expected ?? false;
  }

  /** Applies new `stallAfterMs`/`clock` options from the next reading on. */
  setOptions(options: { readonly stallAfterMs?: number; readonly clock?: Clock }): void {
    this.#watchdog?.setOptions(options);
    this.#stallAfterMs = options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS;
  }

  /**
   * Watches `pc` and reports changes until the returned function is called; `onReading` gets each
   * new reading of the connection as well (taken at `at`, the clock's time).
   */
  follow(
    pc: RTCPeerConnection | null,
    onChange: (change: MediaChange) => void,
    onReading?: (reading: StatsReading, at: number) => void,
  ): () => void {
    const watchdog = this.#watchdog;
    if (!watchdog) return () => {};
    let readAt: number | null = null;
    const stop = watchdog.subscribe(() => {
      const { checkedAt } = watchdog.getSnapshot();
      const reading = watchdog.lastReading;
      if (onReading && reading && checkedAt !== null && checkedAt !== readAt) {
        readAt = checkedAt;
        onReading(reading, checkedAt);
      }
      const change = this.#change();
      if (change) onChange(change);
    });
    watchdog.watch(pc);
    return () => {
      stop();
      watchdog.watch(null);
    };
  }

  /**
   * How long a verdict against a reference time can take at most: `stallAfterMs` of readings, and
   * as long again for readings that come late (a busy machine) or never (stats that do not answer).
   */
  get verdictWithinMs(): number {
    return 2 * this.#stallAfterMs;
  }

  /**
   * A new connection in place of the old one: due to carry what the old one carried, and judged
   * on its own readings only (the reference time set for the old one is dropped).
   */
  replace(pc: RTCPeerConnection | null): void {
    this.#since = null;
    this.#watchdog?.watch(pc, { expectMedia: this.judging });
  }

  /** The call ended: stop reading stats. */
  stop(): void {
    this.#watchdog?.watch(null);
  }

  /** From now on, report against `since` (`moved` or `dead`), or with `null` whether it is `stalled`. */
  judgeFrom(since: number | null): void {
    this.#since = since;
    if (since !== null) this.#watchdog?.checkSoon();
  }

  /** Whether `pc`'s DTLS has failed, so that only a new connection can carry media. */
  dtlsFailed(pc: RTCPeerConnection | null): boolean {
    if (!pc || !this.#watchdog) return false;
    return transportFailed(pc) || this.#watchdog.getSnapshot().dtlsFailed;
  }

  #change(): MediaChange | null {
    const snapshot = this.#watchdog?.getSnapshot();
    if (!snapshot) return null;
    if (this.#since === null) return snapshot.stalled ? 'stalled' : null;
    const verdict = mediaSince(snapshot, this.#since, this.#stallAfterMs);
    return verdict === 'moved' ? 'moved' : verdict === 'stalled' ? 'dead' : null;
  }
}
