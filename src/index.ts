// rtckit: React hooks and components, plus the whole engine so one import path is enough.
// The 'use client' banner is added at build time (see tsup.config.ts).
export * from './core/index';
export { useLocalMedia, type UseLocalMediaOptions, type UseLocalMediaResult } from './react/useLocalMedia';
export { useVideoTrack, type VideoTrackInfo } from './react/useVideoTrack';
export { VideoTile, type VideoTileProps, type VideoTileState } from './react/VideoTile';
export {
  usePeerConnection,
  type UsePeerConnectionOptions,
  type UsePeerConnectionResult,
} from './react/usePeerConnection';
