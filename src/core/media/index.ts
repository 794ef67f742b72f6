export { toCaptureError } from './captureError';
export { getLocalMedia, type GetLocalMediaOptions, type UserMediaSource } from './getLocalMedia';
export { LocalMedia, type LocalMediaOptions, type LocalMediaSnapshot, type LocalMediaStatus } from './LocalMedia';
export { facesUser, isVideoShowing, primaryVideoTrack, watchStreamVideo } from './streamVideo';
