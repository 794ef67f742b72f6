import { sharedStatsCollector, type StatsCollectorRegistry } from '../core/stats/sharedStatsCollector';
import { EMPTY_STATS, type StatsSnapshot } from '../core/stats/StatsCollector';
import { shallowEqual } from '../core/store';
import { useEngine } from './internal/useEngine';
import { useSelectedSnapshot } from './useSelectedSnapshot';

/** Options for {@link useStats}. */
export interface UseStatsOptions<T> {
  /** Milliseconds between `getStats()` calls. Default 1000. */
  readonly intervalMs?: number;
  /** How many samples `history` keeps. Default 60. */
  readonly historySize?: number;
  /** Where the shared collectors live; default the page's (see `sharedStatsCollector`). */
  readonly registry?: StatsCollectorRegistry;
  /** Picks what the component needs; it re-renders only when that changes. Default: the whole snapshot. */
  readonly select?: (snapshot: StatsSnapshot) => T;
  /** How two selections are compared. Default: `Object.is`, or shallow equality for plain objects and arrays. */
  readonly isEqual?: (a: T, b: T) => boolean;
}

const identity = (snapshot: StatsSnapshot) => snapshot;

/** `Object.is`, or shallow equality when both are objects (so selecting `{ a, b }` inline is cheap). */
export function defaultIsEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && shallowEqual(a, b);
}

/**
 * Normalised `getStats()` samples of a connection, polled once per second while the component is
 * mounted (and shared with every other rtckit hook or component on the same connection). Pass
 * `select` to take only what you show: a tick that changes nothing selected renders nothing.
 *
 * @example
 * ```tsx
 * function Bitrate({ pc }: { pc: RTCPeerConnection | null }) {
 *   const kbps = useStats(pc, { select: (s) => Math.round((s.latest?.inbound.video?.bitrate ?? 0) / 1000) });
 *   return <span>{kbps} kbit/s</span>;
 * }
 * ```
 */
export function useStats(pc: RTCPeerConnection | null | undefined): StatsSnapshot;
export function useStats<T = StatsSnapshot>(pc: RTCPeerConnection | null | undefined, options: UseStatsOptions<T>): T;
export function useStats<T>(pc: RTCPeerConnection | null | undefined, options: UseStatsOptions<T> = {}): T {
  const { intervalMs, historySize, registry } = options;
  // Creating (or finding) the shared collector starts nothing; it polls only once subscribed.
  const collector = useEngine(
    () => (pc ? sharedStatsCollector(pc, { intervalMs, historySize, registry }) : null),
    [pc, intervalMs, historySize, registry],
  );
  return useSelectedSnapshot(
    collector,
    EMPTY_STATS,
    (options.select ?? identity) as (snapshot: StatsSnapshot) => T,
    options.isEqual ?? defaultIsEqual,
  );
}
