import type { RtcKitError } from '../errors';
import type { WebSocketSignalingStatus } from '../peer/webSocketSignaling';
import type { ReconnectReason, ReconnectState, RecoveryAction } from './types';

/** What a {@link Reconnector} holds right now. Replaced, never mutated, when something changes. */
export interface ReconnectSnapshot {
  readonly state: ReconnectState;
  /** Why it is reconnecting (or why it last was, once `failed`); `null` while connected or idle. */
  readonly reason: ReconnectReason | null;
  /** Recovery attempts made since the connection was lost; 0 while connected. */
  readonly attempt: number;
  /**
   * Milliseconds until the next attempt, counting down once a second; while the signaling server
   * is unreachable, until its next reconnection attempt. `null` when nothing is scheduled.
   */
  readonly nextRetryInMs: number | null;
  /** The recovery in progress: an ICE restart, or a new connection (either side's). */
  readonly action: RecoveryAction | null;
  /** When the connection was lost (the injected clock's time), while reconnecting or failed. */
  readonly lostAt: number | null;
  /** ICE restarts this reconnector made, in the session's life (for telemetry). */
  readonly iceRestarts: number;
  /** Connections this reconnector rebuilt, in the session's life. */
  readonly rebuilds: number;
  /**
   * Times a dead video send stream was repaired by attaching the app's track to its sender again
   * (the `watchSendStall` option), in the reconnector's life.
   */
  readonly videoReattaches: number;
  /** Whether the browser reports a network. */
  readonly online: boolean;
  /** The signaling connection's status, when the signaling reports one (a WebSocket adapter). */
  readonly signaling: WebSocketSignalingStatus | null;
  /** Set on `failed`: why it gave up, with a hint. */
  readonly error: RtcKitError | null;
}

/**
 * The snapshot of a reconnector with nothing to watch (also what `useAutoReconnect` shows without a
 * peer). Internal to rtckit: not exported from the package.
 *
 * @example
 * ```ts
 * const snapshot = peer ? reconnector.getSnapshot() : IDLE_RECONNECT_SNAPSHOT;
 * ```
 */
export const IDLE_RECONNECT_SNAPSHOT: ReconnectSnapshot = /* @__PURE__ */ Object.freeze({
  state: 'idle',
  reason: null,
  attempt: 0,
  nextRetryInMs: null,
  action: null,
  lostAt: null,
  iceRestarts: 0,
  rebuilds: 0,
  videoReattaches: 0,
  online: true,
  signaling: null,
  error: null,
});
