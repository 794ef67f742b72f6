import type { PeerSessionSnapshot } from '../peer/PeerSession';
import { ufragsOf } from '../peer/sdp';
import type { RecoveryAction } from './types';

/** A recovery attempt in flight, with what it is judged by when its time is up. Internal to rtckit. */
export interface RecoveryAttempt {
  readonly action: RecoveryAction;
  /** The connection the attempt is about: the restarted one, or the new one. */
  readonly pc: RTCPeerConnection | null;
  /** The local ICE username fragment before an ICE restart: a new one means the restart was negotiated. */
  readonly ufrag: string | null;
  /** Whether the bound was already extended for ICE to reach its verdict. */
  readonly extended: boolean;
}

/** The part of the peer's snapshot an attempt is chosen and judged by. */
type PeerState = Pick<PeerSessionSnapshot, 'pc' | 'signalingState' | 'iceConnectionState'>;

/**
 * The recovery to try next: an ICE restart on the connection, or a new connection when restarts
 * have already failed to bring it back (`escalate`) or there is no connection left to restart.
 * Internal to rtckit.
 *
 * @example
 * ```ts
 * nextRecoveryAction(false, session.getSnapshot()); // 'ice-restart'
 * nextRecoveryAction(true, session.getSnapshot()); // 'rebuild'
 * ```
 */
export function nextRecoveryAction(escalate: boolean, peer: Pick<PeerState, 'pc' | 'signalingState'>): RecoveryAction {
  return escalate || !peer.pc || peer.signalingState === 'closed' ? 'rebuild' : 'ice-restart';
}

/**
 * The attempt just begun on `pc` (for a rebuild: the new connection). Internal to rtckit.
 *
 * @example
 * ```ts
 * const attempt = recoveryAttempt('ice-restart', pc); // remembers pc's ICE ufrag
 * session.restartIce();
 * ```
 */
export function recoveryAttempt(action: RecoveryAction, pc: RTCPeerConnection | null): RecoveryAttempt {
  return { action, pc, ufrag: action === 'ice-restart' ? ufragOf(pc) : null, extended: false };
}

/**
 * What to do with an attempt whose time is up without a connection: `'extend'` once while ICE is
 * still checking the candidates of a negotiated attempt (its own verdict is better than ours:
 * `failed` restarts ICE again, since the path is down rather than the restart broken), else
 * `'escalate'` to a new connection (the offer went unanswered, DTLS did not complete, or it is out
 * of time). Internal to rtckit.
 *
 * @example
 * ```ts
 * if (verdictAtBound(attempt, session.getSnapshot()) === 'extend') armBoundAgain();
 * ```
 */
export function verdictAtBound(attempt: RecoveryAttempt, peer: PeerState): 'extend' | 'escalate' {
  const checking = peer.iceConnectionState === 'checking' || peer.iceConnectionState === 'disconnected';
  return isNegotiated(attempt, peer) && checking && !attempt.extended ? 'extend' : 'escalate';
}

/**
 * Whether the attempt's offer was answered: for an ICE restart, the connection has new ICE
 * credentials; for a new connection, a remote description. Internal to rtckit.
 *
 * @example
 * ```ts
 * if (isNegotiated(attempt, session.getSnapshot())) startJudgingMedia();
 * ```
 */
export function isNegotiated(attempt: RecoveryAttempt, peer: Pick<PeerState, 'pc' | 'signalingState'>): boolean {
  const { pc } = peer;
  return (
    pc === attempt.pc &&
    peer.signalingState === 'stable' &&
    (attempt.action === 'rebuild' ? pc?.currentRemoteDescription != null : ufragOf(pc) !== attempt.ufrag)
  );
}

function ufragOf(pc: RTCPeerConnection | null): string | null {
  return ufragsOf(pc?.localDescription?.sdp ?? '')[0] ?? null;
}
