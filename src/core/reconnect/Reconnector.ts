import { systemClock, type Clock } from '../clock';
import { EngineUnit } from '../engineUnit';
import { countdown } from './countdown';
import { MediaWatch } from './mediaWatch';
import { NamedTimers } from './namedTimers';
import { PeerWatch } from './peerWatch';
import { ReconnectMachine } from './reconnectMachine';
import type { ReconnectablePeer } from './reconnectablePeer';
import { validateReconnectorOptions, type ReconnectorOptions } from './reconnectorOptions';
import { IDLE_RECONNECT_SNAPSHOT, type ReconnectSnapshot } from './reconnectSnapshot';
import { NetworkWatch, SignalingWatch } from './reconnectSources';
import { SendWatch } from './sendWatch';

// Where ConnectionStatus imports it from.
export type { ReconnectSnapshot } from './reconnectSnapshot';

/**
 * Brings a call back after the network drops. It watches a {@link ReconnectablePeer} (a
 * `PeerSession`) — its connection state, not only ICE's, since Chromium can leave ICE
 * `disconnected` while the connection is `failed` — and recovers step by step, one attempt at a
 * time, each spaced by the retry policy:
 *
 * 1. `disconnected`: state `reconnecting` at once; after `graceMs` (2 s) without recovering by
 *    itself, an ICE restart. `failed`: an ICE restart at once.
 * 2. An ICE restart that has not reconnected within `iceRestartTimeoutMs` (15 s) — its offer
 *    unanswered, DTLS stuck, or ICE still checking after one more bound — leads to a rebuild: a new
 *    `RTCPeerConnection` with the same tracks, negotiated from scratch (`PeerSession.rebuild`).
 *    When ICE itself declares the restarted connection `failed`, the path was down rather than the
 *    restart broken, and ICE is restarted again at once.
 * 3. While the browser is offline, attempts pause (and the give-up clock stops); when it is back,
 *    or the network type changes, the backoff resets and an attempt runs at once.
 * 4. While a watched signaling (the WebSocket adapter, which reconnects by itself with the same
 *    kind of policy and re-sends what was queued) is down, attempts pause; when it reopens, one
 *    runs at once.
 * 5. `giveUpAfterMs` (60 s) after the connection was lost, or when the policy returns `null`:
 *    state `failed` with `error`; `retryNow()` starts over.
 *
 * Judged by media, not only by states (`watchMedia`, on by default; see `MediaWatchdog`): a
 * connection that says `connected` while nothing has moved for `stallAfterMs` (4 s) is in trouble
 * too (`media-stalled`): its video restarts from a key frame at once, and after `graceMs` it is
 * recovered like a dropped one. A recovery counts only once media moves again: until then the
 * state stays `reconnecting`, and a connection that came back without media for `stallAfterMs` is
 * replaced by a new one. So is a connection whose DTLS has failed (Firefox after a long outage),
 * which no ICE restart can bring back.
 *
 * The send side is watched too (`watchSendStall`, on by default; see `sendStall`): a video sender
 * whose stream encodes nothing for 2.5 s while the app's track is live and enabled gets that track
 * attached again and restarts from a key frame (`videoReattaches` counts it), with a back-off from
 * 5 s to 60 s between repairs. Chromium can bring a send stream back from an outage recreated and
 * fed by nothing, which the other side's inbound watchdog cannot see while audio still flows.
 *
 * When the connection comes back, each side's video restarts from a key frame
 * (`sendKeyFrames`), so the picture returns at once instead of after the decoder's own key-frame
 * request. Works only while subscribed (like every rtckit unit), and never closes the session.
 *
 * @example
 * ```ts
 * const session = new PeerSession({ signaling, localStream });
 * const reconnector = new Reconnector(session, { giveUpAfterMs: 90_000 });
 * reconnector.subscribe(() => {
 *   const { state, nextRetryInMs } = reconnector.getSnapshot();
 *   banner.textContent = state === 'reconnecting' ? `Reconnecting… (${nextRetryInMs ?? 0} ms)` : state;
 * });
 * retryButton.onclick = reconnector.retryNow;
 * ```
 */
