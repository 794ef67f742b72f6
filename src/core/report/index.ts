export { browserOf, currentBrowser, type NavigatorLike } from './browserInfo';
export { BoundedQueue } from './BoundedQueue';
export { buildCallReport, type CallReportInput } from './buildCallReport';
export { CallReporter } from './CallReporter';
export {
  DEFAULT_REPORT_INTERVAL_MS,
  type CallReporterOptions,
  type CallReporterSnapshot,
  type CallReporterState,
  type CallReportSource,
} from './callReporterOptions';
export { callbackSink, type CallReportSink, type CallReportSinkLike, type SinkFlushReason } from './callReportSink';
export {
  CALL_REPORT_VERSION,
  MAX_LISTED_RECONNECTS,
  type BrowserInfo,
  type BrowserName,
  type CallEndReason,
  type CallReport,
  type CallReportMessage,
  type CallSummary,
  type DirectionReport,
  type ReconnectEpisode,
  type ReconnectReport,
  type RouteReport,
  type RouteType,
} from './callReportTypes';
export { CallSummaryAccumulator, type SummaryBody, type SummaryTotals } from './CallSummaryAccumulator';
export { DwellTime } from './dwellTime';
export {
  beaconSink,
  fetchSink,
  type BeaconSinkOptions,
  type FetchSinkOptions,
  type HttpSink,
  type HttpSinkCounts,
  type HttpSinkOptions,
} from './httpSink';
export type { Observed } from './observed';
export { REDACTED, redact, redactText } from './redact';
export { routeOf, routeTypeOf } from './routeOf';
export {
  downloadSupportDump,
  SupportDump,
  type DownloadTarget,
  type SupportDumpHeader,
  type SupportDumpOptions,
} from './SupportDump';
