import type { StatsCollector } from '../stats/StatsCollector';
import { QualityMonitor } from './QualityMonitor';

const shared = new WeakMap<StatsCollector, QualityMonitor>();

/**
 * The one {@link QualityMonitor} (default smoothing) for a collector, so every badge on the same
 * connection shows the same level. Creating it starts nothing.
 *
 * @example
 * ```ts
 * const quality = sharedQualityMonitor(sharedStatsCollector(pc));
 * ```
 */
export function sharedQualityMonitor(collector: StatsCollector): QualityMonitor {
  let monitor = shared.get(collector);
  if (!monitor) {
    monitor = new QualityMonitor(collector);
    shared.set(collector, monitor);
  }
  return monitor;
}
