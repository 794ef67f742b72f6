import { QualityMonitor } from '../core/quality/QualityMonitor';
import { sharedQualityMonitor, type QualityMonitorRegistry } from '../core/quality/sharedQualityMonitor';
import type { SmoothingOptions } from '../core/quality/smoothQuality';
import type { QualityScore } from '../core/quality/types';
import { UNKNOWN_QUALITY } from '../core/quality/unknownQuality';
import { sharedStatsCollector, type StatsCollectorRegistry } from '../core/stats/sharedStatsCollector';
import { useEngine } from './internal/useEngine';
import { useSelectedSnapshot } from './useSelectedSnapshot';
import { defaultIsEqual } from './useStats';

/** Options for {@link useConnectionQuality}. */
export interface UseConnectionQualityOptions<T> {
  /** Milliseconds between `getStats()` calls. Default 1000. */
  readonly intervalMs?: number;
  /** Hysteresis settings, or `false` for the raw score of each tick. Default: the documented rule. */
  readonly smoothing?: SmoothingOptions | false;
  /** Picks what the component needs; it re-renders only when that changes. */
  readonly select?: (quality: QualityScore) => T;
  readonly isEqual?: (a: T, b: T) => boolean;
  /** Where the shared monitors (default smoothing) live; default the page's (see `sharedQualityMonitor`). */
  readonly registry?: QualityMonitorRegistry;
  /** Where the shared stats collectors live; default the page's (see `sharedStatsCollector`). */
  readonly statsRegistry?: StatsCollectorRegistry;
}

const identity = (quality: QualityScore) => quality;

/**
 * How good a connection is, from its `getStats()`: `{ level, score, mos, reasons, uplink, downlink }`
 * (see `scoreQuality`), smoothed so the level does not flicker. `level` is `'unknown'` without a
 * connection or before the first sample. Polling is shared with every other rtckit hook on the same
 * connection and stops on unmount.
 *
 * @example
 * ```tsx
 * function Quality({ pc }: { pc: RTCPeerConnection | null }) {
 *   const { level, reasons } = useConnectionQuality(pc);
 *   return <span title={reasons.map((r) => r.message).join(', ')}>{level}</span>;
 * }
 * ```
 */
export function useConnectionQuality(pc: RTCPeerConnection | null | undefined): QualityScore;
export function useConnectionQuality<T = QualityScore>(
  pc: RTCPeerConnection | null | undefined,
  options: UseConnectionQualityOptions<T>,
): T;
export function useConnectionQuality<T>(
  pc: RTCPeerConnection | null | undefined,
  options: UseConnectionQualityOptions<T> = {},
): T {
  const { intervalMs, smoothing, registry, statsRegistry } = options;
  // Default smoothing shares one monitor per connection, so every badge on it agrees; other
  // smoothing gets a monitor of its own, made again only when a setting changes.
  const monitor = useEngine(() => {
    if (!pc) return null;
    const collector = sharedStatsCollector(pc, { intervalMs, registry: statsRegistry });
    return smoothing === undefined
      ? sharedQualityMonitor(collector, { registry })
      : new QualityMonitor(collector, { smoothing: smoothing && { ...smoothing } });
  }, [pc, intervalMs, registry, statsRegistry, ...smoothingDeps(smoothing)]);
  return useSelectedSnapshot(
    monitor,
    UNKNOWN_QUALITY,
    (options.select ?? identity) as (quality: QualityScore) => T,
    options.isEqual ?? defaultIsEqual,
  );
}

/** Every smoothing setting, checked complete by the type: each is a dependency of its own. */
const SMOOTHING_SETTINGS: Readonly<Record<keyof SmoothingOptions, true>> = {
  dropFactor: true,
  recoveryFactor: true,
  dropMargin: true,
  recoveryMargin: true,
  holdTicks: true,
  severeDrop: true,
};

/** The smoothing settings one by one: written inline, they are a new object on every render. */
function smoothingDeps(smoothing: SmoothingOptions | false | undefined): readonly unknown[] {
  const mode = smoothing === undefined ? 'shared' : smoothing === false ? 'raw' : 'own';
  const settings = smoothing || undefined;
  return [mode, ...Object.keys(SMOOTHING_SETTINGS).map((key) => settings?.[key as keyof SmoothingOptions])];
}
