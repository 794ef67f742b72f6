import type { AdaptiveBitrateSnapshot } from '../abr/abrSnapshot';
import type { Clock } from '../clock';
import type { RtcKitError } from '../errors';
import { ReportKitError } from './reportErrors';
import type { PeerClosedBy } from '../peer/peerSessionSnapshot';
import type { QualityMonitorRegistry } from '../quality/sharedQualityMonitor';
import type { ReconnectSnapshot } from '../reconnect/reconnectSnapshot';
import type { StatsCollectorRegistry } from '../stats/sharedStatsCollector';
import type { ReadableStore } from '../store';
import type { CallReportSinkLike } from './callReportSink';
import type { BrowserInfo, CallReport, CallSummary } from './callReportTypes';
import type { Observed } from './observed';
import type { SupportDumpOptions } from './SupportDump';

/**
 * What a call reporter reports on: a connection, or a session (a `PeerSession`, an SFU session)
 * whose snapshot names its current connection — followed across rebuilds — and who closed it.
 */
export type CallReportSource =
  RTCPeerConnection | ReadableStore<{ readonly pc: RTCPeerConnection | null; readonly closedBy?: PeerClosedBy | null }>;

/** Options for `CallReporter` (and `useCallReport`). */
export interface CallReporterOptions {
  /** Where reports and the summary go: a sink (`fetchSink`, `beaconSink`, …) or a callback. Default: none (the snapshot only). */
  readonly sink?: CallReportSinkLike | null;
  /** Milliseconds between periodic reports, at least 1000. Default 10 000. */
  readonly intervalMs?: number;
  /** The call's id in every message. Default: 16 random hex digits from the clock's `random`. */
  readonly callId?: string;
  /** The adaptive bitrate controller (or `useAdaptiveBitrate`'s result), for the rung. */
  readonly abr?: Observed<AdaptiveBitrateSnapshot> | null;
  /** The reconnector (or `useAutoReconnect`'s result), for reconnect attempts, reasons and durations. */
  readonly reconnect?: Observed<ReconnectSnapshot> | null;
  /** Redact IP addresses and candidate details from everything that leaves the reporter. Default `true`. */
  readonly redact?: boolean;
  /** How much the support dump keeps, or `false` to keep no raw stats. Default: its defaults. */
  readonly supportDump?: Omit<SupportDumpOptions, 'redact'> | false;
  /** Which shared stats collector to read (its polling interval). Default 1000. */
  readonly statsIntervalMs?: number;
  readonly statsRegistry?: StatsCollectorRegistry;
  readonly qualityRegistry?: QualityMonitorRegistry;
  readonly clock?: Clock;
  /** The browser to report. Default: read from `navigator` when reporting starts. */
  readonly browser?: BrowserInfo;
  /** Where `pagehide` is heard; `null` for nowhere. Default: `window`, looked up when reporting starts. */
  readonly pageEvents?: EventTarget | null;
  /** Called when the sink throws. */
  readonly onError?: (error: RtcKitError) => void;
}

/** Where a reporter stands: not started, reporting, or done (it reports one call). */
export type CallReporterState = 'idle' | 'reporting' | 'ended';

/** What a `CallReporter` holds. Replaced, never mutated, at each report and at the end. */
export interface CallReporterSnapshot {
  readonly state: CallReporterState;
  readonly callId: string;
  /** The newest periodic report (redacted as sent). */
  readonly latest: CallReport | null;
  /** The summary so far (`endReason: 'in-progress'`), refreshed with each report; the final one once ended. */
  readonly summary: CallSummary | null;
  /** Periodic reports made. */
  readonly reports: number;
}

/** The default milliseconds between periodic reports. */
export const DEFAULT_REPORT_INTERVAL_MS = 10_000;

/** `intervalMs`, checked. */
export function checkReportInterval(intervalMs: number): number {
  if (!(Number.isFinite(intervalMs) && intervalMs >= 1000)) {
    throw new ReportKitError('invalid-report-option', {
      detail: `intervalMs must be a number of at least 1000, got ${intervalMs}.`,
    });
  }
  return intervalMs;
}

/** A call id: 16 hex digits. */
export function randomCallId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 4; i++)
    id += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return id;
}
