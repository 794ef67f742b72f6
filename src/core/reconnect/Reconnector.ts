import type { RetryPolicy } from '../backoff';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { RtcKitError } from '../errors';
import type { PeerSessionSnapshot } from '../peer/PeerSession';
import { ufragsOf } from '../peer/sdp';
import type { Signaling } from '../peer/Signaling';
import type { ReconnectingSignaling, WebSocketSignalingStatus } from '../peer/webSocketSignaling';
import { createStore, type ReadableStore } from '../store';
import { browserNetworkStatus, type NetworkStatusSource } from './networkStatus';
import { reconnectBackoff } from './reconnectBackoff';
import type { ReconnectReason, ReconnectState, RecoveryAction } from './types';

/** What a {@link Reconnector} watches and drives; a `PeerSession` is one. */
export interface ReconnectablePeer extends ReadableStore<
  Pick<PeerSessionSnapshot, 'pc' | 'connectionState' | 'iceConnectionState' | 'signalingState' | 'closedBy'>
> {
  restartIce(): void;
  /** Replaces the connection with a new one and renegotiates from scratch (see `PeerSession.rebuild`). */
  rebuild(): void;
  /** Makes the video senders start again from a key frame (see `PeerSession.sendKeyFrames`). */
  sendKeyFrames(): Promise<void>;
  /** Used to find a {@link ReconnectingSignaling} when the `signaling` option is not given. */
  readonly signaling?: Signaling;
}

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
  /** Whether the browser reports a network. */
  readonly online: boolean;
  /** The signaling connection's status, when the signaling reports one (a WebSocket adapter). */
  readonly signaling: WebSocketSignalingStatus | null;
  /** Set on `failed`: why it gave up, with a hint. */
  readonly error: RtcKitError | null;
}

/** Options for {@link Reconnector}. */
export interface ReconnectorOptions {
  /** How long a `disconnected` connection may recover by itself before ICE is restarted. Default 2000 ms. */
  readonly graceMs?: number;
  /**
   * How long an ICE restart (or a new connection) gets to connect before the connection is
   * rebuilt (or rebuilt again). When the bound passes while ICE is still checking the new
   * candidates, it gets one more bound to reach its own verdict. Default 15 000 ms.
   */
  readonly iceRestartTimeoutMs?: number;
  /** How long after the connection was lost to give up (`state: 'failed'`); time offline does not count. Default 60 000 ms. */
  readonly giveUpAfterMs?: number;
  /**
   * The delay before each recovery attempt, or `null` to give up:
   * `({ attempt, elapsedMs, reason, random }) => number | null`. Default
   * `reconnectBackoff({ giveUpAfterMs })`: the first attempt at once, then full jitter.
   */
  readonly nextRetryDelayMs?: RetryPolicy;
  /**
   * The signaling to watch (retries pause while it is down, and it is hurried when the network
   * comes back). Default: the peer's signaling when it is a {@link ReconnectingSignaling} (as
   * `createWebSocketSignaling` returns); `null` to watch none.
   */
  readonly signaling?: ReconnectingSignaling | null;
  /** The network status to follow. Default {@link browserNetworkStatus}; `null` to ignore the network. */
  readonly network?: NetworkStatusSource | null;
  /** Restart ICE on a connected call when the network type changes (Wi-Fi → cellular). Default `true`. */
  readonly restartOnNetworkChange?: boolean;
  /** Timers and jitter. */
  readonly clock?: Clock;
  /** Called when it gives up (`reconnect-failed`). */
  readonly onError?: (error: RtcKitError) => void;
}

/** Internal phases; {@link ReconnectState} is what they look like from outside. */
type Phase = 'idle' | 'connected' | 'grace' | 'waiting' | 'recovering' | 'paused' | 'failed';

type TimerName = 'grace' | 'attempt' | 'bound' | 'giveUp' | 'tick';

