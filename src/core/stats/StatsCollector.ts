import { systemClock, type Clock, type TimerHandle } from '../clock';
import type { RtcKitError } from '../errors';
import { StatsKitError } from './statsErrors';
import { EngineUnit } from '../engineUnit';
import { deriveSample } from './deriveSample';
import { readStats, type StatsReading, type StatsReportLike } from './readStats';
import { SampleHistory } from './SampleHistory';
import type { DropReason, StatsSample } from './types';

/** What a {@link StatsCollector} reads from: an `RTCPeerConnection`, or anything with its `getStats`. */
export interface StatsSource {
  getStats(): Promise<StatsReportLike>;
  readonly connectionState?: RTCPeerConnectionState;
  readonly iceConnectionState?: RTCIceConnectionState;
}

/** What a {@link StatsCollector} holds. Replaced, never mutated, on every sample. */
export interface StatsSnapshot {
  /** The newest sample, or `null` before the second tick (the first only sets the baseline). */
  readonly latest: StatsSample | null;
  /** The most recent samples, oldest first, at most `historySize` of them. */
  readonly history: readonly StatsSample[];
  /** Ticks dropped because counters went backwards, an SSRC changed or the report was stale. */
  readonly droppedSamples: number;
  /** Why the last dropped tick was dropped. */
  readonly lastDropReason: DropReason | null;
  /** The last failure of `getStats()`, cleared by the next sample. */
  readonly error: RtcKitError | null;
}

/** Options for {@link StatsCollector}. */
export interface StatsCollectorOptions {
  /** Milliseconds between `getStats()` calls. Default 1000. */
  readonly intervalMs?: number;
  /** How many samples the history keeps. Default 60. */
  readonly historySize?: number;
  readonly clock?: Clock;
  /** Called when `getStats()` fails (the failure is also in the snapshot's `error`). */
  readonly onError?: (error: RtcKitError) => void;
}

/**
 * The default number of samples kept.
 *
 * @example
 * ```ts
 * new StatsCollector(pc, { historySize: DEFAULT_HISTORY_SIZE * 5 }); // five minutes at 1 Hz
 * ```
 */
export const DEFAULT_HISTORY_SIZE = 60;
/**
 * The default polling interval, ms.
 *
 * @example
 * ```ts
 * new StatsCollector(pc, { intervalMs: DEFAULT_STATS_INTERVAL_MS / 2 });
 * ```
 */
export const DEFAULT_STATS_INTERVAL_MS = 1000;

/**
 * The snapshot of a collector that has no sample yet (also what `useStats` shows without a
 * connection). Internal to rtckit: not exported from the package.
 *
 * @example
 * ```ts
 * const snapshot = collector ? collector.getSnapshot() : EMPTY_STATS_SNAPSHOT;
 * ```
 */
export const EMPTY_STATS_SNAPSHOT: StatsSnapshot = /* @__PURE__ */ Object.freeze({
  latest: null,
  history: [],
  droppedSamples: 0,
  lastDropReason: null,
  error: null,
});

function checkInterval(intervalMs: number): number {
  if (!(Number.isFinite(intervalMs) && intervalMs >= 50)) {
    throw new StatsKitError('invalid-option', {
      detail: `intervalMs must be a number of at least 50, got ${intervalMs}.`,
    });
  }
  return intervalMs;
}

/**
 * Polls `getStats()` on one connection while someone subscribes and turns each report into an
 * immutable, normalised {@link StatsSample}: bitrate, loss, jitter, RTT, frame rate, resolution,
 * freezes, concealment and more, per direction and kind, with a fixed-size history. Polling starts
 * with the first subscriber and stops after the last (deferred by a microtask, so React StrictMode's
 * unsubscribe → subscribe keeps it running); a closed connection stops it for good.
 *
 * @example
 * ```ts
 * const collector = new StatsCollector(pc, { intervalMs: 1000, historySize: 60 });
 * const unsubscribe = collector.subscribe(() => {
 *   const sample = collector.getSnapshot().latest;
 *   console.log(sample?.inbound.video?.bitrate, sample?.rttMs);
 * });
 * ```
 */
export class StatsCollector extends EngineUnit<StatsSnapshot> {
  readonly #source: StatsSource;
  readonly #clock: Clock;
  #intervalMs: number;
  #history: SampleHistory<StatsSample>;
  #onError: ((error: RtcKitError) => void) | undefined;
  #baseline: StatsReading | undefined;
  #latestReport: StatsReportLike | null = null;
  #lastReceivedAt: number | undefined;
  #timer: TimerHandle | undefined;
  /** Bumped on every stop, so a `getStats()` still in flight from before is ignored. */
  #generation = 0;
  #running = false;

