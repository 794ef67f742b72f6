export { reconnectBackoff, type ReconnectBackoffOptions } from './reconnectBackoff';
export type { ReconnectReason, ReconnectState, RecoveryAction } from './types';
