// rtckit: React hooks and components, plus the whole engine so one import path is enough.
// The 'use client' banner is added at build time (see tsup.config.ts).
export * from './core/index';
export { AudioLevelMeter, type AudioLevelMeterProps } from './react/AudioLevelMeter';
export { DeviceSelector, type DeviceSelectorProps, type DeviceSelectorRenderProps } from './react/DeviceSelector';
export { useAudioLevel } from './react/useAudioLevel';
export { useDevices, type UseDevicesOptions, type UseDevicesResult } from './react/useDevices';
export { useLocalMedia, type UseLocalMediaOptions, type UseLocalMediaResult } from './react/useLocalMedia';
export { useScreenShare, type UseScreenShareResult } from './react/useScreenShare';
export { useVideoTrack, type VideoTrackInfo } from './react/useVideoTrack';
export { VideoTile, type VideoTileProps, type VideoTileState } from './react/VideoTile';
export { VideoGrid, type VideoGridDefaults, type VideoGridProps } from './react/VideoGrid';
export { useStats, type UseStatsOptions } from './react/useStats';
export { useConnectionQuality, type UseConnectionQualityOptions } from './react/useConnectionQuality';
export { QualityBadge, type QualityBadgeProps, type QualityBadgeValue } from './react/QualityBadge';
export { StatsOverlay, type StatsOverlayProps } from './react/StatsOverlay';
export { Sparkline, type SparklineProps } from './react/Sparkline';
export {
  usePeerConnection,
  type UsePeerConnectionOptions,
  type UsePeerConnectionResult,
} from './react/usePeerConnection';
export { useCodecs } from './react/useCodecs';
export { useIceProbe, type UseIceProbeOptions, type UseIceProbeResult } from './react/useIceProbe';
export { IceProbe, type IceProbeProps, type IceProbeValue } from './react/IceProbe';
export {
  useAdaptiveBitrate,
  type AdaptiveBitrateTarget,
  type UseAdaptiveBitrateOptions,
  type UseAdaptiveBitrateResult,
} from './react/useAdaptiveBitrate';
export {
  useAutoReconnect,
  type AutoReconnectPeer,
  type UseAutoReconnectOptions,
  type UseAutoReconnectResult,
} from './react/useAutoReconnect';
export {
  useCallReport,
  type CallReportTarget,
  type UseCallReportOptions,
  type UseCallReportResult,
} from './react/useCallReport';
export {
  ConnectionStatus,
  type ConnectionStatusLabels,
  type ConnectionStatusProps,
  type ConnectionStatusValue,
} from './react/ConnectionStatus';
