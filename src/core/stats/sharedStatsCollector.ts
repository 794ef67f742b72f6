import { DEFAULT_HISTORY_SIZE, DEFAULT_STATS_INTERVAL_MS, StatsCollector, type StatsSource } from './StatsCollector';

const shared = new WeakMap<StatsSource, Map<string, StatsCollector>>();

/**
 * The one {@link StatsCollector} for a connection and polling setup, shared by every caller, so a
 * badge, an overlay and a hook on the same connection poll `getStats()` once between them. Creating
 * it starts nothing: it polls only while subscribed. Entries go when the connection is garbage.
 *
 * @example
 * ```ts
 * const collector = sharedStatsCollector(pc);
 * sharedStatsCollector(pc) === collector; // true
 * ```
 */
export function sharedStatsCollector(
  source: StatsSource,
  options: { readonly intervalMs?: number; readonly historySize?: number } = {},
): StatsCollector {
  const intervalMs = options.intervalMs ?? DEFAULT_STATS_INTERVAL_MS;
  const historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
  const key = `${intervalMs}/${historySize}`;
  let collectors = shared.get(source);
  if (!collectors) {
    collectors = new Map();
    shared.set(source, collectors);
  }
  let collector = collectors.get(key);
  if (!collector) {
    collector = new StatsCollector(source, { intervalMs, historySize });
    collectors.set(key, collector);
  }
  return collector;
}
