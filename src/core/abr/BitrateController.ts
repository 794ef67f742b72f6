import { systemClock } from '../clock';
import { EngineUnit } from '../engineUnit';
import { messageOf } from '../errors';
import { AbrKitError } from './abrErrors';
import type { PeerControlMessage, VideoSizeHint } from '../peer/controlMessage';
import type { PeerSession } from '../peer/PeerSession';
import type { StatsCollector } from '../stats/StatsCollector';
import { sharedStatsCollector } from '../stats/sharedStatsCollector';
import type { StatsSample } from '../stats/types';
import { abrInputFrom, videoShareOf } from './abrInput';
import { abrSnapshotOf, IDLE_ABR_SNAPSHOT, type AbrReason, type AdaptiveBitrateSnapshot } from './abrSnapshot';
import {
  checkMode,
  checkWatchInterval,
  DEFAULT_WATCH_INTERVAL_MS,
  ladderOf,
  type BitrateControllerOptions,
} from './bitrateControllerOptions';
import { initialAbrState, type AbrHoldReason, type AbrPolicy, type AbrState } from './abrPolicy';
import { decide, decideOnEstimate } from './decide';
import { watchEstimate, type EstimateReading } from './estimateWatch';
import { rungIndex, topRungFor, type Rung } from './ladder';
import { planEncodings, type AbrMode, type EncodingPlan } from './planEncodings';
import { NO_RECEIVER_HINTS, receiverHintsOf, tileOf, type ReceiverHints } from './receiverHints';
import { sameValue } from '../sameValue';
import { ManagedSender } from './managedSender';
import { VideoHintReporter } from './VideoHintReporter';

export type { AbrReason, AdaptiveBitrateSnapshot, AppliedEncoding } from './abrSnapshot';
export type { BitrateControllerOptions } from './bitrateControllerOptions';

const isSession = (target: RTCPeerConnection | PeerSession): target is PeerSession =>
  typeof (target as PeerSession).onControlMessage === 'function';

/**
 * Adaptive bitrate for the video a connection sends. Fed by the connection's shared
 * `StatsCollector`, it runs the pure `decide` policy once per sample and applies the chosen rung of
 * a ladder (resolution × frame rate × bitrate) to every video sender with
 * `RTCRtpSender.setParameters` — `scaleResolutionDownBy`, `maxFramerate`, `maxBitrate`, and for
 * simulcast which layers are `active` — from its own copy of the encodings. Given a
 * {@link PeerSession} (with `dataChannel` on both sides) it also obeys the other side's tile hints:
 * never more resolution than the largest visible tile showing the video, nothing at all while
 * every such tile is hidden; and it reports this side's tiles to the other side.
 *
 * It works only while subscribed (stopping is deferred a microtask, so StrictMode's
 * unsubscribe → subscribe keeps it), and puts back the encodings it found when it stops or is
 * switched `off`. A session that replaces its connection is followed.
 *
 * @example
 * ```ts
 * const abr = new BitrateController(session, { mode: 'balanced' });
 * const stop = abr.subscribe(() => {
 *   const { rung, reason } = abr.getSnapshot();
 *   console.log(rung?.id, reason); // '360p30' 'bandwidth'
 * });
 * abr.setMode('maintain-resolution'); // sharing a screen now
 * ```
 */
export class BitrateController extends EngineUnit<AdaptiveBitrateSnapshot> {
  readonly #target: RTCPeerConnection | PeerSession;
  #options: BitrateControllerOptions;
  #mode: AbrMode;
  #ladder: readonly Rung[];
  #cap: number;
  #policy: Partial<AbrPolicy> | undefined;
  #pushed: BitrateControllerOptions;

  #pc: RTCPeerConnection | null = null;
  #collector: StatsCollector | null = null;
  #stopStats: (() => void) | null = null;
  #stopWatch: (() => void) | null = null;
  #stops: (() => void)[] = [];
  #lastSample: StatsSample | null = null;
  #state: AbrState | null = null;
  #reason: AbrReason = 'initial';
  #holding: AbrHoldReason | null = null;
  #managed = new Map<RTCRtpSender, ManagedSender>();
  #hints: ReceiverHints = NO_RECEIVER_HINTS;