interface InFlight {
  readonly action: RecoveryAction;
  readonly pc: RTCPeerConnection | null;
  /** The local ICE username fragment before an ICE restart: a new one means the restart was negotiated. */
  readonly ufrag: string | null;
  /** Whether the bound was already extended for ICE to reach its verdict. */
  readonly extended: boolean;
}

const COUNTDOWN_TICK_MS = 1000;

/**
 * The snapshot of a reconnector with nothing to watch (also what `useAutoReconnect` shows without a
 * peer). Internal to rtckit: not exported from the package.
 *
 * @example
 * ```ts
 * const snapshot = peer ? reconnector.getSnapshot() : IDLE_RECONNECT_SNAPSHOT;
 * ```
 */
export const IDLE_RECONNECT_SNAPSHOT: ReconnectSnapshot = Object.freeze({
  state: 'idle',
  reason: null,
  attempt: 0,
  nextRetryInMs: null,
  action: null,
  lostAt: null,
  iceRestarts: 0,
  rebuilds: 0,
  online: true,
  signaling: null,
  error: null,
});

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
export class Reconnector implements ReadableStore<ReconnectSnapshot> {
  readonly #peer: ReconnectablePeer;
  #options: ReconnectorOptions;
  #clock: Clock;

  #phase: Phase = 'idle';
  /** The underlying cause of the current trouble; a pause shows its own reason on top. */
  #cause: ReconnectReason | null = null;
  #pausedFor: 'offline' | 'signaling-lost' | null = null;
  #attempt = 0;
  #escalate = false;
  #inFlight: InFlight | null = null;
  #lostAt: number | null = null;
  /** Give-up clock: trouble time counted so far, plus the running stretch (not while offline). */
  #elapsedBefore = 0;
  #countingSince: number | null = null;
  #nextRetryAt: number | null = null;
  #iceRestarts = 0;
  #rebuilds = 0;
  #error: RtcKitError | null = null;

  #pc: RTCPeerConnection | null = null;
  #connectionState: RTCPeerConnectionState | null = null;
  readonly #everConnected = new WeakSet<RTCPeerConnection>();
  #rebuildingHere = false;

  #network: NetworkStatusSource | null = null;
  #online = true;
  #networkType: string | null = null;
  #signaling: ReconnectingSignaling | null = null;
  #signalingStatus: WebSocketSignalingStatus | null = null;
  #signalingDown = false;
  #signalingWasOpen = false;
  #detach: (() => void)[] = [];

  readonly #timers: { [name in TimerName]?: TimerHandle } = {};

