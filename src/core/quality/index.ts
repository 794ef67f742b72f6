export {
  CODEC_LOSS,
  DEFAULT_CODEC_LOSS,
  QUALITY_THRESHOLDS,
  levelFromScore,
  mosFromRating,
  mosFromScore,
  scoreQuality,
  type CodecLoss,
} from './scoreQuality';
export {
  sameQuality,
  sameReasons,
  smoothQuality,
  type DirectionTrend,
  type QualityTrend,
  type SmoothingOptions,
} from './smoothQuality';
export type { QualityDirection, QualityLevel, QualityReason, QualityReasonCode, QualityScore } from './types';
export { QualityMonitor } from './QualityMonitor';
export { sharedQualityMonitor, type QualityMonitorRegistry } from './sharedQualityMonitor';
