export {
  DEFAULT_HISTORY_SIZE,
  DEFAULT_STATS_INTERVAL_MS,
  StatsCollector,
  type StatsCollectorOptions,
  type StatsSnapshot,
  type StatsSource,
} from './StatsCollector';
export {
  sharedStatsCollector,
  type SharedStatsCollectorOptions,
  type StatsCollectorRegistry,
} from './sharedStatsCollector';
export { SampleHistory } from './SampleHistory';
export type { StatsLike, StatsReportLike } from './readStats';
export type {
  CandidateInfo,
  DirectionSample,
  DropReason,
  MediaSample,
  QualityLimitationReason,
  RtpStreamSample,
  SelectedCandidatePair,
  StatsSample,
} from './types';
