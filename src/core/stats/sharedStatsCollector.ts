import { lazily, SharedRegistry } from '../sharedRegistry';
import { DEFAULT_HISTORY_SIZE, DEFAULT_STATS_INTERVAL_MS, StatsCollector, type StatsSource } from './StatsCollector';

/**
 * Stats collectors by connection, and per connection by polling setup: what
 * {@link sharedStatsCollector} reads from and fills.
 */
export type StatsCollectorRegistry = SharedRegistry<StatsSource, Map<string, StatsCollector>>;

/** Options for {@link sharedStatsCollector}. */
export interface SharedStatsCollectorOptions {
  /** Milliseconds between `getStats()` calls. Default 1000. */
  readonly intervalMs?: number;
  /** How many samples the history keeps. Default 60. */
  readonly historySize?: number;
  /** Where the collectors live; default the page's. */
  readonly registry?: StatsCollectorRegistry;
}

/** The page's registry, made on first use. */
const pageCollectors = /* @__PURE__ */ lazily((): StatsCollectorRegistry => new SharedRegistry());

/**
 * The one {@link StatsCollector} for a connection and polling setup, shared by every caller, so a
 * badge, an overlay and a hook on the same connection poll `getStats()` once between them. Creating
 * it starts nothing: it polls only while subscribed. Entries go when the connection is garbage.
 * Pass a `registry` of your own (`new SharedRegistry()`) to share among your callers only.
 *
 * @example
 * ```ts
 * const collector = sharedStatsCollector(pc);
 * sharedStatsCollector(pc) === collector; // true
 * ```
 */
export function sharedStatsCollector(source: StatsSource, options: SharedStatsCollectorOptions = {}): StatsCollector {
  const intervalMs = options.intervalMs ?? DEFAULT_STATS_INTERVAL_MS;
  const historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
  const collectors = (options.registry ?? pageCollectors()).get(source, () => new Map());
  // Two numbers, so a plain string names the setup exactly.
  const setup = `${intervalMs}/${historySize}`;
  let collector = collectors.get(setup);
  if (!collector) {
    collector = new StatsCollector(source, { intervalMs, historySize });
    collectors.set(setup, collector);
  }
  return collector;
}