  readonly #store = createStore<ReconnectSnapshot>(IDLE_RECONNECT_SNAPSHOT, {
    deferInactive: true,
    onActive: () => this.#start(),
    onInactive: () => this.#stop(),
  });

  constructor(peer: ReconnectablePeer, options: ReconnectorOptions = {}) {
    validate(options);
    this.#peer = peer;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): ReconnectSnapshot => this.#store.getSnapshot();

  /**
   * Replaces the options. Bounds and the policy apply from the next timer on; a different
   * `signaling` or `network` is followed at once.
   * @throws {RtcKitError} `'invalid-option'` for a negative or non-numeric bound.
   */
  setOptions(options: ReconnectorOptions): void {
    validate(options);
    const before = this.#options;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    if (this.#store.active && (before.signaling !== options.signaling || before.network !== options.network)) {
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
  readonly retryNow = (): void => {
    if (this.#phase === 'idle' || this.#phase === 'connected') return;
    if (this.#signalingDown) this.#signaling?.reconnect();
    this.#startOver(this.#cause ?? 'failed');
  };

  // ——— lifecycle ———

  #start(): void {
    this.#attachSources();
    this.#onPeer();
    this.#publish();
  }

  #stop(): void {
    this.#detachSources();
    this.#clearTimers();
    this.#phase = 'idle';
    this.#inFlight = null;
    this.#pc = null;
    this.#connectionState = null;
    this.#cause = null;
    this.#pausedFor = null;
    this.#lostAt = null;
    this.#error = null;
    this.#publish();
  }

  #attachSources(): void {
    this.#detach.push(this.#peer.subscribe(() => this.#onPeer()));

    const network = this.#options.network === undefined ? browserNetworkStatus() : this.#options.network;
    this.#network = network;
    if (network) {
      this.#detach.push(network.subscribe(() => this.#onNetwork()));
      const { online, type } = network.getSnapshot();
      this.#online = online;
      this.#networkType = type;
    }

    const signaling =
      this.#options.signaling === undefined ? asReconnecting(this.#peer.signaling) : this.#options.signaling;
    this.#signaling = signaling;
    this.#signalingWasOpen = false;
    this.#signalingDown = false;
    if (signaling) {
      this.#detach.push(signaling.state.subscribe(() => this.#onSignaling()));
      this.#onSignaling();
    } else {
      this.#signalingStatus = null;
    }
  }

  #detachSources(): void {
    this.#detach.splice(0).forEach((detach) => detach());
    this.#network = null;
    this.#signaling = null;
  }

  // ——— the peer ———

  #onPeer(): void {
    const snapshot = this.#peer.getSnapshot();
    if (snapshot.pc !== this.#pc) {
      const previous = this.#pc;
      this.#pc = snapshot.pc;
      this.#connectionState = null;
      if (previous && snapshot.pc && !this.#rebuildingHere) this.#onReplacedByOtherSide();
    }
    const state = snapshot.connectionState;
    if (snapshot.closedBy !== null || state === 'closed') {
      this.#connectionState = state;
      if (this.#phase !== 'idle') this.#toIdle();
      return;
    }
    if (state === this.#connectionState) return;
    this.#connectionState = state;
    switch (state) {
      case 'connected':
        return this.#onConnected();
      case 'disconnected':
        return this.#onDisconnected();
      case 'failed':
        return this.#onFailed();
      case 'new':
      case 'connecting':
        return;
      default:
        state satisfies never;
    }
  }

  #onConnected(): void {
    const pc = this.#pc;
    const recovered = this.#inTrouble();
    const sameConnection = pc !== null && this.#everConnected.has(pc);
    if (pc) this.#everConnected.add(pc);
    this.#clearTimers();
    this.#inFlight = null;
    this.#attempt = 0;
    this.#escalate = false;
    this.#phase = 'connected';
    this.#cause = null;
    this.#pausedFor = null;
    this.#lostAt = null;
    this.#error = null;
    this.#stopGiveUpClock();
    this.#publish();
    // A connection that came back after an outage (not a new one, which starts with a key frame).
    if (recovered && sameConnection) void this.#peer.sendKeyFrames().catch(() => {});
  }

  #onDisconnected(): void {
    if (this.#phase !== 'connected') return; // already recovering: a restart passes through here
    this.#enterTrouble('disconnected');
    this.#phase = 'grace';
    this.#setTimer('grace', this.#options.graceMs ?? 2000, () => this.#requestAttempt('disconnected'));
    this.#publish();
  }

  #onFailed(): void {
    if (this.#phase === 'failed') return; // gave up: wait for retryNow, the network, or a recovery
    if (!this.#inTrouble()) this.#enterTrouble('failed');
    this.#cause = 'failed';
    this.#clearTimer('grace');
    // ICE's verdict on the attempt in flight (or on the connection): decide again, now.
    this.#inFlight = null;
    this.#clearTimer('bound');
    this.#clearTimer('attempt');
    this.#requestAttempt('failed');
  }

  /** The other side started a new connection (it rebuilt, or reloaded): a recovery in flight. */
  #onReplacedByOtherSide(): void {
    if (this.#phase === 'idle' || this.#phase === 'failed') return;
    if (this.#phase === 'connected') this.#enterTrouble('peer-restarted');
    this.#cause = 'peer-restarted';
    this.#clearTimer('grace');
    this.#clearTimer('attempt');
    this.#clearTimer('bound');
    this.#phase = 'recovering';
    this.#inFlight = { action: 'rebuild', pc: this.#pc, ufrag: null, extended: false };
    this.#armBound();
    this.#publish();
  }

  // ——— attempts ———

  #requestAttempt(reason: ReconnectReason): void {
    this.#cause = reason;
    if (!this.#inTrouble() || this.#phase === 'failed') return;
    if (!this.#online) return this.#pause('offline');
    if (this.#signalingDown) return this.#pause('signaling-lost');
    if (this.#inFlight || this.#timers.attempt !== undefined) return; // one recovery at a time
    const policy = this.#options.nextRetryDelayMs ?? reconnectBackoff({ giveUpAfterMs: this.#giveUpAfterMs() });
    const delay = policy({
      attempt: this.#attempt + 1,
      elapsedMs: this.#elapsed(),
      reason,
      random: this.#clock.random(),
    });
    if (delay === null) return this.#giveUp();
    this.#phase = 'waiting';
    this.#pausedFor = null;
    this.#nextRetryAt = this.#clock.now() + Math.max(0, delay);
    this.#setTimer('attempt', Math.max(0, delay), () => this.#runAttempt());
    this.#publish();
  }

  #runAttempt(): void {
    if (this.#phase !== 'waiting') return;
    const snapshot = this.#peer.getSnapshot();
    const pc = snapshot.pc;
    const action: RecoveryAction =
      this.#escalate || !pc || snapshot.signalingState === 'closed' ? 'rebuild' : 'ice-restart';
    this.#attempt += 1;
    this.#nextRetryAt = null;
    this.#phase = 'recovering';
    if (action === 'ice-restart') {
      this.#iceRestarts += 1;
      this.#inFlight = { action, pc, ufrag: ufragOf(pc), extended: false };
      this.#peer.restartIce();
    } else {
      this.#rebuilds += 1;
      this.#rebuildingHere = true;
      try {
        this.#peer.rebuild();
      } finally {
        this.#rebuildingHere = false;
      }
      this.#inFlight = { action, pc: this.#peer.getSnapshot().pc, ufrag: null, extended: false };
    }
    this.#armBound();
    this.#publish();
  }

  #armBound(): void {
    this.#setTimer('bound', this.#options.iceRestartTimeoutMs ?? 15_000, () => this.#onBound());
  }

  /** The attempt in flight has had its time without connecting. */
  #onBound(): void {
    const attempt = this.#inFlight;
    if (!attempt) return;
    if (this.#signalingDown) {
      // Nothing could be negotiated meanwhile; not the attempt's fault.
      this.#inFlight = null;
      return this.#pause('signaling-lost');
    }
    const { pc, signalingState, iceConnectionState } = this.#peer.getSnapshot();
    const negotiated =
      pc === attempt.pc &&
      signalingState === 'stable' &&
      (attempt.action === 'rebuild' ? pc?.currentRemoteDescription != null : ufragOf(pc) !== attempt.ufrag);
    const checking = iceConnectionState === 'checking' || iceConnectionState === 'disconnected';
    if (negotiated && checking && !attempt.extended) {
      // ICE is still checking the new candidates: let it reach its own verdict (`failed` restarts
      // ICE again; the path is down, not the restart broken), within one more bound.
      this.#inFlight = { ...attempt, extended: true };
      this.#armBound();
      return;
    }
    // Stuck (the offer unanswered, DTLS not completing) or out of time: rebuild.
    this.#inFlight = null;
    this.#escalate = true;
    this.#requestAttempt('restart-timeout');
  }

  #giveUp(): void {
    this.#clearTimers();
    this.#inFlight = null;
    this.#phase = 'failed';
    this.#pausedFor = null;
    const seconds = Math.round(this.#elapsed() / 1000);
    this.#stopGiveUpClock();
    this.#error = new RtcKitError('reconnect-failed', {
      detail: `No connection for ${seconds} s; ${this.#attempt} recovery attempt${this.#attempt === 1 ? '' : 's'} did not bring it back (last cause: ${this.#cause ?? 'unknown'}).`,
    });
    this.#publish();
    this.#options.onError?.(this.#error);
  }

  /** Back to the first attempt with a fresh give-up clock (retryNow, back online, signaling back). */
  #startOver(reason: ReconnectReason): void {
    this.#clearTimers();
    this.#inFlight = null;
    this.#attempt = 0;
    this.#escalate = false;
    this.#error = null;
    this.#lostAt ??= this.#clock.now();
    this.#elapsedBefore = 0;
    this.#countingSince = null;
    this.#startGiveUpClock();
    this.#phase = 'waiting';
    this.#requestAttempt(reason);
  }

  #enterTrouble(reason: ReconnectReason): void {
    this.#phase = 'waiting';
    this.#cause = reason;
    this.#lostAt = this.#clock.now();
    this.#attempt = 0;
    this.#escalate = false;
    this.#error = null;
    this.#elapsedBefore = 0;
    this.#countingSince = null;
    this.#startGiveUpClock();
  }

  #pause(why: 'offline' | 'signaling-lost'): void {
    this.#clearTimer('grace');
    this.#clearTimer('attempt');
    this.#clearTimer('bound');
    this.#inFlight = null;
    this.#nextRetryAt = null;
    this.#phase = 'paused';
    this.#pausedFor = why;
    if (why === 'offline') this.#stopGiveUpClock();
    this.#publish();
  }

  #toIdle(): void {
    this.#clearTimers();
    this.#stopGiveUpClock();
    this.#inFlight = null;
    this.#phase = 'idle';
    this.#cause = null;
    this.#pausedFor = null;
    this.#lostAt = null;
    this.#error = null;
    this.#publish();
  }

  #inTrouble(): boolean {
    return this.#phase !== 'idle' && this.#phase !== 'connected';
  }

  // ——— give-up clock (stops while offline) ———

  #giveUpAfterMs(): number {
    return this.#options.giveUpAfterMs ?? 60_000;
  }

  #elapsed(): number {
    return this.#elapsedBefore + (this.#countingSince === null ? 0 : this.#clock.now() - this.#countingSince);
  }

  #startGiveUpClock(): void {
    if (!this.#online || this.#countingSince !== null) return;
    this.#countingSince = this.#clock.now();
    const remaining = this.#giveUpAfterMs() - this.#elapsed();
    if (!Number.isFinite(remaining)) return;
    this.#setTimer('giveUp', Math.max(0, remaining), () => {
      if (this.#inTrouble() && this.#phase !== 'failed') this.#giveUp();
    });
  }

  #stopGiveUpClock(): void {
    this.#elapsedBefore = this.#elapsed();
    this.#countingSince = null;
    this.#clearTimer('giveUp');
  }

  // ——— the network and the signaling ———

  #onNetwork(): void {
    if (!this.#network) return;
    const { online, type } = this.#network.getSnapshot();
    const wasOnline = this.#online;
    const typeChanged = type !== null && this.#networkType !== null && type !== this.#networkType;
    this.#online = online;
    this.#networkType = type;
    if (!online) {
      if (this.#inTrouble() && this.#phase !== 'failed') this.#pause('offline');
      else this.#publish();
      return;
    }
    if (wasOnline && !typeChanged) return this.#publish();
    // Back online, or on another network: the old paths are likely gone and new ones may work.
    this.#signaling?.reconnect();
    if (this.#inTrouble()) return this.#startOver('network-changed');
    if (typeChanged && this.#phase === 'connected' && (this.#options.restartOnNetworkChange ?? true)) {
      this.#iceRestarts += 1;
      this.#peer.restartIce();
    }
    this.#publish();
  }

  #onSignaling(): void {
    const signaling = this.#signaling;
    if (!signaling) return;
    const { status } = signaling.state.getSnapshot();
    this.#signalingStatus = status;
    if (status === 'open') this.#signalingWasOpen = true;
    const down =
      status === 'reconnecting' || status === 'closed' || (status === 'connecting' && this.#signalingWasOpen);
    const wasDown = this.#signalingDown;
    this.#signalingDown = down;
    if (down && !wasDown && (this.#phase === 'grace' || this.#phase === 'waiting'))
      return this.#pause('signaling-lost');
    if (!down && wasDown) {
      if (this.#phase === 'paused' && this.#pausedFor === 'signaling-lost') {
        this.#attempt = 0;
        this.#phase = 'waiting';
        return this.#requestAttempt(this.#cause ?? 'signaling-lost');
      }
      if (this.#phase === 'failed') return this.#startOver(this.#cause ?? 'signaling-lost');
    }
    this.#publish();
  }

  // ——— timers and the snapshot ———

  #setTimer(name: TimerName, ms: number, run: () => void): void {
    this.#clearTimer(name);
    this.#timers[name] = this.#clock.setTimeout(() => {
      delete this.#timers[name];
      run();
    }, ms);
  }

  #clearTimer(name: TimerName): void {
    const handle = this.#timers[name];
    if (handle === undefined) return;
    this.#clock.clearTimeout(handle);
    delete this.#timers[name];
  }

  #clearTimers(): void {
    for (const name of ['grace', 'attempt', 'bound', 'giveUp', 'tick'] as const) this.#clearTimer(name);
    this.#nextRetryAt = null;
  }

  /** When the next attempt is due: ours, or the signaling's own while we wait for it. */
  #dueAt(): number | null {
    if (this.#phase === 'waiting') return this.#nextRetryAt;
    if (this.#phase === 'paused' && this.#pausedFor === 'signaling-lost') {
      return this.#signaling?.state.getSnapshot().nextRetryAt ?? null;
    }
    return null;
  }

  #publish(): void {
    const dueAt = this.#dueAt();
    const now = this.#clock.now();
    const nextRetryInMs = dueAt === null ? null : Math.max(0, Math.round(dueAt - now));
    this.#clearTimer('tick');
    if (nextRetryInMs !== null && nextRetryInMs > 0 && this.#store.active) {
      // Tick on whole seconds of the countdown, so a "3 s… 2 s… 1 s" display changes when it should.
      this.#setTimer('tick', nextRetryInMs % COUNTDOWN_TICK_MS || COUNTDOWN_TICK_MS, () => this.#publish());
    }
    this.#store.set({
      state: stateOf(this.#phase),
      reason: this.#phase === 'idle' || this.#phase === 'connected' ? null : (this.#pausedFor ?? this.#cause),
      attempt: this.#attempt,
      nextRetryInMs,
      action: this.#inFlight?.action ?? null,
      lostAt: this.#lostAt,
      iceRestarts: this.#iceRestarts,
      rebuilds: this.#rebuilds,
      online: this.#online,
      signaling: this.#signalingStatus,
      error: this.#error,
    });
  }
}

