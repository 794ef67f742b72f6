import type { SignalingCandidate } from './signalingMessage';

/** At most this many candidates wait for a remote description; the oldest are dropped beyond. */
const MAX_PENDING_CANDIDATES = 500;

/** A candidate waiting for the remote description. */
export interface PendingCandidate {
  readonly candidate: SignalingCandidate;
  /** Queued while an offer was being ignored: a failure to add it later is expected. */
  readonly whileIgnoring: boolean;
}

/**
 * The remote candidates that arrived before the remote description (trickle ICE lets them
 * overtake it), kept in order until the description is set.
 */
export class CandidateQueue {
  #pending: PendingCandidate[] = [];

  hold(candidate: SignalingCandidate, whileIgnoring: boolean): void {
    this.#pending.push({ candidate, whileIgnoring });
    if (this.#pending.length > MAX_PENDING_CANDIDATES) this.#pending.shift();
  }

  /** Every held candidate, oldest first; the queue is empty afterwards. */
  takeAll(): PendingCandidate[] {
    const pending = this.#pending;
    this.#pending = [];
    return pending;
  }
}
