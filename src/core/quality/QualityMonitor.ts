import { EngineUnit } from '../engineUnit';
import type { StatsCollector } from '../stats/StatsCollector';
import type { StatsSample } from '../stats/types';
import { scoreQuality } from './scoreQuality';
import { smoothQuality, type QualityTrend, type SmoothingOptions } from './smoothQuality';
import type { QualityScore } from './types';
import { UNKNOWN_QUALITY } from './unknownQuality';

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
export class QualityMonitor extends EngineUnit<QualityScore> {
  readonly #collector: StatsCollector;
  readonly #smoothing: SmoothingOptions | false;
  #trend: QualityTrend | undefined;
  #lastSample: StatsSample | null = null;
  #unsubscribe: (() => void) | undefined;

  /** `smoothing: false` publishes every raw score as it is. */
  constructor(collector: StatsCollector, options: { readonly smoothing?: SmoothingOptions | false } = {}) {
    super(UNKNOWN_QUALITY, { onActive: () => this.#start(), onInactive: () => this.#stop() });
    this.#collector = collector;
    this.#smoothing = options.smoothing ?? {};
  }

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
      this.store.set(raw);
      return;
    }
    this.#trend = smoothQuality(this.#trend, raw, this.#smoothing);
    this.store.set(this.#trend.quality);
  }
}