function stateOf(phase: Phase): ReconnectState {
  switch (phase) {
    case 'idle':
      return 'idle';
    case 'connected':
      return 'connected';
    case 'grace':
    case 'waiting':
    case 'recovering':
    case 'paused':
      return 'reconnecting';
    case 'failed':
      return 'failed';
    default:
      return phase satisfies never;
  }
}

function ufragOf(pc: RTCPeerConnection | null): string | null {
  return ufragsOf(pc?.localDescription?.sdp ?? '')[0] ?? null;
}

function asReconnecting(signaling: Signaling | undefined): ReconnectingSignaling | null {
  const candidate = signaling as Partial<ReconnectingSignaling> | undefined;
  return typeof candidate?.reconnect === 'function' && typeof candidate.state?.subscribe === 'function'
    ? (candidate as ReconnectingSignaling)
    : null;
}

function validate(options: ReconnectorOptions): void {
  for (const name of ['graceMs', 'iceRestartTimeoutMs', 'giveUpAfterMs'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < 0 ||
      (name !== 'giveUpAfterMs' && !Number.isFinite(value))
    ) {
      throw new RtcKitError('invalid-option', {
        detail: `${name} must be a number of milliseconds ≥ 0${name === 'giveUpAfterMs' ? ' (or Infinity)' : ''}, got ${String(value)}.`,
      });
    }
  }
}
