// After a connection is replaced (rebuild, or the other side started afresh), descriptions and
// candidates of the old one may still be in flight. They are told apart by the SDP session id
// (one per RTCPeerConnection) and the ICE username fragment (one per ICE generation).
import { sessionIdOf, ufragsOf } from './sdp';
import type { SignalingCandidate, SignalingDescription } from './signalingMessage';

/** How many replaced connections' identities are remembered to drop their late messages. */
const MAX_RETIRED = 32;

/**
 * Remembers the other side's connections that were replaced here, and tells which incoming
 * descriptions and candidates belong to a connection that is gone.
 */
export class StaleMessageFilter {
  readonly #sessions: string[] = [];
  readonly #ufrags: string[] = [];

  /** Remembers the other side's identities on `pc`, which is being replaced. */
  retire(pc: RTCPeerConnection): void {
    // Firefox throws InvalidStateError on reading any description of a closed connection. One the
    // app closed behind the session's back leaves nothing to remember; the `for` check still drops
    // descriptions meant for it.
    if (pc.signalingState === 'closed') return;
    for (const description of [pc.currentRemoteDescription, pc.pendingRemoteDescription]) {
      if (!description) continue;
      remember(this.#sessions, sessionIdOf(description.sdp));
      for (const ufrag of ufragsOf(description.sdp)) remember(this.#ufrags, ufrag);
    }
  }

  /**
   * Whether `description` is stale for `pc`: meant (`for`) for a connection of ours that is gone,
   * or sent by a connection of theirs that is gone.
   */
  isStaleDescription(pc: RTCPeerConnection, description: SignalingDescription, meantFor: string | undefined): boolean {
    if (meantFor !== undefined && meantFor !== sessionIdOf(pc.localDescription?.sdp ?? '')) return true;
    const session = sessionIdOf(description.sdp);
    return session !== null && this.#sessions.includes(session);
  }

  /** Whether `candidate` was gathered by a connection of theirs that is gone. */
  isStaleCandidate(candidate: SignalingCandidate): boolean {
    return !!candidate.usernameFragment && this.#ufrags.includes(candidate.usernameFragment);
  }
}

/**
 * Whether `candidate` belongs to another ICE generation than `remote` (a replaced connection, or
 * one before an ICE restart): its username fragment is not among the description's.
 */
export function isOfOtherIceGeneration(candidate: SignalingCandidate, remote: RTCSessionDescription | null): boolean {
  const ufrag = candidate.usernameFragment;
  return !!ufrag && !!remote && !ufragsOf(remote.sdp).includes(ufrag);
}

function remember(list: string[], value: string | null): void {
  if (value === null || list.includes(value)) return;
  list.push(value);
  if (list.length > MAX_RETIRED) list.shift();
}
