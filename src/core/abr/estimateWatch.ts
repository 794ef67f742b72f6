// Quick reads of the congestion controller's bandwidth estimate between stats samples. A link that
// collapses shows in the estimate within about a second, but a once-a-second sample needs one or
// two more to confirm it — and meanwhile the queue the old rate fills delays every retransmission.
import type { Clock, TimerHandle } from '../clock';
import { readStats, type StatsReportLike } from '../stats/readStats';

/** One read of the estimate. */
export interface EstimateReading {
  /** The stats timestamp, ms: the same clock as the samples'. */
  readonly at: number;
  /** The selected candidate pair's `availableOutgoingBitrate`, bits per second. */
  readonly availableOutgoingBitrate: number;
}

/** Options for {@link watchEstimate}. */
export interface EstimateWatchOptions {
  /** Milliseconds between reads (each waits for the one before). */
  readonly intervalMs: number;
  readonly clock: Clock;
  /** The sender whose path to read, asked before every read; `undefined` skips that read. */
  readonly sender: () => RTCRtpSender | undefined;
  readonly onReading: (reading: EstimateReading) => void;
}

/**
 * Reads a sender's bandwidth estimate every `intervalMs` with `RTCRtpSender.getStats()` (only that
 * sender's stream and its transport, cheaper than the whole connection's report) until stopped.
 * Reads without an estimate (Firefox reports none) and failed reads (a closed connection) are
 * skipped: the connection's `StatsCollector` reports those.
 *
 * @example
 * ```ts
 * const stop = watchEstimate({
 *   intervalMs: 250,
 *   clock: systemClock,
 *   sender: () => pc.getSenders().find((s) => s.track?.kind === 'video'),
 *   onReading: ({ availableOutgoingBitrate }) => console.log(availableOutgoingBitrate),
 * });
 * ```
 */
export function watchEstimate({ intervalMs, clock, sender, onReading }: EstimateWatchOptions): () => void {
  let stopped = false;
  let timer: TimerHandle | undefined;
  const schedule = () => {
    timer = clock.setTimeout(() => {
      timer = undefined;
      void read();
    }, intervalMs);
  };
  const read = async () => {
    const target = sender();
    if (target && typeof target.getStats === 'function') {
      try {
        const reading = readStats((await target.getStats()) as unknown as StatsReportLike);
        const estimate = reading.pair?.availableOutgoingBitrate;
        if (!stopped && estimate !== undefined)
          onReading({ at: reading.timestamp, availableOutgoingBitrate: estimate });
      } catch {
        // The sender's connection closed meanwhile; the next read (if any) tries again.
      }
    }
    if (!stopped) schedule();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };
}
