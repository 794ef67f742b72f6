import type { RtcKitError } from '../errors';
import { messageOf } from '../errors';
import { PeerKitError } from './peerErrors';
import { CandidateQueue } from './candidateQueue';
import { originOf, sessionIdOf } from './sdp';
import type { SignalingCandidate, SignalingDescription, SignalingMessage } from './signalingMessage';
import { isOfOtherIceGeneration, type StaleMessageFilter } from './staleMessageFilter';

/** What a {@link PerfectNegotiation} needs from the session it negotiates for. */
export interface NegotiationHost {
  /** Whether this side gives way on glare, now (it may change when the other side says `hello`). */
  isPolite(): boolean;
  send(message: SignalingMessage): void;
  /** A failure; `affectsConnection: false` reports it without putting it in the snapshot. */
  report(error: RtcKitError, affectsConnection?: boolean): void;
  /** A remote description was applied (and answered): the received tracks may have changed. */
  onRemoteDescription(): void;
  /**
   * Glare, and we gave way: our offer was rolled back for theirs, which is answered now. Chromium
   * recreates the send streams on that rollback and the new ones get no frames from their tracks
   * (`packetsSent` and `framesEncoded` back to 0, for good) until each track is attached again.
   */
  onOwnOfferRolledBack(): void;
  /**
   * A local description (offer or answer, first or renegotiated, ICE restarts too) is about to be
   * made: what shapes it, such as codec preferences, goes on the transceivers now.
   */
  beforeLocalDescription?(): void;
  /** Drops the late messages of replaced connections. */
  readonly stale: StaleMessageFilter;
  /** The remote description as it is applied (this side's Opus settings written into it). */
  prepareRemoteDescription?(description: SignalingDescription): SignalingDescription;
}

/**
 * The W3C "perfect negotiation" pattern for one `RTCPeerConnection`: offers on
 * `negotiationneeded`, answers offers, resolves glare (the impolite side ignores a colliding
 * offer, the polite side rolls its own back), and queues remote candidates that overtake their
 * description. One per connection; once {@link retire}d (the connection was replaced) nothing it
 * still has in flight reports or sends anything.
 */
export class PerfectNegotiation {
  readonly #pc: RTCPeerConnection;
  readonly #host: NegotiationHost;
  #current = true;
  #makingOffer = false;
  #ignoreOffer = false;
  #applyingRemote = false;
  #deferred = false;
  #offerInFlight: Promise<void> = Promise.resolve();
  #lastRemoteOrigin: string | null = null;
  readonly #candidates = new CandidateQueue();

  constructor(pc: RTCPeerConnection, host: NegotiationHost) {
    this.#pc = pc;
    this.#host = host;
  }

  /** Whether an offer of ours is being made right now. */
  get makingOffer(): boolean {
    return this.#makingOffer;
  }

  /** The connection was replaced: whatever is still in flight for it is dropped. */
  retire(): void {
    this.#current = false;
  }

