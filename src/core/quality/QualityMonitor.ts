import { createStore, type ReadableStore } from '../store';
import type { StatsCollector } from '../stats/StatsCollector';
import type { StatsSample } from '../stats/types';
import { scoreQuality } from './scoreQuality';
import { smoothQuality, type QualityTrend, type SmoothingOptions } from './smoothQuality';
import type { QualityScore } from './types';

const UNKNOWN = scoreQuality(null);

/**
 * Connection quality as a subscribable store: each new sample of a {@link StatsCollector} is scored
 * with {@link scoreQuality} and smoothed with {@link smoothQuality}. It listens to the collector only
 * while it has subscribers itself, and publishes a new object only when the quality changed.
 *
 * @example
 * ```ts
 * const quality = new QualityMonitor(new StatsCollector(pc));
 * quality.subscribe(() => badge.dataset.quality = quality.getSnapshot().level);
 * ```
 */
export class QualityMonitor implements ReadableStore<QualityScore> {
  readonly #collector: StatsCollector;
  readonly #smoothing: SmoothingOptions | false;
  #trend: QualityTrend | undefined;
  #lastSample: StatsSample | null = null;
  #unsubscribe: (() => void) | undefined;
  readonly #store = createStore<{ quality: QualityScore }>(
    { quality: UNKNOWN },
    { onActive: () => this.#start(), onInactive: () => this.#stop() },
  );

  /** `smoothing: false` publishes every raw score as it is. */
  constructor(collector: StatsCollector, options: { readonly smoothing?: SmoothingOptions | false } = {}) {
    this.#collector = collector;
    this.#smoothing = options.smoothing ?? {};
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): QualityScore => this.#store.getSnapshot().quality;

  #start(): void {
    this.#unsubscribe = this.#collector.subscribe(() => this.#update());
    this.#update();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #update(): void {
    const sample = this.#collector.getSnapshot().latest;
    if (sample === this.#lastSample) return; // a dropped tick or an error: nothing new to score
    this.#lastSample = sample;
    const raw = scoreQuality(sample);
    if (this.#smoothing === false) {
      this.#store.set({ quality: raw });
      return;
    }
    this.#trend = smoothQuality(this.#trend, raw, this.#smoothing);
    this.#store.set({ quality: this.#trend.quality });
  }
}