  constructor(target: RTCPeerConnection | PeerSession, options: BitrateControllerOptions = {}) {
    const mode = checkMode(options.mode ?? 'balanced');
    checkWatchInterval(options.watchIntervalMs);
    const ladder = ladderOf(options);
    const cap = rungIndex(ladder, options.maxRung);
    super(
      { ...IDLE_ABR_SNAPSHOT, mode, ladder, maxRung: cap, reason: mode === 'off' ? 'off' : 'no-video' },
      { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true },
    );
    this.#target = target;
    this.#options = options;
    this.#pushed = options;
    this.#mode = mode;
    this.#ladder = ladder;
    this.#cap = cap;
    this.#policy = options.policy;
  }

  /** Switches mode at once; `'off'` puts back the encodings the senders had. */
  readonly setMode = (mode: AbrMode): void => {
    checkMode(mode);
    if (mode === this.#mode) return;
    const wasOff = this.#mode === 'off';
    this.#mode = mode;
    if (!this.store.active) {
      this.#publish();
      return;
    }
    if (mode === 'off') {
      this.#detachStats();
      void this.#restoreAll();
      this.#state = null;
    } else if (wasOff) {
      this.#attachStats();
    }
    this.#apply();
    this.#publish();
  };

  /** Caps the rungs used at `rung` (an index or id) and moves there at once if above; `null` lifts the cap. */
  readonly setMaxRung = (rung: number | string | null): void => {
    const cap = rungIndex(this.#ladder, rung);
    if (cap === this.#cap) return;
    this.#cap = cap;
    if (this.#state && this.#state.rung < cap) {
      this.#state = { ...this.#state, rung: cap, lastChangeAt: this.#state.lastChangeAt, ticks: [] };
      this.#reason = 'capped';
      this.#holding = null;
    }
    this.#apply();
    this.#publish();
  };

  /**
   * Sets the other side's tile sizes by media id, for a bare `RTCPeerConnection` whose hints
   * travel some other way (with a {@link PeerSession} they arrive on their own).
   */
  readonly setReceiverHints = (hints: readonly VideoSizeHint[]): void => {
    this.#hints = receiverHintsOf(hints);
    this.#apply();
    this.#publish();
  };

  /**
   * Takes new options. Only the ones that differ from the last call apply, so a hook may pass the
   * same object shape on every render without undoing `setMode` or `setMaxRung`.
   */
  setOptions(options: BitrateControllerOptions): void {
    const before = this.#pushed;
    this.#pushed = options;
    this.#options = {
      ...this.#options,
      onError: options.onError,
      clock: options.clock ?? this.#options.clock,
      initialRung: options.initialRung,
    };
    let replan = false;
    const ladder = ladderOf(options);
    if (!sameValue(ladder, this.#ladder)) {
      this.#ladder = ladder;
      this.#cap = rungIndex(ladder, options.maxRung);
      this.#state = null;
      this.#reason = 'initial';
      replan = true;
    } else if (options.maxRung !== before.maxRung) {
      this.setMaxRung(options.maxRung ?? null);
    }
    if (!sameValue(options.policy ?? null, before.policy ?? null)) this.#policy = options.policy;
    if (options.hints !== before.hints) {
      this.#options = { ...this.#options, hints: options.hints };
      if (this.store.active && isSession(this.#target)) {
        this.#stopSession();
        this.#startSession(this.#target);
      }
      replan = true;
    }
    if (options.intervalMs !== before.intervalMs || options.watchIntervalMs !== before.watchIntervalMs) {
      checkWatchInterval(options.watchIntervalMs);
      this.#options = { ...this.#options, intervalMs: options.intervalMs, watchIntervalMs: options.watchIntervalMs };
      if (this.#collector) {
        this.#detachStats();
        this.#attachStats();
      }
    }
    if (options.mode !== undefined && options.mode !== before.mode) this.setMode(options.mode);
    if (replan) {
      this.#apply();
      this.#publish();
    }
  }

  // ——— lifecycle ———

  #start(): void {
    const target = this.#target;
    if (isSession(target)) this.#startSession(target);
    else this.#follow(target);
  }

  #stop(): void {
    this.#stopSession();
    this.#follow(null);
  }

  #startSession(session: PeerSession): void {
    const stops = [session.subscribe(() => this.#follow(session.getSnapshot().pc))];
    if (this.#options.hints !== false) {
      stops.push(session.onControlMessage((message) => this.#onControl(message)));
      const reporter = new VideoHintReporter(session, {
        clock: this.#options.clock ?? systemClock,
        tileSizes: this.#options.tileSizes,
      });
      stops.push(reporter.subscribe(() => {}));
    }
    this.#stops = stops;
    this.#follow(session.getSnapshot().pc);
  }

  #stopSession(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
    if (this.#options.hints === false) this.#hints = NO_RECEIVER_HINTS;
  }

  /** Moves to another connection (or none), leaving the previous one as it found it. */
  #follow(pc: RTCPeerConnection | null): void {
    if (pc === this.#pc) {
      if (pc) this.#apply(); // senders may have come with a negotiation
      return;
    }
    this.#detachStats();
    void this.#restoreAll();
    this.#pc = pc;
    this.#state = null;
    this.#hints = NO_RECEIVER_HINTS;
    this.#reason = 'initial';
    this.#holding = null;
    if (pc && this.#mode !== 'off') this.#attachStats();
    this.#apply();
    this.#publish();
  }

  #attachStats(): void {
    const pc = this.#pc;
    if (!pc || this.#stopStats) return;
    const collector = sharedStatsCollector(pc, { intervalMs: this.#options.intervalMs });
    this.#collector = collector;
    this.#lastSample = collector.getSnapshot().latest;
    this.#stopStats = collector.subscribe(() => this.#onSample());
    const watchIntervalMs = this.#options.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
    if (watchIntervalMs > 0) {
      this.#stopWatch = watchEstimate({
        intervalMs: watchIntervalMs,
        clock: this.#options.clock ?? systemClock,
        sender: () => this.#sendingSender(),
        onReading: (reading) => this.#onEstimate(reading),
      });
    }
  }

  #detachStats(): void {
    this.#stopStats?.();
    this.#stopStats = null;
    this.#stopWatch?.();
    this.#stopWatch = null;
    this.#collector = null;
  }

  #onControl(message: PeerControlMessage): void {
    switch (message.type) {
      case 'video-hints':
        this.#hints = receiverHintsOf(message.hints);
        this.#apply();
        this.#publish();
        return;
      default:
        message.type satisfies never;
    }
  }

  // ——— deciding ———

  #onSample(): void {
    const sample = this.#collector?.getSnapshot().latest ?? null;
    if (!sample || sample === this.#lastSample) return;
    this.#lastSample = sample;
    if (this.#mode === 'off' || !this.#pc || this.#pc.connectionState === 'closed') return;
    const senders = this.#syncSenders();
    if (senders.length === 0) {
      this.#publish();
      return;
    }
    const state = this.#stateFor(senders);
    const plans = senders.map((m) => this.#plan(m, state));
    if (plans.every((plan) => plan.limit === 'receiver-hidden')) {
      // Nothing is sent while every tile is hidden, so the tick says nothing about the link.
      this.#state = { ...state, ticks: [] };
    } else {
      const { state: next, action } = decide(state, abrInputFrom(sample, { videoSenders: senders.length }), {
        ladder: this.#ladder,
        top: this.#top(senders),
        policy: this.#policy,
      });
      this.#state = next;
      if (action.type === 'hold') this.#holding = action.reason;
      else {
        this.#holding = null;
        this.#reason = action.reason;
      }
    }
    this.#apply();
    this.#publish();
  }

  /** A quick read of the estimate between samples: only a collapse acts on it. */
  #onEstimate({ at, availableOutgoingBitrate }: EstimateReading): void {
    const state = this.#state;
    if (!state || this.#mode === 'off' || !this.#pc || this.#pc.connectionState === 'closed') return;
    if (!this.#sendingSender()) return;
    const senders = [...this.#managed.values()];
    const audio = this.#lastSample?.outbound.audio?.bitrate;
    const { state: next, action } = decideOnEstimate(
      state,
      { at, availableBitrate: videoShareOf(availableOutgoingBitrate, audio, senders.length) },
      { ladder: this.#ladder, top: this.#top(senders), policy: this.#policy },
    );
    if (action.type !== 'down') return;
    this.#state = next;
    this.#holding = null;
    this.#reason = action.reason;
    this.#apply();
    this.#publish();
  }

  /** A video sender that sends: not every tile showing its video hidden (then there is no link to watch). */
  #sendingSender(): RTCRtpSender | undefined {
    for (const managed of this.#managed.values())
      if (managed.wanted?.limit !== 'receiver-hidden') return managed.sender;
    return undefined;
  }

  /** The best rung worth using: the user's cap, and no taller than the tallest source needs. */
  #top(senders: readonly ManagedSender[]): number {
    let top = this.#cap;
    if (this.#mode !== 'maintain-resolution') {
      const tallest = Math.max(0, ...senders.map((m) => m.sender.track?.getSettings?.().height ?? 0));
      top = Math.max(top, topRungFor(this.#ladder, tallest || undefined));
    }
    return Math.min(top, this.#ladder.length - 1);
  }

  #stateFor(senders: readonly ManagedSender[]): AbrState {
    if (!this.#state) {
      const initial = this.#options.initialRung === undefined ? 0 : rungIndex(this.#ladder, this.#options.initialRung);
      this.#state = initialAbrState(Math.max(initial, this.#top(senders)));
    }
    return this.#state;
  }

  // ——— applying ———

  /** The video senders with a track, adopting new ones (and keeping a copy of what they had). */
  #syncSenders(): ManagedSender[] {
    const pc = this.#pc;
    if (!pc || pc.connectionState === 'closed') return [];
    const current = new Set<RTCRtpSender>();
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      current.add(sender);
      if (this.#managed.has(sender)) continue;
      const managed = ManagedSender.adopt(sender, this.#options.senderParameters);
      if (managed) this.#managed.set(sender, managed);
    }
    for (const sender of [...this.#managed.keys()]) if (!current.has(sender)) this.#managed.delete(sender);
    return [...this.#managed.values()];
  }

  #tileFor(managed: ManagedSender) {
    return this.#options.hints === false ? null : tileOf(this.#pc, managed.sender, this.#hints);
  }

  #plan(managed: ManagedSender, state: AbrState): EncodingPlan {
    const settings = managed.sender.track?.getSettings?.() ?? {};
    return planEncodings({
      ladder: this.#ladder,
      rung: state.rung,
      cpuCap: state.cpuCap,
      mode: this.#mode === 'off' ? 'balanced' : this.#mode,
      source: { width: settings.width, height: settings.height },
      original: managed.original.encodings,
      tile: this.#tileFor(managed),
    });
  }

  /** Plans every sender for the current state and sends what changed. */
  #apply(): void {
    if (this.#mode === 'off' || !this.#pc || !this.store.active) return;
    const senders = this.#syncSenders();
    if (senders.length === 0) return;
    const state = this.#stateFor(senders);
    for (const managed of senders) {
      managed.wanted = this.#plan(managed, state);
      void this.#send(managed);
    }
  }

  #send(managed: ManagedSender): Promise<void> {
    return managed.send({
      wanted: () => this.#mode !== 'off' && this.#managed.has(managed.sender),
      onApplied: () => {
        if (this.getSnapshot().error) this.store.update({ error: null });
      },
      onRefused: (cause) => {
        if (this.#pc?.connectionState === 'closed') return;
        const error = new AbrKitError('set-parameters-failed', { cause, detail: messageOf(cause) });
        this.store.update({ error });
        this.#options.onError?.(error);
      },
    });
  }

  /** Puts back what every sender had before, and forgets them. */
  async #restoreAll(): Promise<void> {
    const managed = [...this.#managed.values()];
    this.#managed = new Map();
    const pc = this.#pc;
    if (!pc || pc.connectionState === 'closed') return;
    await Promise.all(
      managed.map(async (sender) => {
        try {
          await sender.restore();
        } catch {
          // The sender is gone or the connection closed meanwhile: nothing to put back.
        }
      }),
    );
  }

  // ——— snapshot ———

  #publish(): void {
    const first = this.#managed.values().next().value as ManagedSender | undefined;
    this.store.set(
      abrSnapshotOf(this.getSnapshot(), {
        mode: this.#mode,
        ladder: this.#ladder,
        cap: this.#cap,
        state: this.#state,
        reason: this.#reason,
        holding: this.#holding,
        first: first ? { plan: first.wanted, tile: this.#tileFor(first) } : null,
      }),
    );
  }
}
