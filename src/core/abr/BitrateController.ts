import { systemClock, type Clock } from '../clock';
import { messageOf, RtcKitError } from '../errors';
import type { PeerControlMessage, VideoSizeHint } from '../peer/controlMessage';
import type { PeerSession } from '../peer/PeerSession';
import type { StatsCollector } from '../stats/StatsCollector';
import { sharedStatsCollector } from '../stats/sharedStatsCollector';
import type { StatsSample } from '../stats/types';
import { createStore, type ReadableStore } from '../store';
import { abrInputFrom, videoShareOf } from './abrInput';
import {
  decide,
  decideOnEstimate,
  initialAbrState,
  type AbrHoldReason,
  type AbrPolicy,
  type AbrState,
  type AbrStepReason,
} from './decide';
import { watchEstimate, type EstimateReading } from './estimateWatch';
import { AUDIO_ONLY_RUNG, DEFAULT_LADDER, rungIndex, topRungFor, validateLadder, type Rung } from './ladder';
import {
  ABR_MODES,
  planEncodings,
  type AbrMode,
  type EncodingLimit,
  type EncodingPlan,
  type TileSize,
} from './planEncodings';
import type { OriginalSenderParameters, SenderParameters } from './senderParameters';
import { senderParametersOf, type SenderParametersRegistry } from './sharedSenderParameters';
import { VideoHintReporter } from './VideoHintReporter';

/**
 * Why the controller's video is what it is:
 * - a policy step (`'loss'`, `'severe-bandwidth'`, `'headroom'`, …, see `decide`), or `'initial'`;
 * - `'receiver-tile'` / `'receiver-hidden'`: the other side shows it small, or not at all;
 * - `'off'` (mode off), `'no-video'` (nothing to control yet).
 */
export type AbrReason = AbrStepReason | 'initial' | 'receiver-tile' | 'receiver-hidden' | 'off' | 'no-video';

/** What the first video sender is sending now, as the controller set it. */
export interface AppliedEncoding {
  readonly active: boolean;
  /** The height aimed at, in pixels (0 when off). */
  readonly height: number;
  readonly maxFramerate: number | undefined;
  readonly maxBitrate: number | undefined;
  readonly scaleResolutionDownBy: number | undefined;
}

/** What a {@link BitrateController} holds. Replaced, never mutated, when something changes. */
export interface AdaptiveBitrateSnapshot {
  readonly mode: AbrMode;
  /** The ladder in use (with the audio-only rung when `audioOnly` is on). */
  readonly ladder: readonly Rung[];
  /** The current rung; `null` while off or before there is a connection with video to control. */
  readonly rung: Rung | null;
  /** Its index in `ladder`, or -1. */
  readonly rungIndex: number;
  /** The index of the best rung allowed (the `maxRung` cap; 0 when there is none). */
  readonly maxRung: number;
  readonly reason: AbrReason;
  /** Why the last decision kept the rung (`null` when it changed it). */
  readonly holding: AbrHoldReason | null;
  /** Whether resolution and frame rate are lowered for the CPU (the bitrate is not). */
  readonly cpuLimited: boolean;
  /** The other side's largest tile for the first video, when it reports one. */
  readonly tile: TileSize | null;
  /** What the first video sender got from the controller. */
  readonly applied: AppliedEncoding | null;
  /** The last failure (a refused `setParameters`), cleared by the next success. */
  readonly error: RtcKitError | null;
}

