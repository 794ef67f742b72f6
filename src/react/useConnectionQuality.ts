import { useMemo } from 'react';
import { QualityMonitor } from '../core/quality/QualityMonitor';
import { scoreQuality } from '../core/quality/scoreQuality';
import { sharedQualityMonitor } from '../core/quality/sharedQualityMonitor';
import type { SmoothingOptions } from '../core/quality/smoothQuality';
import type { QualityScore } from '../core/quality/types';
import { sharedStatsCollector } from '../core/stats/sharedStatsCollector';
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
}

const UNKNOWN = scoreQuality(null);
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
  const { intervalMs, smoothing } = options;
  // Default smoothing shares one monitor per connection, so every badge on it agrees.
  const custom = smoothing === undefined ? undefined : JSON.stringify(smoothing);
  const monitor = useMemo(() => {
    if (!pc) return null;
    const collector = sharedStatsCollector(pc, { intervalMs });
    return custom === undefined
      ? sharedQualityMonitor(collector)
      : new QualityMonitor(collector, { smoothing: JSON.parse(custom) as SmoothingOptions | false });
  }, [pc, intervalMs, custom]);
  return useSelectedSnapshot(
    monitor,
    UNKNOWN,
    (options.select ?? identity) as (quality: QualityScore) => T,
    options.isEqual ?? defaultIsEqual,
  );
}
