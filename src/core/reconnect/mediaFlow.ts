// Whether media still moves on a connection, judged from two `getStats()` readings. Pure: the
// watchdog polls, this decides. Judged by counters between readings rather than by ticks, so a
// slow event loop (a busy machine, a throttled tab) delays the verdict but cannot fake a stall.
import type { StatsReading, StreamReading } from '../stats/readStats';

/**
 * What the watchdog remembers between readings of one connection.
 *
 * @example
 * ```ts
 * let flow = startMediaFlow();
 * flow = nextMediaFlow(flow, readStats(await pc.getStats()), clock.now());
 * if (isMediaStalled(flow, clock.now(), 4000)) console.warn('nothing arrives');
 * ```
 */
export interface MediaFlowState {
  /** The previous reading, or `null` before the first. */
  readonly last: StatsReading | null;
  /** When the first reading was taken (the clock's time), or `null` before it. */
  readonly since: number | null;
  /**
   * When media last moved (the clock's time): more packets arrived than in the reading before, or
   * the other side acknowledged ours in a new receiver report. `null` until it has moved.
   */
  readonly lastFlowAt: number | null;
  /**
   * Whether media is expected: it has arrived on this connection, or we send video (whose receiver
   * reports come about once a second), or the caller said so (the connection this one replaces
   * carried media). A data-only call, or one that only sends audio, is not judged.
   */
  readonly expected: boolean;
}

/**
 * The state when watching begins: `expected` when media is known to be due (see {@link MediaFlowState.expected}).
 *
 * @example
 * ```ts
 * const flow = startMediaFlow({ expected: true }); // the connection that replaced one with media
 * ```
 */
export function startMediaFlow({ expected = false }: { readonly expected?: boolean } = {}): MediaFlowState {
  return { last: null, since: null, lastFlowAt: null, expected };
}

/**
 * Folds one reading taken at `now` in.
 *
 * @example
 * ```ts
 * flow = nextMediaFlow(flow, readStats(report), clock.now());
 * ```
 */
export function nextMediaFlow(state: MediaFlowState, reading: StatsReading, now: number): MediaFlowState {
  const before = state.last;
  // The first reading is only a baseline: how late it came says nothing about the media.
  if (!before) return { ...state, last: reading, since: now, expected: state.expected || receivedOf(reading) > 0 };
  const moved = receivedOf(reading) > receivedOf(before) || acknowledgedSince(before, reading);
  return {
    last: reading,
    since: state.since,
    lastFlowAt: moved ? now : state.lastFlowAt,
    expected: state.expected || moved || sendsVideoSince(before, reading),
  };
}

/**
 * Whether media is expected and has not moved for `stallAfterMs` (counted from the first reading
 * when it has not moved at all).
 *
 * @example
 * ```ts
 * isMediaStalled(flow, clock.now(), DEFAULT_STALL_AFTER_MS);
 * ```
 */
export function isMediaStalled(state: MediaFlowState, now: number, stallAfterMs: number): boolean {
  const from = state.lastFlowAt ?? state.since;
  return state.expected && from !== null && now - from >= stallAfterMs;
}

function receivedOf(reading: StatsReading): number {
  let packets = 0;
  for (const stream of reading.streams) if (stream.direction === 'inbound') packets += stream.packets ?? 0;
  return packets;
}

/** A receiver report newer than the last one, on any stream we send. */
function acknowledgedSince(before: StatsReading, after: StatsReading): boolean {
  const previous = outboundByKey(before);
  return after.streams.some((stream) => {
    if (stream.direction !== 'outbound') return false;
    const old = previous.get(stream.key);
    // Counted reports where the browser counts them (Chromium); else a report stamped anew (Firefox).
    if (stream.roundTripTimeMeasurements !== undefined) {
      return stream.roundTripTimeMeasurements > (old?.roundTripTimeMeasurements ?? 0);
    }
    return stream.remoteTimestamp !== undefined && stream.remoteTimestamp !== old?.remoteTimestamp;
  });
}

function sendsVideoSince(before: StatsReading, after: StatsReading): boolean {
  const previous = outboundByKey(before);
  return after.streams.some(
    (stream) =>
      stream.direction === 'outbound' &&
      stream.kind === 'video' &&
      (stream.packets ?? 0) > (previous.get(stream.key)?.packets ?? 0),
  );
}

function outboundByKey(reading: StatsReading): Map<string, StreamReading> {
  const byKey = new Map<string, StreamReading>();
  for (const stream of reading.streams) if (stream.direction === 'outbound') byKey.set(stream.key, stream);
  return byKey;
}
