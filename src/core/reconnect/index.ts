export { browserNetworkStatus, type NetworkStatus, type NetworkStatusSource } from './networkStatus';
export { reconnectBackoff, type ReconnectBackoffOptions } from './reconnectBackoff';
export { Reconnector, type ReconnectablePeer, type ReconnectorOptions, type ReconnectSnapshot } from './Reconnector';
export type { ReconnectReason, ReconnectState, RecoveryAction } from './types';
