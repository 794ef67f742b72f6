// Whether media still moves on a connection, judged from two `getStats()` readings. Pure: the
// watchdog polls, this decides. Judged by counters between readings rather than by ticks, so a
// slow event loop (a busy machine, a throttled tab) delays the verdict but cannot fake a stall.
import type { StatsReading, StreamReading } from '../stats/readStats';

/**
 * What the watchdog remembers between readings of one connection.
 *
 * @example
 * ```ts
 * let flow = startMediaFlow(clock.now());
 * flow = nextMediaFlow(flow, readStats(await pc.getStats()), clock.now());
 * if (isMediaStalled(flow, clock.now(), 4000)) console.warn('nothing arrives');
 * ```
 */
export interface MediaFlowState {
  /** The previous reading, or `null` before the first. */
  readonly last: StatsReading | null;
  /**
   * When media last moved (the clock's time): a packet arrived, or the other side acknowledged
   * ours in a receiver report. Starts at the time watching began, then at the first reading.
   */
  readonly lastFlowAt: number;
  /**
   * Whether media is expected: it has moved on this connection, or we send video (whose receiver
   * reports come about once a second). A data-only or audio-only-send call is not judged.
   */
  readonly expected: boolean;
}

/**
 * The state when watching begins (the connection just connected, or a recovery was negotiated).
 *
 * @example
 * ```ts
 * const flow = startMediaFlow(performance.now());
 * ```
 */
export function startMediaFlow(now: number): MediaFlowState {
  return { last: null, lastFlowAt: now, expected: false };
}

/**
 * Folds one reading in: media moved when more packets arrived than in the previous reading, or a
 * new receiver report acknowledged what we sent.
 *
 * @example
 * ```ts
 * flow = nextMediaFlow(flow, readStats(report), clock.now());
 * ```
 */
export function nextMediaFlow(state: MediaFlowState, reading: StatsReading, now: number): MediaFlowState {
  const before = state.last;
  // The first reading is only a baseline: how late it came says nothing about the media.
  if (!before) return { last: reading, lastFlowAt: now, expected: state.expected || receivedOf(reading) > 0 };
  const moved = receivedOf(reading) > receivedOf(before) || acknowledgedSince(before, reading);
  const expected = state.expected || moved || sendsVideoSince(before, reading);
  return { last: reading, lastFlowAt: moved ? now : state.lastFlowAt, expected };
}

/**
 * Whether media is expected and has not moved for `stallAfterMs`.
 *
 * @example
 * ```ts
 * isMediaStalled(flow, clock.now(), DEFAULT_STALL_AFTER_MS);
 * ```
 */
export function isMediaStalled(state: MediaFlowState, now: number, stallAfterMs: number): boolean {
  return state.expected && state.last !== null && now - state.lastFlowAt >= stallAfterMs;
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