  /** Makes an offer (on `negotiationneeded`), or defers it to when it cannot cross anything. */
  negotiate(): void {
    const pc = this.#pc;
    // While a remote description is being applied, an offer of ours would cross it; and the
    // first negotiation is always the impolite side's: rolling back a first offer (glare on
    // the very first exchange) stalls Chromium's ICE gathering for good. Either way the
    // negotiation is made up for once the connection is back in 'stable' with a remote side.
    if (this.#applyingRemote || (this.#host.isPolite() && !pc.currentRemoteDescription)) {
      this.#deferred = true;
      return;
    }
    this.#deferred = false;
    this.#offerInFlight = (async () => {
      this.#makingOffer = true;
      try {
        this.#host.beforeLocalDescription?.();
        await pc.setLocalDescription();
        if (!this.#current || pc.localDescription?.type !== 'offer') return;
        this.sendDescription();
      } catch (cause) {
        if (this.#current) {
          this.#host.report(
            new PeerKitError('negotiation-failed', { cause, detail: `Making an offer: ${messageOf(cause)}` }),
          );
        }
      } finally {
        this.#makingOffer = false;
      }
    })();
  }

  /** The connection is back in 'stable': a deferred negotiation is made up for now. */
  onStable(): void {
    if (this.#deferred && this.#pc.currentRemoteDescription) queueMicrotask(() => this.negotiate());
  }

  /**
   * The impolite side opens the first negotiation as soon as it knows the other side is there,
   * even with nothing to send yet, so the polite side (which never makes the first offer) can
   * answer and then offer what it has.
   */
  offerFirst(): void {
    const pc = this.#pc;
    if (this.#host.isPolite() || pc.currentRemoteDescription || pc.signalingState !== 'stable' || this.#makingOffer) {
      return;
    }
    this.negotiate();
  }

  /** Sends the local description, naming the other side's connection it belongs to (see `for`). */
  sendDescription(): void {
    const pc = this.#pc;
    if (!pc.localDescription) return;
    const meantFor = sessionIdOf(pc.remoteDescription?.sdp ?? '');
    this.#host.send({
      type: 'description',
      description: { type: pc.localDescription.type as 'offer' | 'answer', sdp: pc.localDescription.sdp },
      ...(meantFor === null ? {} : { for: meantFor }),
    });
  }

  async onDescription(description: SignalingDescription, meantFor: string | undefined): Promise<void> {
    const pc = this.#pc;
    if (this.#host.stale.isStaleDescription(pc, description, meantFor)) return;
    const origin = originOf(description.sdp);
    const duplicate = origin !== null && origin === this.#lastRemoteOrigin;
    if (duplicate && pc.signalingState === 'stable') return;

    const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
    this.#ignoreOffer = !this.#host.isPolite() && collision;
    if (this.#ignoreOffer) return;
    if (description.type === 'answer' && pc.signalingState !== 'have-local-offer') {
      if (!duplicate) {
        this.#host.report(
          new PeerKitError('negotiation-failed', { detail: 'An answer arrived when no offer was pending.' }),
        );
      }
      return;
    }
    this.#applyingRemote = true;
    try {
      const applied = this.#host.prepareRemoteDescription?.(description) ?? description;
      if (collision) {
        // Polite: let our own offer finish, then take theirs; applying it rolls ours back.
        await this.#offerInFlight;
        await this.#applyOfferOverOurs(applied);
      } else {
        await pc.setRemoteDescription(applied);
      }
      this.#lastRemoteOrigin = origin;
      if (!this.#current) return;
      await this.#flushCandidates();
      if (description.type === 'offer') {
        this.#host.beforeLocalDescription?.();
        await pc.setLocalDescription();
        if (!this.#current || !pc.localDescription) return;
        this.sendDescription();
        if (collision) this.#host.onOwnOfferRolledBack();
      }
      if (this.#current) this.#host.onRemoteDescription();
    } catch (cause) {
      if (this.#current) {
        this.#host.report(
          new PeerKitError('negotiation-failed', {
            cause,
            detail: `Applying the ${description.type}: ${messageOf(cause)}`,
          }),
        );
      }
    } finally {
      this.#applyingRemote = false;
    }
  }

  async onCandidate(candidate: SignalingCandidate): Promise<void> {
    if (this.#host.stale.isStaleCandidate(candidate)) return;
    if (!this.#pc.remoteDescription) {
      this.#candidates.hold(candidate, this.#ignoreOffer);
      return;
    }
    await this.#addCandidate(candidate, this.#ignoreOffer);
  }

  /**
   * Applies a remote offer in 'have-local-offer'. Current browsers roll our offer back implicitly
   * (and must: an explicit rollback first leaves a moment in 'stable' in which Chromium may drop
   * the ICE gathering of the answer); older ones refuse, and get the explicit rollback.
   */
  async #applyOfferOverOurs(offer: SignalingDescription): Promise<void> {
    const pc = this.#pc;
    try {
      await pc.setRemoteDescription(offer);
    } catch (cause) {
      if (pc.signalingState !== 'have-local-offer') throw cause;
      await pc.setLocalDescription({ type: 'rollback' });
      await pc.setRemoteDescription(offer);
    }
  }

  async #flushCandidates(): Promise<void> {
    for (const { candidate, whileIgnoring } of this.#candidates.takeAll()) {
      await this.#addCandidate(candidate, whileIgnoring);
    }
  }

  async #addCandidate(candidate: SignalingCandidate, expectFailure: boolean): Promise<void> {
    const pc = this.#pc;
    if (isOfOtherIceGeneration(candidate, pc.remoteDescription)) return;
    try {
      await pc.addIceCandidate(candidate as RTCIceCandidateInit);
    } catch (cause) {
      if (!expectFailure && this.#current) {
        this.#host.report(new PeerKitError('ice-candidate-failed', { cause, detail: messageOf(cause) }), false);
      }
    }
  }
}