/** Options for {@link BitrateController}. */
export interface BitrateControllerOptions {
  /** Default `'balanced'`. */
  readonly mode?: AbrMode;
  /** From best to worst. Default {@link DEFAULT_LADDER}. */
  readonly ladder?: readonly Rung[];
  /** Add {@link AUDIO_ONLY_RUNG} below the ladder: video stops on a link too poor for any picture. Default `false`. */
  readonly audioOnly?: boolean;
  /** The best rung allowed, by index or id; `null` for none. */
  readonly maxRung?: number | string | null;
  /** The rung to start on, by index or id. Default: the best allowed. */
  readonly initialRung?: number | string;
  /** Thresholds of the policy (see `DEFAULT_ABR_POLICY`). */
  readonly policy?: Partial<AbrPolicy>;
  /**
   * Receiver-driven hints, with a {@link PeerSession} that has a data channel: cap each video at the
   * other side's largest visible tile, and report this side's tiles to it. Default `true`.
   */
  readonly hints?: boolean;
  /** Milliseconds between stats samples (the collector is shared with other rtckit hooks). Default 1000. */
  readonly intervalMs?: number;
  /**
   * Milliseconds between quick reads of the bandwidth estimate between samples (one sender's
   * `getStats()`), so that a collapsing link is acted on within a fraction of a second rather than
   * a tick or two later, while the queue it fills freezes the picture (see `decideOnEstimate`).
   * `0` turns the quick reads off. Default 250.
   */
  readonly watchIntervalMs?: number;
  readonly clock?: Clock;
  /**
   * Where each sender's one owner of its encodings is kept (see {@link SenderParameters}). Default:
   * the page's, shared with every `PeerSession`, so key-frame restarts queue behind the
   * controller's changes.
   */
  readonly senderParameters?: SenderParametersRegistry;
  /** Called with every failure, e.g. a `setParameters` the browser refused. */
  readonly onError?: (error: RtcKitError) => void;
}

/** One video sender under control. */
interface Managed {
  readonly sender: RTCRtpSender;
  readonly parameters: SenderParameters;
  readonly original: OriginalSenderParameters;
  /** The plan wanted now, and the key of what the sender has (or was refused). */
  wanted: EncodingPlan | null;
  appliedKey: string | null;
  failedKey: string | null;
  busy: boolean;
}

const isSession = (target: RTCPeerConnection | PeerSession): target is PeerSession =>
  typeof (target as PeerSession).onControlMessage === 'function';

const planKey = (plan: EncodingPlan) => JSON.stringify([plan.encodings, plan.degradationPreference ?? null]);

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
export class BitrateController implements ReadableStore<AdaptiveBitrateSnapshot> {
  readonly #target: RTCPeerConnection | PeerSession;
  #options: BitrateControllerOptions;
  #mode: AbrMode;
  #ladder: readonly Rung[];
  #ladderKey: string;
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
  #managed = new Map<RTCRtpSender, Managed>();
  #hints = new Map<string, TileSize>();

  readonly #store: ReturnType<typeof createStore<AdaptiveBitrateSnapshot>>;

