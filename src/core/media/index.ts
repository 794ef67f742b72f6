export {
  AudioLevelMonitor,
  levelOf,
  type AudioLevelMonitorOptions,
  type AudioLevelSnapshot,
} from './AudioLevelMonitor';
export { routeAudioTo } from './audioOutput';
export { toCaptureError } from './captureError';
export { watchElementBox, type ElementBox } from './elementBox';
export {
  DeviceManager,
  type DeviceFallback,
  type DeviceKind,
  type DeviceListStatus,
  type DeviceManagerOptions,
  type DeviceManagerSnapshot,
  type DevicePermission,
  type DevicePermissions,
  type DeviceSelection,
  type DeviceSource,
} from './DeviceManager';
export { sharedDeviceManager, type DeviceManagerRegistry } from './sharedDeviceManager';
export { deviceOptions, type DeviceOptions, type DevicePickerState } from './deviceOptions';
export type { DeviceChoice, DeviceChoices, PreferenceStorage } from './devicePreferences';
export { getLocalMedia, type GetLocalMediaOptions, type UserMediaSource } from './getLocalMedia';
export {
  LocalMedia,
  type LocalMediaOptions,
  type LocalMediaSnapshot,
  type LocalMediaStatus,
  type MediaKind,
} from './LocalMedia';
export {
  ScreenShare,
  type DisplayMediaSource,
  type ScreenShareOptions,
  type ScreenShareSnapshot,
  type ScreenShareStatus,
} from './ScreenShare';
export { facesUser, isVideoShowing, primaryVideoTrack, watchStreamVideo } from './streamVideo';
export { watchVideoFrames, type VideoFramesOptions } from './videoFrames';
