// rtckit/testing: fakes for testing WebRTC UIs in jsdom, the same ones rtckit's own tests use.
export {
  FakeMediaDevices,
  type CaptureFailureName,
  type FakeDevice,
  type FakeMediaDevicesInit,
} from './FakeMediaDevices';
export { FakeMediaStream } from './FakeMediaStream';
export { FakePermissions, type FakePermissionName } from './FakePermissions';
export { FakeMediaStreamTrack, type FakeMediaStreamTrackInit } from './FakeMediaStreamTrack';
export { installFakeMedia, type InstalledFakeMedia } from './installFakeMedia';
export { FakeStatsPeerConnection, type ScriptedStats } from './FakeStatsPeerConnection';
export { loopbackOnly } from './loopbackOnly';
export { FakeNetworkStatus } from './FakeNetworkStatus';
