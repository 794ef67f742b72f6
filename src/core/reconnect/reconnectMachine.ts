// The phase machine of a Reconnector: what each change of the peer, its media, the network and
// the signaling does to the recovery (see Reconnector for the steps). The Reconnector owns the
// subscriptions and the snapshot; this owns the phases, the attempts and their timers, so that
// every transition reads in one place.
import type { Clock } from '../clock';
import type { RtcKitError } from '../errors';
import { GiveUpClock, reconnectFailedError } from './giveUpClock';
import type { MediaChange, MediaWatch } from './mediaWatch';
import { NamedTimers } from './namedTimers';
import type { PeerWatch } from './peerWatch';
import { reconnectBackoff } from './reconnectBackoff';
import type { ReconnectablePeer } from './reconnectablePeer';
import { inTrouble, stateOf, type ReconnectPhase } from './reconnectPhase';
import { RECONNECT_DEFAULTS, type ReconnectorOptions } from './reconnectorOptions';
import type { ReconnectSnapshot } from './reconnectSnapshot';
import type { NetworkChange, NetworkWatch, SignalingChange, SignalingWatch } from './reconnectSources';
import {
  isNegotiated,
  nextRecoveryAction,
  recoveryAttempt,
  verdictAtBound,
  type RecoveryAttempt,
} from './recoveryAttempt';
import type { ReconnectReason } from './types';

/** What a {@link ReconnectMachine} reads and drives; the Reconnector makes and owns each part. */
export interface ReconnectMachineParts {
  readonly peer: ReconnectablePeer;
  readonly connection: PeerWatch;
  readonly media: MediaWatch;
  readonly network: NetworkWatch;
  readonly signaling: SignalingWatch;
  /** Read at each use, so that new options apply from the next timer on. */
  readonly options: () => ReconnectorOptions;
  readonly clock: () => Clock;
  /** Called after every transition that changes what the snapshot shows. */
  readonly publish: () => void;
}

/** The machine's part of a {@link ReconnectSnapshot}, and when the next attempt is due. */
export type ReconnectMachineView = Pick<
  ReconnectSnapshot,
  'state' | 'reason' | 'attempt' | 'action' | 'lostAt' | 'error'
> & {
  readonly dueAt: number | null;
};

/**
 * A reconnector's phases and recovery attempts, driven by the changes it is told of.
 * Internal to rtckit.
 *
 * @example
 * ```ts
 * const machine = new ReconnectMachine({ peer, connection, media, network, signaling, options, clock, publish });
 * peer.subscribe(() => machine.onPeer());
 * machine.view().state; // 'reconnecting' after a drop
 * ```
 */
export class ReconnectMachine {
  readonly #peer: ReconnectablePeer;
  readonly #connection: PeerWatch;
  readonly #media: MediaWatch;
  readonly #network: NetworkWatch;
  readonly #signaling: SignalingWatch;
  readonly #options: () => ReconnectorOptions;
  readonly #clock: () => Clock;
  readonly #publish: () => void;

  #phase: ReconnectPhase = 'idle';
  /** The underlying cause of the current trouble; a pause shows its own reason on top. */
  #cause: ReconnectReason | null = null;
  #pausedFor: 'offline' | 'signaling-lost' | null = null;
  #attempt = 0;
  #escalate = false;
  /** Key frames were asked for when the connection came back; media moving needs no more. */
  #keyFramesSent = false;
  #inFlight: RecoveryAttempt | null = null;
  #lostAt: number | null = null;
  /** Trouble time, not counted while offline. */
  readonly #giveUpClock: GiveUpClock;
  #nextRetryAt: number | null = null;
  #error: RtcKitError | null = null;
  readonly #timers: NamedTimers<'grace' | 'attempt' | 'bound'>;

  constructor(parts: ReconnectMachineParts) {
    this.#peer = parts.peer;
    this.#connection = parts.connection;
    this.#media = parts.media;
    this.#network = parts.network;
    this.#signaling = parts.signaling;
    this.#options = parts.options;
    this.#clock = parts.clock;
    this.#publish = parts.publish;
    this.#giveUpClock = new GiveUpClock(parts.clock);
    this.#timers = new NamedTimers(parts.clock);
  }

