// What call reports add to the metrics. Every label value comes from a closed union listed in
// reportSchema.ts (closedCounter): a value outside it, which the schema refuses anyway, is not
// counted, so no report can add a series.
import type * as PromClient from 'prom-client';
import type { CallReport, CallReportMessage, CallSummary } from '../core/report/callReportTypes.ts';
import type { ReconnectReason } from '../core/reconnect/types.ts';
import { BoundedMap } from './boundedMap.ts';
import type { ReportIngestMetrics } from './reportIngest.ts';
import { REPORT_REFUSAL_STATUS, type ReportRefusal } from './reportRefusal.ts';
import { closedCounter } from './closedCounter.ts';
import { membersOf, type ClosedSet } from './closedSet.ts';
import { CALL_END_REASONS, QUALITY_LEVELS, RECONNECT_REASONS } from './reportSchema.ts';

/** What the metrics remember of one call: the reconnects counted so far, and whether its first frame was. */
interface CallTally {
  readonly byReason: Partial<Record<ReconnectReason, number>>;
  firstFrameCounted: boolean;
}

/** The buckets of each histogram: where the thresholds of the quality levels fall. */
export const REPORT_BUCKETS = {
  mos: [1.5, 2, 2.5, 3, 3.5, 4, 4.2, 4.4],
  rttSeconds: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2],
  freezeSecondsPerMinute: [0, 0.5, 1, 2, 5, 10, 20, 40],
  timeToFirstFrameSeconds: [0.25, 0.5, 1, 2, 3, 5, 10, 20],
} as const;

/**
 * The report metrics on `registry`, and what the ingest calls to feed them.
 *
 * @example
 * ```ts
 * const prom = await import('prom-client');
 * const reports = createReportMetrics(prom, new prom.Registry(), 100_000);
 * reports.accepted('alice', report);
 * ```
 */
export function createReportMetrics(
  prom: typeof PromClient,
  registry: PromClient.Registry,
  maxCalls: number,
): ReportIngestMetrics {
  const counter = <V extends string>(name: string, help: string, label: string, values: ClosedSet<V>) =>
    closedCounter(prom, registry, { name, help, label, values });
  const histogram = (name: string, help: string, buckets: readonly number[]) =>
    new prom.Histogram({ name, help, buckets: [...buckets], registers: [registry] });
  const reports = counter(
    'rtckit_call_reports_total',
    'Periodic call reports accepted, by the quality level they report.',
    'level',
    QUALITY_LEVELS,
  );
  const summaries = counter(
    'rtckit_call_summaries_total',
    'Call summaries accepted, by why they were made.',
    'end_reason',
    CALL_END_REASONS,
  );
  const refused = counter(
    'rtckit_call_reports_refused_total',
    'Report requests refused by the ingest, by reason (the whole request is refused).',
    'reason',
    REPORT_REFUSAL_STATUS,
  );
  const reconnects = counter(
    'rtckit_call_reconnects_total',
    'Times a call lost its connection, by reason (each loss counted once, from reports and summaries).',
    'reason',
    RECONNECT_REASONS,
  );
  const mos = histogram('rtckit_call_mos', 'Mean opinion score (1-4.5) in periodic reports.', REPORT_BUCKETS.mos);
  const rtt = histogram(
    'rtckit_call_rtt_seconds',
    'Round-trip time in periodic reports, seconds.',
    REPORT_BUCKETS.rttSeconds,
  );
  const freezes = histogram(
    'rtckit_call_freeze_seconds_per_minute',
    'Seconds of received video frozen per minute of call, over each report interval.',
    REPORT_BUCKETS.freezeSecondsPerMinute,
  );
  const firstFrame = histogram(
    'rtckit_call_time_to_first_frame_seconds',
    'From the start of reporting to the first decoded video frame, seconds (once per call).',
    REPORT_BUCKETS.timeToFirstFrameSeconds,
  );

  const calls = new BoundedMap<string, CallTally>(maxCalls);
  const tallyOf = (peer: string, callId: string): CallTally => {
    const key = `${peer}\n${callId}`;
    const tally = calls.get(key) ?? { byReason: {}, firstFrameCounted: false };
    calls.set(key, tally);
    return tally;
  };
  /** Counts the losses a cumulative `byReason` shows beyond what this call already counted. */
  const countReconnects = (tally: CallTally, byReason: CallSummary['reconnects']['byReason']) => {
    const counted = tally.byReason as Record<string, number>;
    for (const reason of membersOf(RECONNECT_REASONS)) {
      const total = byReason[reason] ?? 0;
      const before = counted[reason] ?? 0;
      if (total > before) {
        reconnects.inc(reason, total - before);
        counted[reason] = total;
      }
    }
  };

  const observeReport = (report: CallReport, tally: CallTally) => {
    reports.inc(report.quality.level);
    if (report.quality.mos !== null) mos.observe(report.quality.mos);
    if (report.rttMs !== null) rtt.observe(report.rttMs / 1000);
    // Reports come every intervalMs from the start, so t / seq is the interval this one covers.
    const intervalMs = report.t / report.seq;
    if (intervalMs > 0) freezes.observe(Math.min(60, report.freezes.durationMs / 1000 / (intervalMs / 60_000)));
    if (report.reconnect) countReconnects(tally, report.reconnect.byReason);
  };

  const observeSummary = (summary: CallSummary, tally: CallTally) => {
    summaries.inc(summary.endReason);
    countReconnects(tally, summary.reconnects.byReason);
    if (summary.timeToFirstFrameMs !== null && !tally.firstFrameCounted) {
      tally.firstFrameCounted = true;
      firstFrame.observe(summary.timeToFirstFrameMs / 1000);
    }
  };

  return {
    accepted(peer: string, message: CallReportMessage) {
      const tally = tallyOf(peer, message.callId);
      if (message.kind === 'report') observeReport(message, tally);
      else observeSummary(message, tally);
    },
    refused(reason: ReportRefusal) {
      refused.inc(reason);
    },
  };
}
