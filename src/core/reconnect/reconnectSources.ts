// What a reconnector follows besides the peer — the network and the signaling — each as a watch
// that remembers what it last read and reports only the transitions the reconnector acts on.
import type { Signaling } from '../peer/Signaling';
import type { ReconnectingSignaling, WebSocketSignalingStatus } from '../peer/webSocketSignaling';
import { browserNetworkStatus, type NetworkStatus, type NetworkStatusSource } from './networkStatus';

/** A network transition: `online` now, whether it was before, and whether the network type changed. */
export interface NetworkChange {
  readonly online: boolean;
  readonly wasOnline: boolean;
  readonly typeChanged: boolean;
}

/**
 * The network status a reconnector follows (the `network` option). While it follows none, the
 * last status read stays. Internal to rtckit.
 *
 * @example
 * ```ts
 * const network = new NetworkWatch();
 * const stop = network.follow(undefined, ({ online, wasOnline }) => online && !wasOnline && retry());
 * network.online; // as the browser says
 * stop();
 * ```
 */
export class NetworkWatch {
  #status: NetworkStatus = { online: true, type: null };
  #source: NetworkStatusSource | null = null;

  /** Whether the network is up, as last read. */
  get online(): boolean {
    return this.#status.online;
  }

  /**
   * Follows `option`: the source given, the browser's when `undefined`, none when `null`. Reads it
   * at once (reporting nothing), then reports every change; returns the function that stops.
   */
  follow(option: NetworkStatusSource | null | undefined, onChange: (change: NetworkChange) => void): () => void {
    const source = option === undefined ? browserNetworkStatus() : option;
    this.#source = source;
    if (!source) return () => {};
    const stop = source.subscribe(() => {
      if (this.#source !== source) return;
      const before = this.#status;
      const now = source.getSnapshot();
      this.#status = now;
      const typeChanged = now.type !== null && before.type !== null && now.type !== before.type;
      onChange({ online: now.online, wasOnline: before.online, typeChanged });
    });
    this.#status = source.getSnapshot();
    return () => {
      stop();
      this.#source = null;
    };
  }
}

/** A signaling transition: whether it just went down, or just came back. */
export interface SignalingChange {
  readonly wentDown: boolean;
  readonly cameBack: boolean;
}

/**
 * The signaling a reconnector watches (the `signaling` option, else the peer's own when it reports
 * its connection and can be told to reconnect, as `createWebSocketSignaling`'s does). It is down —
 * nothing can be negotiated through it — while reconnecting, closed, or connecting again after it
 * had been open (its first connect is no outage). Internal to rtckit.
 *
 * @example
 * ```ts
 * const signaling = new SignalingWatch();
 * const stop = signaling.follow(session.signaling, undefined, ({ cameBack }) => cameBack && retry());
 * signaling.down; // false while it is open
 * stop();
 * ```
 */
export class SignalingWatch {
  #signaling: ReconnectingSignaling | null = null;
  #status: WebSocketSignalingStatus | null = null;
  #down = false;
  #wasOpen = false;

  /** The watched signaling's status, `null` when none is watched. */
  get status(): WebSocketSignalingStatus | null {
    return this.#status;
  }

  /** Whether nothing can be negotiated through the signaling now. */
  get down(): boolean {
    return this.#down;
  }

  /** When the signaling tries to connect next (its own clock), while it is retrying. */
  get nextRetryAt(): number | null {
    return this.#signaling?.state.getSnapshot().nextRetryAt ?? null;
  }

  /** Hurries a signaling that is retrying (its backoff reset). */
  reconnect(): void {
    this.#signaling?.reconnect();
  }

  /**
   * Watches the signaling `option` names (see the class), reporting its state at once and then
   * every change; returns the function that stops.
   */
  follow(
    peerSignaling: Signaling | undefined,
    option: ReconnectingSignaling | null | undefined,
    onChange: (change: SignalingChange) => void,
  ): () => void {
    const signaling = option === undefined ? asReconnecting(peerSignaling) : option;
    this.#signaling = signaling;
    this.#wasOpen = false;
    this.#down = false;
    if (!signaling) {
      this.#status = null;
      return () => {};
    }
    const read = () => {
      if (this.#signaling !== signaling) return;
      const { status } = signaling.state.getSnapshot();
      this.#status = status;
      if (status === 'open') this.#wasOpen = true;
      const wasDown = this.#down;
      const down = status === 'reconnecting' || status === 'closed' || (status === 'connecting' && this.#wasOpen);
      this.#down = down;
      onChange({ wentDown: down && !wasDown, cameBack: !down && wasDown });
    };
    const stop = signaling.state.subscribe(read);
    read();
    return () => {
      stop();
      this.#signaling = null;
    };
  }
}

function asReconnecting(signaling: Signaling | undefined): ReconnectingSignaling | null {
  const candidate = signaling as Partial<ReconnectingSignaling> | undefined;
  return typeof candidate?.reconnect === 'function' && typeof candidate.state?.subscribe === 'function'
    ? (candidate as ReconnectingSignaling)
    : null;
}
