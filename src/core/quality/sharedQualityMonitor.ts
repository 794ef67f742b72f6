import { lazily, SharedRegistry } from '../sharedRegistry';
import type { StatsCollector } from '../stats/StatsCollector';
import { QualityMonitor } from './QualityMonitor';

/** Quality monitors (default smoothing) by stats collector: what {@link sharedQualityMonitor} reads from and fills. */
export type QualityMonitorRegistry = SharedRegistry<StatsCollector, QualityMonitor>;

/** The page's registry, made on first use. */
const pageMonitors = /* @__PURE__ */ lazily((): QualityMonitorRegistry => new SharedRegistry());

/**
 * The one {@link QualityMonitor} (default smoothing) for a collector, so every badge on the same
 * connection shows the same level. Creating it starts nothing. Pass a `registry` of your own
 * (`new SharedRegistry()`) to share among your callers only.
 *
 * @example
 * ```ts
 * const quality = sharedQualityMonitor(sharedStatsCollector(pc));
 * ```
 */
export function sharedQualityMonitor(
  collector: StatsCollector,
  options: { readonly registry?: QualityMonitorRegistry } = {},
): QualityMonitor {
  return (options.registry ?? pageMonitors()).get(collector, (key) => new QualityMonitor(key));
}