export class Reconnector extends EngineUnit<ReconnectSnapshot> {
  readonly #peer: ReconnectablePeer;
  #options: ReconnectorOptions;
  #clock: Clock;

  readonly #connection: PeerWatch;
  readonly #media: MediaWatch;
  readonly #send: SendWatch;
  readonly #network = new NetworkWatch();
  readonly #signaling = new SignalingWatch();
  #detach: (() => void)[] = [];

  /** The transitions; this class wires the sources to it and publishes what it shows. */
  readonly #machine: ReconnectMachine;
  /** Moves the countdown on (see `countdown`). */
  readonly #ticks = new NamedTimers<'tick'>(() => this.#clock);

  constructor(peer: ReconnectablePeer, options: ReconnectorOptions = {}) {
    validateReconnectorOptions(options);
    super(IDLE_RECONNECT_SNAPSHOT, {
      deferInactive: true,
      onActive: () => this.#start(),
      onInactive: () => this.#stop(),
    });
    this.#peer = peer;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#connection = new PeerWatch(peer);
    this.#media = new MediaWatch(options);
    this.#send = new SendWatch(options);
    this.#machine = new ReconnectMachine({
      peer,
      connection: this.#connection,
      media: this.#media,
      network: this.#network,
      signaling: this.#signaling,
      options: () => this.#options,
      clock: () => this.#clock,
      publish: () => this.#publish(),
    });
  }

  /**
   * Replaces the options. Bounds and the policy apply from the next timer on; a different
   * `signaling` or `network` is followed at once.
   * @throws {RtcKitError} `'invalid-option'` for a negative or non-numeric bound.
   */
  setOptions(options: ReconnectorOptions): void {
    validateReconnectorOptions(options);
    const before = this.#options;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#media.setOptions(options);
    if (this.store.active && (before.signaling !== options.signaling || before.network !== options.network)) {
      this.#detachSources();
      this.#attachSources();
      this.#publish();
    }
  }

  /**
   * Tries again now, with the backoff and the give-up clock reset: after `failed` (the user
   * pressed "Retry"), or to skip the wait while `reconnecting`. A signaling that is down is told to
   * reconnect too. Does nothing while connected or idle.
   */
  readonly retryNow = (): void => this.#machine.retryNow();

  #start(): void {
    this.#attachSources();
    this.#machine.onPeer();
    this.#publish();
  }

  /** The last subscriber left. */
  #stop(): void {
    this.#detachSources();
    this.#machine.stop();
  }

  /** Follows the peer, its media, the network and the signaling. */
  #attachSources(): void {
    const machine = this.#machine;
    this.#detach.push(
      this.#media.follow(
        this.#peer.getSnapshot().pc,
        (change) => machine.onMedia(change),
        (reading, at) => {
          if (this.#send.check(this.#peer, reading, at)) this.#publish();
        },
      ),
      this.#peer.subscribe(() => machine.onPeer()),
      this.#network.follow(this.#options.network, (change) => machine.onNetwork(change)),
      this.#signaling.follow(this.#peer.signaling, this.#options.signaling, (change) => machine.onSignaling(change)),
    );
  }

  #detachSources(): void {
    this.#detach.splice(0).forEach((detach) => detach());
  }

  #publish(): void {
    const recovery = this.#machine.view();
    const { remainingMs: nextRetryInMs, nextTickInMs } = countdown(recovery.dueAt, this.#clock.now());
    this.#ticks.clear('tick');
    if (nextTickInMs !== null && this.store.active) this.#ticks.set('tick', nextTickInMs, () => this.#publish());
    this.store.set({
      state: recovery.state,
      reason: recovery.reason,
      attempt: recovery.attempt,
      nextRetryInMs,
      action: recovery.action,
      lostAt: recovery.lostAt,
      iceRestarts: this.#connection.iceRestarts,
      rebuilds: this.#connection.rebuilds,
      videoReattaches: this.#send.reattaches,
      online: this.#network.online,
      signaling: this.#signaling.status,
      error: recovery.error,
    });
  }
}
