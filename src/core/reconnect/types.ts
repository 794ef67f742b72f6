/**
 * Where a call's automatic reconnection stands:
 * - `idle`: not connected yet, or the call ended (closed here or by the other side);
 * - `connected`: media flows;
 * - `reconnecting`: the connection was lost and is being brought back;
 * - `failed`: it could not be brought back within the give-up bound; `retryNow()` tries again.
 */
export type ReconnectState = 'idle' | 'connected' | 'reconnecting' | 'failed';

/**
 * Why a call is reconnecting (or why it last was, once `failed`):
 * - `disconnected`: the connection went `disconnected` (no packets for a few seconds);
 * - `media-stalled`: the connection says `connected` but no media has moved for `stallAfterMs`
 *   (nothing received, nothing we send acknowledged), or a recovery connected without media;
 * - `failed`: the connection went `failed` (ICE or DTLS gave up);
 * - `restart-timeout`: an ICE restart did not bring it back in time, so the connection is rebuilt;
 * - `peer-restarted`: the other side started a new connection (it rebuilt, or reloaded);
 * - `signaling-lost`: the signaling server cannot be reached, so nothing can be renegotiated;
 * - `offline`: the browser reports no network; retries wait until it is back;
 * - `network-changed`: the network changed (back online, or another network type).
 */
export type ReconnectReason =
  | 'disconnected'
  | 'media-stalled'
  | 'failed'
  | 'restart-timeout'
  | 'peer-restarted'
  | 'signaling-lost'
  | 'offline'
  | 'network-changed';

/** What a recovery attempt does: restart ICE on the connection, or replace the connection. */
export type RecoveryAction = 'ice-restart' | 'rebuild';
