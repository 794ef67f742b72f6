export { browserNetworkStatus, type NetworkStatus, type NetworkStatusSource } from './networkStatus';
export { reconnectBackoff, type ReconnectBackoffOptions } from './reconnectBackoff';
export type { ReconnectablePeer } from './reconnectablePeer';
export { Reconnector } from './Reconnector';
export type { ReconnectorOptions } from './reconnectorOptions';
export type { ReconnectSnapshot } from './reconnectSnapshot';
export type { ReconnectReason, ReconnectState, RecoveryAction } from './types';
export {
  DEFAULT_STALL_AFTER_MS,
  mediaSince,
  MediaWatchdog,
  type MediaWatchdogOptions,
  type MediaWatchdogSnapshot,
  type WatchedConnection,
} from './MediaWatchdog';