  /** What the snapshot shows of the recovery; the Reconnector adds the counts and the sources. */
  view(): ReconnectMachineView {
    const phase = this.#phase;
    const signalingLost = phase === 'paused' && this.#pausedFor === 'signaling-lost';
    return {
      state: stateOf(phase),
      reason: inTrouble(phase) ? (this.#pausedFor ?? this.#cause) : null,
      attempt: this.#attempt,
      action: this.#inFlight?.action ?? null,
      lostAt: this.#lostAt,
      error: this.#error,
      // Ours, or the signaling's own while we wait for it.
      dueAt: phase === 'waiting' ? this.#nextRetryAt : signalingLost ? this.#signaling.nextRetryAt : null,
    };
  }

  /** See `Reconnector.retryNow`. */
  retryNow(): void {
    if (this.#phase === 'idle' || this.#phase === 'connected') return;
    if (this.#signaling.down) this.#signaling.reconnect();
    this.#startOver(this.#cause ?? 'failed');
  }

  /** Nobody listens any more: forget the connection (the next start reads it afresh) and idle. */
  stop(): void {
    this.#connection.forget();
    this.#settle('idle');
  }

  // ——— the peer ———

  onPeer(): void {
    const snapshot = this.#peer.getSnapshot();
    const change = this.#connection.connection(snapshot.pc);
    if (change !== 'same') {
      this.#media.replace(snapshot.pc);
      if (change === 'theirs') this.#onReplacedByOtherSide();
    }
    // Judged by the state last acted on: a restart answered while still `connected` is verified
    // here; a connection that connects only now is verified by #onConnected.
    this.#onNegotiated();
    const state = this.#connection.nextState(snapshot);
    switch (state) {
      case 'closed':
        this.#media.stop();
        if (this.#phase !== 'idle') this.#settle('idle');
        return;
      case 'connected':
        return this.#onConnected();
      case 'disconnected':
        return this.#onDisconnected();
      case 'failed':
        return this.#onFailed();
      case null:
      case 'new':
      case 'connecting':
        return;
      default:
        state satisfies never;
    }
  }

  #onConnected(): void {
    // A connection that came back after an outage (not a new one, which starts with a key frame).
    const comeback = inTrouble(this.#phase) && this.#connection.connectedBefore;
    if (inTrouble(this.#phase) && this.#media.judging) {
      // Key frames now, not a poll later when media is judged to have moved: that wait was most of
      // the time a call took to show video again (the decoders need a key frame either way).
      if (comeback && this.#phase !== 'verifying') this.#sendKeyFrames();
      return this.#verify();
    }
    this.#recovered(comeback);
  }

  /** Each side's video from a key frame, once per comeback (see `PeerSession.sendKeyFrames`). */
  #sendKeyFrames(): void {
    this.#keyFramesSent = true;
    void this.#peer.sendKeyFrames().catch(() => {});
  }

  #onDisconnected(): void {
    if (this.#phase === 'verifying') return this.#unverified();
    if (this.#phase !== 'connected') return; // already recovering: a restart passes through here
    this.#enterTrouble('disconnected');
    this.#enterGrace('disconnected');
  }

  #enterGrace(reason: ReconnectReason): void {
    this.#phase = 'grace';
    this.#timers.set('grace', this.#options().graceMs ?? RECONNECT_DEFAULTS.graceMs, () =>
      this.#requestAttempt(reason),
    );
    this.#publish();
  }

  /** Out of trouble (or never in it): connected, and with `keyFrames` each side's video from a key frame. */
  #recovered(keyFrames: boolean): void {
    const sent = this.#keyFramesSent;
    this.#connection.markConnected();
    this.#attempt = 0;
    this.#escalate = false;
    this.#settle('connected');
    if (keyFrames && !sent) void this.#peer.sendKeyFrames().catch(() => {});
  }

  // ——— the media ———

  onMedia(change: MediaChange): void {
    if (this.#connection.state !== 'connected') return;
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
    this.#media.judgeFrom(this.#clock().now());
    this.#timers.set('bound', this.#media.verdictWithinMs, () => this.#replaceStalled());
    this.#publish();
  }

  #onNegotiated(): void {
    const attempt = this.#inFlight;
    if (this.#phase !== 'recovering' || this.#connection.state !== 'connected' || !attempt) return;
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
    if (!inTrouble(this.#phase)) this.#enterTrouble('failed');
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
    this.#inFlight = recoveryAttempt('rebuild', this.#connection.pc);
    this.#armBound();
    this.#publish();
  }

  // ——— attempts ———

  #requestAttempt(reason: ReconnectReason): void {
    this.#cause = reason;
    if (!inTrouble(this.#phase) || this.#phase === 'failed') return;
    if (!this.#network.online) return this.#pause('offline');
    if (this.#signaling.down) return this.#pause('signaling-lost');
    if (this.#inFlight || this.#timers.has('attempt')) return; // one recovery at a time
    const policy = this.#options().nextRetryDelayMs ?? reconnectBackoff({ giveUpAfterMs: this.#giveUpAfterMs() });
    const delay = policy({
      attempt: this.#attempt + 1,
      elapsedMs: this.#giveUpClock.elapsedMs(),
      reason,
      random: this.#clock().random(),
    });
    if (delay === null) return this.#giveUp();
    this.#phase = 'waiting';
    this.#pausedFor = null;
    this.#nextRetryAt = this.#clock().now() + Math.max(0, delay);
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
      // In flight before the restart: the peer may report its offer while restartIce() runs.
      this.#inFlight = recoveryAttempt(action, snapshot.pc);
      this.#connection.restartIce();
    } else {
      this.#inFlight = recoveryAttempt(action, this.#connection.rebuild());
    }
    this.#armBound();
    this.#publish();
  }

  #armBound(): void {
    this.#timers.set('bound', this.#options().iceRestartTimeoutMs ?? RECONNECT_DEFAULTS.iceRestartTimeoutMs, () =>
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
    this.#error = reconnectFailedError(this.#giveUpClock.elapsedMs(), this.#attempt, this.#cause);
    this.#giveUpClock.pause();
    this.#publish();
    this.#options().onError?.(this.#error);
  }

  /** Back to the first attempt with a fresh give-up clock (retryNow, back online, signaling back). */
  #startOver(reason: ReconnectReason): void {
    this.#clearTimers();
    this.#inFlight = null;
    this.#lostAt ??= this.#clock().now();
    this.#firstAttemptNext();
    this.#phase = 'waiting';
    this.#requestAttempt(reason);
  }

  #enterTrouble(reason: ReconnectReason): void {
    this.#phase = 'waiting';
    this.#cause = reason;
    this.#lostAt = this.#clock().now();
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
    this.#keyFramesSent = false;
    this.#publish();
  }

  // ——— the give-up clock (stops while offline) ———

  #giveUpAfterMs(): number {
    return this.#options().giveUpAfterMs ?? RECONNECT_DEFAULTS.giveUpAfterMs;
  }

  #startGiveUpClock(): void {
    if (!this.#network.online) return;
    this.#giveUpClock.start(this.#giveUpAfterMs(), () => {
      if (inTrouble(this.#phase) && this.#phase !== 'failed') this.#giveUp();
    });
  }

  // ——— the network and the signaling ———

  onNetwork({ online, wasOnline, typeChanged }: NetworkChange): void {
    if (!online) {
      if (inTrouble(this.#phase) && this.#phase !== 'failed') this.#pause('offline');
      else this.#publish();
      return;
    }
    if (wasOnline && !typeChanged) return this.#publish();
    // Back online, or on another network: the old paths are likely gone and new ones may work.
    this.#signaling.reconnect();
    if (inTrouble(this.#phase)) return this.#startOver('network-changed');
    if (typeChanged && this.#phase === 'connected' && (this.#options().restartOnNetworkChange ?? true)) {
      this.#connection.restartIce();
    }
    this.#publish();
  }

  onSignaling({ wentDown, cameBack }: SignalingChange): void {
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

  #clearTimers(): void {
    this.#timers.clearAll();
    this.#nextRetryAt = null;
  }
}
