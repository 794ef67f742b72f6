import type { AdaptiveBitrateSnapshot } from '../abr/abrSnapshot';
import type { QualityScore } from '../quality/types';
import type { ReconnectSnapshot } from '../reconnect/reconnectSnapshot';
import type { DirectionSample, StatsSample } from '../stats/types';
import { CALL_REPORT_VERSION, type BrowserInfo, type CallReport, type DirectionReport } from './callReportTypes';
import type { SummaryTotals } from './CallSummaryAccumulator';
import { routeOf } from './routeOf';

/** Everything a periodic report is made of, read from the engine units at report time. */
export interface CallReportInput {
  readonly callId: string;
  readonly seq: number;
  /** Milliseconds since reporting started. */
  readonly t: number;
  readonly browser: BrowserInfo;
  /** The newest stats sample, or `null` before there is one. */
  readonly sample: StatsSample | null;
  readonly quality: QualityScore;
  readonly abr: AdaptiveBitrateSnapshot | null;
  readonly reconnect: ReconnectSnapshot | null;
  /** The summary's running counts now, and at the previous report (freezes are reported as the difference). */
  readonly totals: SummaryTotals;
  readonly previousTotals: SummaryTotals;
}

/**
 * A periodic {@link CallReport} from the latest stats sample, quality, adaptive bitrate and
 * reconnect snapshots. Pure; reads no address from the sample.
 *
 * @example
 * ```ts
 * const report = buildCallReport({ callId: 'c1', seq: 1, t: 10_000, browser, sample, quality,
 *   abr: null, reconnect: null, totals, previousTotals: totals });
 * report.inbound.bitrate; // 812_000
 * ```
 */
export function buildCallReport(input: CallReportInput): CallReport {
  const { sample, quality, abr, reconnect, totals, previousTotals } = input;
  return {
    kind: 'report',
    version: CALL_REPORT_VERSION,
    callId: input.callId,
    seq: input.seq,
    t: Math.round(input.t),
    browser: input.browser,
    connectionState: sample?.connectionState ?? null,
    quality: {
      level: quality.level,
      score: quality.score,
      mos: quality.mos,
      uplink: quality.uplink,
      downlink: quality.downlink,
      reasons: quality.reasons.map((reason) => reason.code),
    },
    outbound: directionOf(sample?.outbound),
    inbound: directionOf(sample?.inbound),
    rttMs: sample?.rttMs ?? null,
    freezes: {
      count: totals.freezeCount - previousTotals.freezeCount,
      durationMs: Math.round(totals.freezeMs - previousTotals.freezeMs),
    },
    abr: abr && { rung: abr.rung?.id ?? null, reason: abr.reason },
    reconnect: reconnect && {
      state: reconnect.state,
      attempt: reconnect.attempt,
      reason: reconnect.reason,
      losses: totals.losses,
      byReason: totals.byReason,
    },
    route: routeOf(sample?.candidatePair),
  };
}

function directionOf(direction: DirectionSample | undefined): DirectionReport {
  const kinds = [direction?.audio, direction?.video].filter((kind) => kind !== undefined);
  const known = (values: (number | undefined)[]) => values.filter((value) => value !== undefined);
  const bitrates = known(kinds.map((kind) => kind.bitrate));
  const losses = known(kinds.map((kind) => kind.packetLoss));
  const jitters = known(kinds.map((kind) => kind.jitterMs));
  return {
    bitrate: bitrates.length > 0 ? Math.round(bitrates.reduce((sum, value) => sum + value, 0)) : null,
    packetLoss: losses.length > 0 ? Math.max(...losses) : null,
    jitterMs: jitters.length > 0 ? Math.max(...jitters) : null,
  };
}