  constructor(target: RTCPeerConnection | PeerSession, options: BitrateControllerOptions = {}) {
    this.#target = target;
    this.#options = options;
    this.#pushed = options;
    this.#mode = checkMode(options.mode ?? 'balanced');
    checkWatchInterval(options.watchIntervalMs);
    this.#ladder = ladderOf(options);
    this.#ladderKey = JSON.stringify(this.#ladder);
    this.#cap = rungIndex(this.#ladder, options.maxRung);
    this.#policy = options.policy;
    this.#store = createStore<AdaptiveBitrateSnapshot>(
      {
        mode: this.#mode,
        ladder: this.#ladder,
        rung: null,
        rungIndex: -1,
        maxRung: this.#cap,
        reason: this.#mode === 'off' ? 'off' : 'no-video',
        holding: null,
        cpuLimited: false,
        tile: null,
        applied: null,
        error: null,
      },
      { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true },
    );
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): AdaptiveBitrateSnapshot => this.#store.getSnapshot();

  /** Switches mode at once; `'off'` puts back the encodings the senders had. */
  readonly setMode = (mode: AbrMode): void => {
    checkMode(mode);
    if (mode === this.#mode) return;
    const wasOff = this.#mode === 'off';
    this.#mode = mode;
    if (!this.#store.active) {
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
    this.#hints = new Map(hints.map(({ mid, width, height, visible }) => [mid, { width, height, visible }]));
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
    const ladderKey = JSON.stringify(ladder);
    if (ladderKey !== this.#ladderKey) {
      this.#ladder = ladder;
      this.#ladderKey = ladderKey;
      this.#cap = rungIndex(ladder, options.maxRung);
      this.#state = null;
      this.#reason = 'initial';
      replan = true;
    } else if (options.maxRung !== before.maxRung) {
      this.setMaxRung(options.maxRung ?? null);
    }
    if (JSON.stringify(options.policy ?? null) !== JSON.stringify(before.policy ?? null)) this.#policy = options.policy;
    if (options.hints !== before.hints) {
      this.#options = { ...this.#options, hints: options.hints };
      if (this.#store.active && isSession(this.#target)) {
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
      const reporter = new VideoHintReporter(session, { clock: this.#options.clock ?? systemClock });
      stops.push(reporter.subscribe(() => {}));
    }
    this.#stops = stops;
    this.#follow(session.getSnapshot().pc);
  }

  #stopSession(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
    if (this.#options.hints === false) this.#hints = new Map();
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
    this.#hints = new Map();
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
        this.#hints = new Map(
          message.hints.map(({ mid, width, height, visible }) => [mid, { width, height, visible }]),
        );
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
  #top(senders: readonly Managed[]): number {
    let top = this.#cap;
    if (this.#mode !== 'maintain-resolution') {
      const tallest = Math.max(0, ...senders.map((m) => m.sender.track?.getSettings?.().height ?? 0));
      top = Math.max(top, topRungFor(this.#ladder, tallest || undefined));
    }
    return Math.min(top, this.#ladder.length - 1);
  }

  #stateFor(senders: readonly Managed[]): AbrState {
    if (!this.#state) {
      const initial = this.#options.initialRung === undefined ? 0 : rungIndex(this.#ladder, this.#options.initialRung);
      this.#state = initialAbrState(Math.max(initial, this.#top(senders)));
    }
    return this.#state;
  }

  // ——— applying ———

  /** The video senders with a track, adopting new ones (and keeping a copy of what they had). */
  #syncSenders(): Managed[] {
    const pc = this.#pc;
    if (!pc || pc.connectionState === 'closed') return [];
    const current = new Set<RTCRtpSender>();
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      current.add(sender);
      if (this.#managed.has(sender)) continue;
      const parameters = senderParametersOf(sender, this.#options.senderParameters);
      const original = parameters.original();
      if (!original) continue; // not negotiated yet
      this.#managed.set(sender, {
        sender,
        parameters,
        original,
        wanted: null,
        appliedKey: null,
        failedKey: null,
        busy: false,
      });
    }
    for (const sender of [...this.#managed.keys()]) if (!current.has(sender)) this.#managed.delete(sender);
    return [...this.#managed.values()];
  }

  #tileFor(managed: Managed): TileSize | null {
    if (this.#options.hints === false || this.#hints.size === 0) return null;
    const mid = this.#pc?.getTransceivers().find((t) => t.sender === managed.sender)?.mid;
    return (mid && this.#hints.get(mid)) || null;
  }

  #plan(managed: Managed, state: AbrState): EncodingPlan {
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
    if (this.#mode === 'off' || !this.#pc || !this.#store.active) return;
    const senders = this.#syncSenders();
    if (senders.length === 0) return;
    const state = this.#stateFor(senders);
    for (const managed of senders) {
      managed.wanted = this.#plan(managed, state);
      void this.#send(managed);
    }
  }

  async #send(managed: Managed): Promise<void> {
    if (managed.busy) return; // the running loop picks up the newest plan
    managed.busy = true;
    try {
      for (;;) {
        const plan = managed.wanted;
        if (!plan || this.#mode === 'off' || !this.#managed.has(managed.sender)) return;
        const key = planKey(plan);
        if (key === managed.appliedKey || key === managed.failedKey) return;
        try {
          await managed.parameters.set(plan.encodings, plan.degradationPreference);
          managed.appliedKey = key;
          managed.failedKey = null;
          if (this.getSnapshot().error) this.#store.update({ error: null });
        } catch (cause) {
          managed.failedKey = key;
          if (this.#pc?.connectionState === 'closed') return;
          const error = new RtcKitError('set-parameters-failed', { cause, detail: messageOf(cause) });
          this.#store.update({ error });
          this.#options.onError?.(error);
          return;
        }
      }
    } finally {
      managed.busy = false;
    }
  }

  /** Puts back what every sender had before, and forgets them. */
  async #restoreAll(): Promise<void> {
    const managed = [...this.#managed.values()];
    this.#managed = new Map();
    const pc = this.#pc;
    if (!pc || pc.connectionState === 'closed') return;
    await Promise.all(
      managed.map(async ({ parameters, original, appliedKey }) => {
        if (appliedKey === null) return;
        try {
          await parameters.set(original.encodings, original.degradationPreference);
        } catch {
          // The sender is gone or the connection closed meanwhile: nothing to put back.
        }
      }),
    );
  }

  // ——— snapshot ———

  #publish(): void {
    const off = this.#mode === 'off';
    const state = off ? null : this.#state;
    const first = this.#managed.values().next().value as Managed | undefined;
    const plan = off ? null : (first?.wanted ?? null);
    const encoding = plan ? topLayer(plan) : undefined;
    this.#store.set({
      mode: this.#mode,
      ladder: this.#ladder,
      rung: state && first ? this.#ladder[state.rung]! : null,
      rungIndex: state && first ? state.rung : -1,
      maxRung: this.#cap,
      reason: off ? 'off' : !first || !state ? 'no-video' : reasonOf(plan?.limit, this.#reason),
      holding: off || !first ? null : this.#holding,
      cpuLimited: !!state && state.cpuCap > state.rung,
      tile: first && !off ? this.#tileFor(first) : null,
      applied: sameApplied(
        this.getSnapshot().applied,
        plan && encoding
          ? {
              active: encoding.active !== false,
              height: Math.round(plan.height),
              maxFramerate: encoding.maxFramerate,
              maxBitrate: encoding.maxBitrate,
              scaleResolutionDownBy: encoding.scaleResolutionDownBy,
            }
          : null,
      ),
      error: this.getSnapshot().error,
    });
  }
}

function reasonOf(limit: EncodingLimit | undefined, reason: AbrReason): AbrReason {
  if (limit === 'receiver-hidden') return 'receiver-hidden';
  if (limit === 'receiver-tile') return 'receiver-tile';
  return reason;
}

function topLayer(plan: EncodingPlan): RTCRtpEncodingParameters | undefined {
  let best: RTCRtpEncodingParameters | undefined;
  for (const encoding of plan.encodings) {
    if (
      !best ||
      (encoding.active !== false && (encoding.scaleResolutionDownBy ?? 1) < (best.scaleResolutionDownBy ?? 1))
    )
      best = encoding;
  }
  return best;
}

/** Keeps the previous object when nothing in it changed, so the snapshot stays the same too. */
function sameApplied(before: AppliedEncoding | null, next: AppliedEncoding | null): AppliedEncoding | null {
  if (!before || !next) return next;
  const keys = Object.keys(next) as (keyof AppliedEncoding)[];
  return keys.every((key) => before[key] === next[key]) ? before : next;
}

function ladderOf(options: BitrateControllerOptions): readonly Rung[] {
  const ladder = options.ladder ?? DEFAULT_LADDER;
  return validateLadder(options.audioOnly ? [...ladder, AUDIO_ONLY_RUNG] : ladder);
}

const DEFAULT_WATCH_INTERVAL_MS = 250;

function checkWatchInterval(ms: number | undefined): void {
  if (ms === undefined || (Number.isFinite(ms) && ms >= 0)) return;
  throw new RtcKitError('invalid-option', {
    detail: `watchIntervalMs must be a number of milliseconds ≥ 0 (0 turns the quick reads off), got ${String(ms)}.`,
  });
}

function checkMode(mode: AbrMode): AbrMode {
  if (!ABR_MODES.includes(mode)) {
    throw new RtcKitError('invalid-option', {
      detail: `mode must be one of ${ABR_MODES.join(', ')}, got ${JSON.stringify(mode)}.`,
    });
  }
  return mode;
}
