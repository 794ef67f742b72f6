import { systemClock, type Clock } from '../clock';
import { EngineUnit } from '../engineUnit';
import { RtcKitError } from '../errors';
import { countdown } from './countdown';
import { GiveUpClock } from './giveUpClock';
import { MediaWatch, type MediaChange } from './mediaWatch';
import { NamedTimers } from './namedTimers';
import { reconnectBackoff } from './reconnectBackoff';
import type { ReconnectablePeer } from './reconnectablePeer';
import { stateOf, type ReconnectPhase } from './reconnectPhase';
import { RECONNECT_DEFAULTS, validateReconnectorOptions, type ReconnectorOptions } from './reconnectorOptions';
import { IDLE_RECONNECT_SNAPSHOT, type ReconnectSnapshot } from './reconnectSnapshot';
import { NetworkWatch, SignalingWatch, type NetworkChange, type SignalingChange } from './reconnectSources';
import {
  isNegotiated,
  nextRecoveryAction,
  recoveryAttempt,
  verdictAtBound,
  type RecoveryAttempt,
} from './recoveryAttempt';
import type { ReconnectReason } from './types';

// Where ConnectionStatus imports it from.
export type { ReconnectSnapshot } from './reconnectSnapshot';

type TimerName = 'grace' | 'attempt' | 'bound' | 'tick';

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

  #phase: ReconnectPhase = 'idle';
  /** The underlying cause of the current trouble; a pause shows its own reason on top. */
  #cause: ReconnectReason | null = null;
  #pausedFor: 'offline' | 'signaling-lost' | null = null;
  #attempt = 0;
  #escalate = false;
  #inFlight: RecoveryAttempt | null = null;
  #lostAt: number | null = null;
  /** Trouble time, not counted while offline. */
  readonly #giveUpClock = new GiveUpClock(() => this.#clock);
  #nextRetryAt: number | null = null;
  #iceRestarts = 0;
  #rebuilds = 0;
  #error: RtcKitError | null = null;

  #pc: RTCPeerConnection | null = null;
  #connectionState: RTCPeerConnectionState | null = null;
  readonly #everConnected = new WeakSet<RTCPeerConnection>();
  #rebuildingHere = false;

  readonly #network = new NetworkWatch();
  readonly #signaling = new SignalingWatch();
  #detach: (() => void)[] = [];

  readonly #timers = new NamedTimers<TimerName>(() => this.#clock);
  readonly #media: MediaWatch;

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
    this.#media = new MediaWatch(options);
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
  readonly retryNow = (): void => {
    if (this.#phase === 'idle' || this.#phase === 'connected') return;
    if (this.#signaling.down) this.#signaling.reconnect();
    this.#startOver(this.#cause ?? 'failed');
  };

  // ——— lifecycle ———

  #start(): void {
    this.#attachSources();
    this.#onPeer();
    this.#publish();
  }

  /** The last subscriber left: forget the connection (the next start reads it afresh) and idle. */
  #stop(): void {
    this.#detachSources();
    this.#pc = null;
    this.#connectionState = null;
    this.#settle('idle');
  }

  /** Follows the peer, the network and the signaling. */
  #attachSources(): void {
    this.#detach.push(
      this.#media.follow(this.#peer.getSnapshot().pc, (change) => this.#onMedia(change)),
      this.#peer.subscribe(() => this.#onPeer()),
      this.#network.follow(this.#options.network, (change) => this.#onNetwork(change)),
      this.#signaling.follow(this.#peer.signaling, this.#options.signaling, (change) => this.#onSignaling(change)),
    );
  }

  #detachSources(): void {
    this.#detach.splice(0).forEach((detach) => detach());
  }

  // ——— the peer ———

  #onPeer(): void {
    const snapshot = this.#peer.getSnapshot();
    if (snapshot.pc !== this.#pc) {
      const previous = this.#pc;
      this.#pc = snapshot.pc;
      this.#connectionState = null;
      this.#media.replace(snapshot.pc);
      if (previous && snapshot.pc && !this.#rebuildingHere) this.#onReplacedByOtherSide();
    }
    this.#onNegotiated();
    const state = snapshot.connectionState;
    if (snapshot.closedBy !== null || state === 'closed') {
      this.#connectionState = state;
      this.#media.stop();
      if (this.#phase !== 'idle') this.#settle('idle');
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
    if (this.#inTrouble() && this.#media.judging) return this.#verify();
    const pc = this.#pc;
    // A connection that came back after an outage (not a new one, which starts with a key frame).
    this.#recovered(this.#inTrouble() && pc !== null && this.#everConnected.has(pc));
  }

  #onDisconnected(): void {
    if (this.#phase === 'verifying') return this.#unverified();
    if (this.#phase !== 'connected') return; // already recovering: a restart passes through here
    this.#enterTrouble('disconnected');
    this.#enterGrace('disconnected');
  }

  #enterGrace(reason: ReconnectReason): void {
    this.#phase = 'grace';
    this.#timers.set('grace', this.#options.graceMs ?? RECONNECT_DEFAULTS.graceMs, () => this.#requestAttempt(reason));
    this.#publish();
  }

  /** Out of trouble (or never in it): connected, and with `keyFrames` each side's video from a key frame. */
  #recovered(keyFrames: boolean): void {
    if (this.#pc) this.#everConnected.add(this.#pc);
    this.#attempt = 0;
    this.#escalate = false;
    this.#settle('connected');
    if (keyFrames) void this.#peer.sendKeyFrames().catch(() => {});
  }

  // ——— the media ———

  #onMedia(change: MediaChange): void {
    if (this.#connectionState !== 'connected') return;
    if (change === 'stalled' && this.#phase === 'connected') return this.#onStalled();
    if (change === 'moved' && (this.#phase === 'verifying' || this.#cause === 'media-stalled')) {
      return this.#recovered(true);
    }
    // Connected, negotiated, and still nothing: this connection cannot carry media (DTLS is gone,
    // or the path carries ICE checks only). A new one can.
    if (change === 'dead' && this.#phase === 'verifying') this.#replaceStalled();
  }

  /** A `connected` connection on which nothing moves: trouble, as if it had dropped. */
  #onStalled(): void {
    this.#enterTrouble('media-stalled');
    this.#media.judgeFrom(this.#lostAt);
    void this.#peer.sendKeyFrames().catch(() => {});
    this.#enterGrace('media-stalled');
  }

  /**
   * Connected again (or an ICE restart answered while still `connected`): it counts once media
   * moves. The attempt has done its part, so its bound no longer applies: the media's verdict
   * (`moved`, or `dead` after `stallAfterMs` of readings) decides, and a bound of its own only
   * covers stats that never answer. Keeping the attempt's bound here was the cause of rebuilt
   * connections staying `reconnecting`: a side that only sends sees its first receiver report 1–2 s
   * after connecting, and a bound that ran out meanwhile rebuilt the working connection again.
   */
  #verify(): void {
    if (this.#phase === 'verifying') return;
    this.#timers.clear('grace', 'attempt');
    this.#nextRetryAt = null;
    this.#phase = 'verifying';
    this.#media.judgeFrom(this.#clock.now());
    this.#timers.set('bound', this.#media.verdictWithinMs, () => this.#replaceStalled());
    this.#publish();
  }

  #onNegotiated(): void {
    const attempt = this.#inFlight;
    if (this.#phase !== 'recovering' || this.#connectionState !== 'connected' || !attempt) return;
    if (this.#media.judging && isNegotiated(attempt, this.#peer.getSnapshot())) this.#verify();
  }

  /** Lost again before media moved: back to the attempt in flight (with its bound), or to a grace period. */
  #unverified(): void {
    this.#media.judgeFrom(null);
    if (!this.#inFlight) {
      this.#timers.clear('bound');
      return this.#enterGrace('disconnected');
    }
    this.#phase = 'recovering';
    this.#armBound();
    this.#publish();
  }

  #replaceStalled(): void {
    this.#timers.clear('bound');
    this.#inFlight = null;
    this.#escalate = true;
    this.#phase = 'waiting';
    this.#requestAttempt('media-stalled');
  }

  #onFailed(): void {
    if (this.#phase === 'failed') return; // gave up: wait for retryNow, the network, or a recovery
    if (!this.#inTrouble()) this.#enterTrouble('failed');
    this.#cause = 'failed';
    // ICE's verdict on the attempt in flight (or on the connection): decide again, now.
    this.#timers.clear('grace', 'attempt', 'bound');
    this.#inFlight = null;
    this.#requestAttempt('failed');
  }

  /** The other side started a new connection (it rebuilt, or reloaded): a recovery in flight. */
  #onReplacedByOtherSide(): void {
    if (this.#phase === 'idle' || this.#phase === 'failed') return;
    if (this.#phase === 'connected') this.#enterTrouble('peer-restarted');
    this.#cause = 'peer-restarted';
    this.#timers.clear('grace', 'attempt', 'bound');
    this.#phase = 'recovering';
    this.#inFlight = recoveryAttempt('rebuild', this.#pc);
    this.#armBound();
    this.#publish();
  }

  // ——— attempts ———

  #requestAttempt(reason: ReconnectReason): void {
    this.#cause = reason;
    if (!this.#inTrouble() || this.#phase === 'failed') return;
    if (!this.#network.online) return this.#pause('offline');
    if (this.#signaling.down) return this.#pause('signaling-lost');
    if (this.#inFlight || this.#timers.has('attempt')) return; // one recovery at a time
    const policy = this.#options.nextRetryDelayMs ?? reconnectBackoff({ giveUpAfterMs: this.#giveUpAfterMs() });
    const delay = policy({
      attempt: this.#attempt + 1,
      elapsedMs: this.#giveUpClock.elapsedMs(),
      reason,
      random: this.#clock.random(),
    });
    if (delay === null) return this.#giveUp();
    this.#phase = 'waiting';
    this.#pausedFor = null;
    this.#nextRetryAt = this.#clock.now() + Math.max(0, delay);
    this.#timers.set('attempt', Math.max(0, delay), () => this.#runAttempt());
    this.#publish();
  }

  #runAttempt(): void {
    if (this.#phase !== 'waiting') return;
    const snapshot = this.#peer.getSnapshot();
    const action = nextRecoveryAction(this.#escalate || this.#media.dtlsFailed(snapshot.pc), snapshot);
    this.#attempt += 1;
    this.#nextRetryAt = null;
    this.#phase = 'recovering';
    if (action === 'ice-restart') {
      this.#iceRestarts += 1;
      this.#inFlight = recoveryAttempt(action, snapshot.pc);
      this.#peer.restartIce();
    } else {
      this.#rebuilds += 1;
      this.#rebuildingHere = true;
      try {
        this.#peer.rebuild();
      } finally {
        this.#rebuildingHere = false;
      }
      this.#inFlight = recoveryAttempt(action, this.#peer.getSnapshot().pc);
    }
    this.#armBound();
    this.#publish();
  }

  #armBound(): void {
    this.#timers.set('bound', this.#options.iceRestartTimeoutMs ?? RECONNECT_DEFAULTS.iceRestartTimeoutMs, () =>
      this.#onBound(),
    );
  }

  /** The attempt in flight has had its time without connecting. */
  #onBound(): void {
    const attempt = this.#inFlight;
    if (!attempt) return;
    if (this.#signaling.down) {
      // Nothing could be negotiated meanwhile; not the attempt's fault.
      this.#inFlight = null;
      return this.#pause('signaling-lost');
    }
    if (verdictAtBound(attempt, this.#peer.getSnapshot()) === 'extend') {
      this.#inFlight = { ...attempt, extended: true };
      this.#armBound();
      return;
    }
    this.#inFlight = null;
    this.#escalate = true;
    this.#requestAttempt('restart-timeout');
  }

  #giveUp(): void {
    this.#clearTimers();
    this.#inFlight = null;
    this.#phase = 'failed';
    this.#pausedFor = null;
    const seconds = Math.round(this.#giveUpClock.elapsedMs() / 1000);
    this.#giveUpClock.pause();
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
    this.#lostAt ??= this.#clock.now();
    this.#firstAttemptNext();
    this.#phase = 'waiting';
    this.#requestAttempt(reason);
  }

  #enterTrouble(reason: ReconnectReason): void {
    this.#phase = 'waiting';
    this.#cause = reason;
    this.#lostAt = this.#clock.now();
    this.#firstAttemptNext();
  }

  /** The backoff from its first attempt, no escalation, and a fresh give-up clock. */
  #firstAttemptNext(): void {
    this.#attempt = 0;
    this.#escalate = false;
    this.#error = null;
    this.#giveUpClock.reset();
    this.#startGiveUpClock();
  }

  #pause(why: 'offline' | 'signaling-lost'): void {
    this.#timers.clear('grace', 'attempt', 'bound');
    this.#inFlight = null;
    this.#nextRetryAt = null;
    this.#phase = 'paused';
    this.#pausedFor = why;
    if (why === 'offline') this.#giveUpClock.pause();
    this.#publish();
  }

  /** Out of trouble: nothing in flight or waiting, nothing counted. */
  #settle(phase: 'idle' | 'connected'): void {
    this.#clearTimers();
    this.#giveUpClock.pause();
    this.#inFlight = null;
    this.#phase = phase;
    this.#cause = null;
    this.#pausedFor = null;
    this.#lostAt = null;
    this.#media.judgeFrom(null);
    this.#error = null;
    this.#publish();
  }

  #inTrouble(): boolean {
    return this.#phase !== 'idle' && this.#phase !== 'connected';
  }

  // ——— the give-up clock (stops while offline) ———

  #giveUpAfterMs(): number {
    return this.#options.giveUpAfterMs ?? RECONNECT_DEFAULTS.giveUpAfterMs;
  }

  #startGiveUpClock(): void {
    if (!this.#network.online) return;
    this.#giveUpClock.start(this.#giveUpAfterMs(), () => {
      if (this.#inTrouble() && this.#phase !== 'failed') this.#giveUp();
    });
  }

  // ——— the network and the signaling ———

  #onNetwork({ online, wasOnline, typeChanged }: NetworkChange): void {
    if (!online) {
      if (this.#inTrouble() && this.#phase !== 'failed') this.#pause('offline');
      else this.#publish();
      return;
    }
    if (wasOnline && !typeChanged) return this.#publish();
    // Back online, or on another network: the old paths are likely gone and new ones may work.
    this.#signaling.reconnect();
    if (this.#inTrouble()) return this.#startOver('network-changed');
    if (typeChanged && this.#phase === 'connected' && (this.#options.restartOnNetworkChange ?? true)) {
      this.#iceRestarts += 1;
      this.#peer.restartIce();
    }
    this.#publish();
  }

  #onSignaling({ wentDown, cameBack }: SignalingChange): void {
    if (wentDown && (this.#phase === 'grace' || this.#phase === 'waiting')) return this.#pause('signaling-lost');
    if (cameBack) {
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

  #clearTimers(): void {
    this.#timers.clearAll();
    this.#nextRetryAt = null;
  }

  /** When the next attempt is due: ours, or the signaling's own while we wait for it. */
  #dueAt(): number | null {
    if (this.#phase === 'waiting') return this.#nextRetryAt;
    if (this.#phase === 'paused' && this.#pausedFor === 'signaling-lost') return this.#signaling.nextRetryAt;
    return null;
  }

  #publish(): void {
    const { remainingMs: nextRetryInMs, nextTickInMs } = countdown(this.#dueAt(), this.#clock.now());
    this.#timers.clear('tick');
    if (nextTickInMs !== null && this.store.active) this.#timers.set('tick', nextTickInMs, () => this.#publish());
    this.store.set({
      state: stateOf(this.#phase),
      reason: this.#phase === 'idle' || this.#phase === 'connected' ? null : (this.#pausedFor ?? this.#cause),
      attempt: this.#attempt,
      nextRetryInMs,
      action: this.#inFlight?.action ?? null,
      lostAt: this.#lostAt,
      iceRestarts: this.#iceRestarts,
      rebuilds: this.#rebuilds,
      online: this.#network.online,
      signaling: this.#signaling.status,
      error: this.#error,
    });
  }
}
