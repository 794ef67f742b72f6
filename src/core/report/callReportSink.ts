import type { CallReportMessage } from './callReportTypes';

/** Why a sink is asked to send what it holds: the call ended, or the page is going away. */
export type SinkFlushReason = 'end' | 'pagehide';

/**
 * Where a `CallReporter` puts its reports and summaries. `send` must not throw and should not
 * block; a sink that batches sends what it holds on `flush` (with `'pagehide'`, synchronously,
 * as the page may be gone a moment later).
 *
 * @example
 * ```ts
 * const consoleSink: CallReportSink = { send: (message) => console.log(message.kind, message) };
 * ```
 */
export interface CallReportSink {
  send(message: CallReportMessage): void;
  flush?(reason: SinkFlushReason): void;
}

/**
 * A sink that calls `callback` with each report and summary, as they are made.
 *
 * @example
 * ```ts
 * const reporter = new CallReporter(pc, { sink: callbackSink((m) => m.kind === 'summary' && save(m)) });
 * ```
 */
export function callbackSink(callback: (message: CallReportMessage) => void): CallReportSink {
  return { send: callback };
}

/** A sink, or a bare callback taken as {@link callbackSink}. */
export type CallReportSinkLike = CallReportSink | ((message: CallReportMessage) => void);

/** The sink for `sink`, wrapping a bare callback. */
export function sinkOf(sink: CallReportSinkLike): CallReportSink {
  return typeof sink === 'function' ? callbackSink(sink) : sink;
}
