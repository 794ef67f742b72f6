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
export {
  FakePeerConnection,
  type FakePeerConnectionInit,
  type FakeTransceiver,
  type ScriptedStats,
} from './FakePeerConnection';
export { FakeRtpReceiver } from './FakeRtpReceiver';
export { FakeRtpSender, type FakeRtpSenderOptions } from './FakeRtpSender';
export {
  NETWORK_CONDITIONS,
  networkStatsScript,
  type NetworkCondition,
  type NetworkProfile,
} from './networkConditions';
export { loopbackOnly } from './loopbackOnly';
export { FakeIceNetwork, FakeIcePeerConnection, type FakeIceServerScript } from './FakeIceNetwork';
export { FakeNetworkStatus } from './FakeNetworkStatus';
export { seededRandom, VirtualClock } from './VirtualClock';
