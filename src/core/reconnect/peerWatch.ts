// The peer as a reconnector follows and drives it. It remembers which connection is current and
// which of its states was last acted on (so a repeated snapshot acts on nothing), which
// connections ever connected (only one that comes back after an outage needs key frames: a new
// one starts with one), and whether a new connection is our rebuild or the other side's.
import type { ReconnectablePeer } from './reconnectablePeer';

/**
 * How the peer's connection changed since it was last read: `same`; `new` (the first one, none
 * any more, or our own rebuild); `theirs` (the other side started a new one: it rebuilt, or
 * reloaded).
 */
export type ConnectionChange = 'same' | 'new' | 'theirs';

/**
 * Follows a {@link ReconnectablePeer}'s connection and runs recoveries on it, counting them.
 * Internal to rtckit.
 *
 * @example
 * ```ts
 * const peer = new PeerWatch(session);
 * const snapshot = session.getSnapshot();
 * if (peer.connection(snapshot.pc) === 'theirs') followTheirRebuild();
 * if (peer.nextState(snapshot) === 'failed') peer.restartIce();
 * ```
 */
export class PeerWatch {
  readonly #peer: ReconnectablePeer;
  #pc: RTCPeerConnection | null = null;
  #state: RTCPeerConnectionState | null = null;
  readonly #everConnected = new WeakSet<RTCPeerConnection>();
  #rebuildingHere = false;
  #iceRestarts = 0;
  #rebuilds = 0;

  constructor(peer: ReconnectablePeer) {
    this.#peer = peer;
  }

  /** The connection followed. */
  get pc(): RTCPeerConnection | null {
    return this.#pc;
  }

  /** Its connection state last acted on; `null` until the first on a new connection. */
  get state(): RTCPeerConnectionState | null {
    return this.#state;
  }

  /** ICE restarts made through {@link restartIce}, in the session's life. */
  get iceRestarts(): number {
    return this.#iceRestarts;
  }

  /** Connections made through {@link rebuild}, in the session's life. */
  get rebuilds(): number {
    return this.#rebuilds;
  }

  /** Takes `pc` as the connection followed; a new one is acted on from its first state on. */
  connection(pc: RTCPeerConnection | null): ConnectionChange {
    if (pc === this.#pc) return 'same';
    const previous = this.#pc;
    this.#pc = pc;
    this.#state = null;
    return previous && pc && !this.#rebuildingHere ? 'theirs' : 'new';
  }

  /**
   * The connection state to act on now: `closed` whenever the call has ended (by either side),
   * `null` when it is the one last acted on.
   */
  nextState(snapshot: {
    readonly connectionState: RTCPeerConnectionState;
    readonly closedBy: unknown;
  }): RTCPeerConnectionState | null {
    const state = snapshot.connectionState;
    if (snapshot.closedBy !== null || state === 'closed') {
      this.#state = state;
      return 'closed';
    }
    if (state === this.#state) return null;
    this.#state = state;
    return state;
  }

  /** The connection followed has connected: if it drops, a return is a comeback. */
  markConnected(): void {
    if (this.#pc) this.#everConnected.add(this.#pc);
  }

  /** Whether the connection followed has connected before (a comeback, not a first connect). */
  get connectedBefore(): boolean {
    return this.#pc !== null && this.#everConnected.has(this.#pc);
  }

  /** Forgets the connection: the next read takes it afresh. */
  forget(): void {
    this.#pc = null;
    this.#state = null;
  }

  /** Restarts ICE on the connection, counted. */
  restartIce(): void {
    this.#iceRestarts += 1;
    this.#peer.restartIce();
  }

  /**
   * Replaces the connection with a new one (counted) and returns it. The new connection reaches
   * {@link connection} while `rebuild()` runs: it is ours, not the other side's.
   */
  rebuild(): RTCPeerConnection | null {
    this.#rebuilds += 1;
    this.#rebuildingHere = true;
    try {
      this.#peer.rebuild();
    } finally {
      this.#rebuildingHere = false;
    }
    return this.#peer.getSnapshot().pc;
  }
}