  constructor(source: StatsSource, options: StatsCollectorOptions = {}) {
    super(EMPTY_STATS_SNAPSHOT, { deferInactive: true, onActive: () => this.#start(), onInactive: () => this.#stop() });
    this.#source = source;
    this.#clock = options.clock ?? systemClock;
    this.#intervalMs = checkInterval(options.intervalMs ?? DEFAULT_STATS_INTERVAL_MS);
    this.#history = new SampleHistory(options.historySize ?? DEFAULT_HISTORY_SIZE);
    this.#onError = options.onError;
  }

  /** Milliseconds between polls. */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Changes the interval (taking effect from the next poll) or the history size (keeping the newest samples). */
  setOptions(options: Pick<StatsCollectorOptions, 'intervalMs' | 'historySize' | 'onError'>): void {
    if (options.intervalMs !== undefined && options.intervalMs !== this.#intervalMs) {
      this.#intervalMs = checkInterval(options.intervalMs);
      if (this.#timer !== undefined) {
        this.#clock.clearTimeout(this.#timer);
        this.#schedule(this.#generation);
      }
    }
    if (options.historySize !== undefined && options.historySize !== this.#history.capacity) {
      const history = new SampleHistory<StatsSample>(options.historySize);
      for (const sample of this.#history.toArray()) history.push(sample);
      this.#history = history;
      this.store.update({ history: history.toArray() });
    }
    if ('onError' in options) this.#onError = options.onError;
  }

  /**
   * Processes one report you obtained yourself (a recorded one, or from your own `getStats()`
   * loop), exactly as a poll would, and returns the sample it produced (or `null` for the baseline
   * tick and for dropped ticks).
   */
  ingest(report: StatsReportLike, connectionState?: RTCPeerConnectionState): StatsSample | null {
    this.#latestReport = report;
    const reading = readStats(report, this.#baseline?.pair);
    const before = this.#baseline;
    this.#baseline = reading;
    if (!before) {
      this.#lastReceivedAt = reading.pair?.lastPacketReceivedTimestamp ?? reading.timestamp;
      return null;
    }
    const derived = deriveSample(before, reading, this.#lastReceivedAt, connectionState);
    this.#lastReceivedAt = derived.lastReceivedAt;
    if (derived.dropped) {
      const snapshot = this.getSnapshot();
      this.store.set({ ...snapshot, droppedSamples: snapshot.droppedSamples + 1, lastDropReason: derived.dropped });
      return null;
    }
    this.#history.push(derived.sample);
    const { droppedSamples, lastDropReason } = this.getSnapshot();
    this.store.set({
      latest: derived.sample,
      history: this.#history.toArray(),
      droppedSamples,
      lastDropReason,
      error: null,
    });
    return derived.sample;
  }

  /**
   * The raw report behind the newest tick (sampled or not), for a support dump that wants what the
   * browser said rather than the normalised sample; `null` before the first. Outside the snapshot on
   * purpose: it is the browser's object, neither immutable nor cheap to compare.
   */
  get latestReport(): StatsReportLike | null {
    return this.#latestReport;
  }

  /** Forgets the baseline and the history, e.g. after switching to another connection's reports. */
  reset(): void {
    this.#baseline = undefined;
    this.#lastReceivedAt = undefined;
    this.#latestReport = null;
    this.#history.clear();
    this.store.set(EMPTY_STATS_SNAPSHOT);
  }

  #connectionState(): RTCPeerConnectionState | undefined {
    const source = this.#source;
    if (typeof source.connectionState === 'string') return source.connectionState;
    // Without a connectionState, the ICE state: the same names but for these two.
    const ice = source.iceConnectionState;
    return ice === 'checking' ? 'connecting' : ice === 'completed' ? 'connected' : ice;
  }

  #start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#poll(this.#generation);
  }

  #stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#generation++;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    // A later start begins from a fresh baseline rather than averaging over the pause.
    this.#baseline = undefined;
  }

  #schedule(generation: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#poll(generation);
    }, this.#intervalMs);
  }

  async #poll(generation: number): Promise<void> {
    if (this.#connectionState() === 'closed') {
      this.#stop();
      return;
    }
    try {
      const report = await this.#source.getStats();
      if (generation !== this.#generation) return;
      this.ingest(report, this.#connectionState());
    } catch (cause) {
      if (generation !== this.#generation) return;
      if (this.#connectionState() === 'closed') {
        this.#stop();
        return;
      }
      const error = new StatsKitError('stats-failed', { cause });
      this.store.update({ error });
      this.#onError?.(error);
    }
    if (generation === this.#generation) this.#schedule(generation);
  }
}
