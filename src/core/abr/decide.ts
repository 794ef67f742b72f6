// The adaptive bitrate policy: a pure function of (state, input) → (state, action). No timers, no
// browser: time is the input's own timestamp, so scripted sequences test it exactly.
import type { QualityLimitationReason } from '../stats/types';
import { isAudioOnly, type Rung } from './ladder';

/** What the policy reads from one stats tick (see `abrInputFrom`). Missing fields mean "not reported". */
export interface AbrInput {
  /** The tick's time in ms (the stats timestamp); only differences matter. */
  readonly at: number;
  /** Fraction (0–1) of the packets we sent that the other side lost over the tick. */
  readonly loss?: number;
  /**
   * How many packets that fraction is a share of (about what was sent over the tick). At a low rung
   * a tick carries a dozen packets and each lost one reads as 8 %: see `minSevereLost`.
   */
  readonly packets?: number;
  /**
   * What the congestion controller says one video sender may use, bits per second: the connection's
   * `availableOutgoingBitrate` minus the audio we send, shared among video senders. Firefox lacks it.
   */
  readonly availableBitrate?: number;
  /** What one video sender actually sent over the tick, bits per second. */
  readonly sendBitrate?: number;
  /** Why the encoder limits quality, where the browser says. */
  readonly limitation?: QualityLimitationReason;
  /** Round-trip time in ms: loss reports younger than two round trips after a change describe the old rung. */
  readonly rttMs?: number;
}

/**
 * The thresholds of the policy. Loss is a fraction (0.05 = 5 %); a rung's bandwidth need is
 * `maxBitrate × needFraction`.
 */
export interface AbrPolicy {
  /** Loss at or above this on two ticks in a row is an emergency. Default 0.10. */
  readonly severeLoss: number;
  /**
   * Severe loss must also be at least this many packets over those two ticks, where the input says
   * how many were sent: at a low rung two unlucky packets out of twenty read as 10 % but tell
   * nothing, and the emergency would cut the frame rate for them. Default 5.
   */
  readonly minSevereLost: number;
  /** Loss at or above this over `lossWindowMs` (its mean without the worst tick) steps one rung down. Default 0.05. */
  readonly stepDownLoss: number;
  /** Below this, loss is no trouble at all; between it and `stepDownLoss` the rung holds. Default 0.02. */
  readonly holdLoss: number;
  /** Mean loss must be below this to step up. Default 0.01. */
  readonly stepUpLoss: number;
  /** How much recent loss the sustained-loss rule averages over, ms. Default 4000. */
  readonly lossWindowMs: number;
  /** Share of a rung's `maxBitrate` it needs to look right. Default 0.5. */
  readonly needFraction: number;
  /**
   * Available bandwidth below this share of the need, two ticks in a row, is an emergency — on one
   * tick already when the round trip has grown by `queueDelayMs` (a queue is filling). Default 0.5.
   */
  readonly severeShortfall: number;
  /**
   * A round trip this many ms above the smallest one seen means packets are queueing: together with
   * a severe bandwidth shortfall it confirms the collapse at once, so the emergency does not wait a
   * second tick while the queue (and every retransmission behind it) grows. Default 200.
   */
  readonly queueDelayMs: number;
  /**
   * Stepping up needs available bandwidth of this many times the next rung's need. Default 1.2.
   * (While the encoder sends less than the estimate, Chromium's estimate rises only a little above
   * the rung's `maxBitrate`: it probes higher only once a step up raises the limit.)
   */
  readonly upHeadroom: number;
  /**
   * The estimate falling below this share of the last tick's, and below the rung's need, before the
   * next tick is a collapse of the link, acted on at once (see {@link decideOnEstimate}); `0` turns
   * the rule off. Default 0.5.
   */
  readonly collapseRatio: number;
  /** Rungs an emergency drops at least. Default 2. */
  readonly emergencySteps: number;
  /** At most one non-emergency change per this many ms. Default 3000. */
  readonly minChangeIntervalMs: number;
  /** Trouble-free time before the first step up, ms; doubled after each failed step up. Default 4000. */
  readonly upQuietMs: number;
  /** The longest that wait grows to, ms. Default 64000. */
  readonly maxUpQuietMs: number;
  /** A step down this soon after a step up means the step up failed, ms. Default 10000. */
  readonly probationMs: number;
  /** Bandwidth shortfalls are ignored this long after the first tick, while the estimate ramps up, ms. Default 4000. */
  readonly warmupMs: number;
  /**
   * Loss that stays within this factor of what it was at the last step down (between half and
   * twice, by default), while bandwidth is ample, is taken as random (radio) loss that lower rates
   * do not cure: the rung holds instead of sliding down the ladder. Default 0.5.
   */
  readonly randomLossRatio: number;
  /** CPU-free time before a CPU cap is lifted, ms; doubled after each failed lift. Default 10000. */
  readonly cpuRelaxMs: number;
}

/**
 * The default thresholds.
 *
 * @example
 * ```ts
 * new BitrateController(pc, { policy: { ...DEFAULT_ABR_POLICY, upQuietMs: 8000 } });
 * ```
 */
export const DEFAULT_ABR_POLICY: AbrPolicy = /* @__PURE__ */ Object.freeze({
  severeLoss: 0.1,
  minSevereLost: 5,
  stepDownLoss: 0.05,
  holdLoss: 0.02,
  stepUpLoss: 0.01,
  lossWindowMs: 4000,
  needFraction: 0.5,
  severeShortfall: 0.5,
  queueDelayMs: 200,
  upHeadroom: 1.2,
  collapseRatio: 0.5,
  emergencySteps: 2,
  minChangeIntervalMs: 3000,
  upQuietMs: 4000,
  maxUpQuietMs: 64000,
  probationMs: 10000,
  warmupMs: 4000,
  randomLossRatio: 0.5,
  cpuRelaxMs: 10000,
});

/** Whether the bandwidth is short of the rung's need on a tick: `severe`ly, `short`, or `ok`. */
export type AbrShortfall = 'ok' | 'short' | 'severe';

/** One tick as the policy remembers it. */
export interface AbrTick {
  readonly at: number;
  readonly loss: number | undefined;
  /** Packets lost (loss × packets), when the input says how many were sent. */
  readonly lost: number | undefined;
  /** `undefined` when nothing tells (no estimate, or warming up). */
  readonly shortfall: AbrShortfall | undefined;
  readonly cpu: boolean;
}

/** Everything the policy remembers between ticks. Immutable: {@link decide} returns a new one. */
export interface AbrState {
  /** The current rung (an index into the ladder): its bitrate, and its resolution and frame rate. */
  readonly rung: number;
  /** A rung whose resolution and frame rate cap the encoder because the CPU is short; ignored when not below `rung`. */
  readonly cpuCap: number;
  readonly startedAt: number | null;
  readonly lastChangeAt: number | null;
  /** The last tick with loss in or above the hold band, or a bandwidth shortfall. */
  readonly lastTroubleAt: number | null;
  /** When the last step up happened, while it is still on probation. */
  readonly lastUpAt: number | null;
  /** Step ups in a row that had to be taken back within their probation. */
  readonly failedUps: number;
  readonly lastCpuAt: number | null;
  readonly lastCpuChangeAt: number | null;
  readonly lastCpuRelaxAt: number | null;
  readonly failedCpuRelaxes: number;
  /** The mean loss that caused the last loss-driven step down, until loss clears. */
  readonly lossBeforeDown: number | null;
  /** The smallest round trip seen, ms: the path's own delay, without queueing. */
  readonly minRttMs: number | null;
  /** The available bandwidth at the last tick (or collapse), bits per second: what a collapse is measured against. */
  readonly lastEstimate: number | null;
  /** Ticks since the last change (at most 16), oldest first. */
  readonly ticks: readonly AbrTick[];
}

/** Why the policy changed rung or CPU cap. */
export type AbrStepReason =
  | 'severe-loss'
  | 'loss'
  | 'severe-bandwidth'
  | 'collapse'
  | 'bandwidth'
  | 'cpu'
  | 'cpu-recovered'
  | 'headroom'
  | 'probe'
  | 'capped';

/** Why the policy kept the rung. */
export type AbrHoldReason =
  'stable' | 'warming-up' | 'settling' | 'loss-band' | 'random-loss' | 'waiting' | 'no-headroom';

/** What {@link decide} asks for. */
export type AbrAction =
  | { readonly type: 'hold'; readonly reason: AbrHoldReason }
  | {
      readonly type: 'down' | 'up';
      /** The new rung. */
      readonly to: number;
      readonly reason: AbrStepReason;
      readonly emergency: boolean;
    }
  | {
      /** The CPU cap moved: resolution and frame rate change, the bitrate does not. */
      readonly type: 'cpu-down' | 'cpu-up';
      /** The new CPU cap (a rung index). */
      readonly to: number;
      readonly reason: 'cpu' | 'cpu-recovered';
    };

/** What {@link decide} works with besides state and input. */
export interface AbrDecideOptions {
  readonly ladder: readonly Rung[];
  /** The best rung allowed now (a user cap, or the best rung the source can fill). Default 0. */
  readonly top?: number;
  readonly policy?: Partial<AbrPolicy>;
}

/** The new state and what to do. */
export interface AbrDecision {
  readonly state: AbrState;
  readonly action: AbrAction;
}

const MAX_TICKS = 16;

/**
 * The state a controller starts in, on `rung`.
 *
 * @example
 * ```ts
 * let state = initialAbrState(0);
 * ```
 */
export function initialAbrState(rung = 0): AbrState {
  return {
    rung,
    cpuCap: 0,
    startedAt: null,
    lastChangeAt: null,
    lastTroubleAt: null,
    lastUpAt: null,
    failedUps: 0,
    lastCpuAt: null,
    lastCpuChangeAt: null,
    lastCpuRelaxAt: null,
    failedCpuRelaxes: 0,
    lossBeforeDown: null,
    minRttMs: null,
    lastEstimate: null,
    ticks: [],
  };
}

/**
 * The bandwidth a rung needs to look right, bits per second: its `maxBitrate` × `needFraction`.
 *
 * @example
 * ```ts
 * rungNeed(DEFAULT_LADDER[2]!); // 400000: 360p30 looks right from 400 kbit/s
 * ```
 */
export function rungNeed(rung: Rung, policy: Pick<AbrPolicy, 'needFraction'> = DEFAULT_ABR_POLICY): number {
  return rung.maxBitrate * policy.needFraction;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
/** The mean without the largest value. */
const trimmedMean = (values: readonly number[]) =>
  (values.reduce((sum, v) => sum + v, 0) - Math.max(...values)) / (values.length - 1);
const since = (at: number, then: number | null) => (then === null ? Infinity : at - then);

/**
 * One decision of the adaptive bitrate policy, pure: the same state and input always give the same
 * result. Rules, in order:
 *
 * 1. **Emergency** (no waiting): the estimate collapsing since the last tick (below `collapseRatio` ×
 *    what it was and below the rung's need: see {@link decideOnEstimate}, which applies the same
 *    rule between ticks), loss ≥ `severeLoss` on two ticks in a row, or available bandwidth
 *    below `severeShortfall` × the rung's need on two ticks in a row (on one, when the round trip
 *    has grown `queueDelayMs` above the smallest seen: a queue is filling), drops at least
 *    `emergencySteps` rungs (for bandwidth: straight to the best rung that fits). Severe loss must
 *    be `minSevereLost` packets at least, where the input counts them, on ticks at least
 *    `minChangeIntervalMs` after a step down (until then reports still describe the old rate);
 *    while the estimate covers the rung it is not congestion, and the drop keeps the frame rate.
 * 2. **One rung down**, at most once per `minChangeIntervalMs`: loss ≥ `stepDownLoss` over
 *    `lossWindowMs` (the mean without the worst tick, so one burst is not sustained loss), or a bandwidth shortfall on 3 of the last 4 ticks. Without
 *    `availableOutgoingBitrate` (Firefox) a shortfall is the send rate falling under the need
 *    while loss is in or above the hold band.
 * 3. **Hold** with loss between `holdLoss` and `stepDownLoss` — and when loss did not fall after a
 *    loss-driven step down although bandwidth is ample (random loss, which lower rates do not cure),
 *    or when sustained loss with ample bandwidth would step down to a lower frame rate.
 * 4. **CPU**: `qualityLimitationReason` `'cpu'` on 3 of the last 4 ticks lowers resolution and frame
 *    rate one rung (the CPU cap) but keeps the bitrate; the cap lifts after `cpuRelaxMs` without.
 * 5. **One rung up** only after `upQuietMs` without trouble — doubled for each step up taken back
 *    within `probationMs`, up to `maxUpQuietMs` — with mean loss below `stepUpLoss`, and available
 *    bandwidth at least `upHeadroom` × the next rung's need (without an estimate: a probe).
 *
 * @example
 * ```ts
 * let state = initialAbrState();
 * for (const input of inputs) {
 *   const { state: next, action } = decide(state, input, { ladder: DEFAULT_LADDER });
 *   state = next;
 *   if (action.type !== 'hold') console.log(action.type, DEFAULT_LADDER[action.to]?.id, action.reason);
 * }
 * ```
 */
export function decide(state: AbrState, input: AbrInput, options: AbrDecideOptions): AbrDecision {
  const policy: AbrPolicy = options.policy ? { ...DEFAULT_ABR_POLICY, ...options.policy } : DEFAULT_ABR_POLICY;
  const { ladder } = options;
  const bottom = ladder.length - 1;
  const top = Math.min(Math.max(0, options.top ?? 0), bottom);
  const at = input.at;
  let s: AbrState = state.startedAt === null ? { ...state, startedAt: at } : state;
  if (input.rttMs !== undefined && input.rttMs > 0 && (s.minRttMs === null || input.rttMs < s.minRttMs)) {
    s = { ...s, minRttMs: input.rttMs };
  }
  if (s.rung > bottom) s = { ...s, rung: bottom };
  const estimateBefore = s.lastEstimate;
  s = { ...s, lastEstimate: input.availableBitrate ?? null };

  // A step up that survived its probation worked: the wait before the next one is short again.
  if (s.lastUpAt !== null && at - s.lastUpAt >= policy.probationMs) s = { ...s, lastUpAt: null, failedUps: 0 };
  if (s.lastCpuRelaxAt !== null && at - s.lastCpuRelaxAt >= policy.probationMs) {
    s = { ...s, lastCpuRelaxAt: null, failedCpuRelaxes: 0 };
  }

  const rung = ladder[s.rung]!;
  const need = rungNeed(rung, policy);
  const warm = at - s.startedAt! < policy.warmupMs;
  // Receiver reports arriving within two round trips of a change still count packets sent before it.
  const stale = s.lastChangeAt !== null && at - s.lastChangeAt < 2 * (input.rttMs ?? 0);
  const tick: AbrTick = {
    at,
    loss: stale ? undefined : input.loss,
    lost: stale || input.loss === undefined || input.packets === undefined ? undefined : input.loss * input.packets,
    shortfall: warm ? undefined : shortfallOf(input, need, policy),
    cpu: input.limitation === 'cpu',
  };
  const ticks = [...s.ticks, tick].slice(-MAX_TICKS);
  const troubled = (tick.loss ?? 0) >= policy.holdLoss || (tick.shortfall !== undefined && tick.shortfall !== 'ok');
  s = { ...s, ticks, lastTroubleAt: troubled ? at : s.lastTroubleAt, lastCpuAt: tick.cpu ? at : s.lastCpuAt };

  // A user cap below the current rung applies at once.
  if (s.rung < top) return step(s, top, 'capped', false, policy, at, s.lossBeforeDown);

  const windowed = ticks.filter((t) => at - t.at < policy.lossWindowMs && t.loss !== undefined).map((t) => t.loss!);
  const lossMean = windowed.length ? mean(windowed) : undefined;
  // Sustained: the window's mean without its worst tick, so that one burst is not "sustained".
  const lossTrimmed = windowed.length >= 3 ? trimmedMean(windowed) : undefined;
  if (s.lossBeforeDown !== null && lossMean !== undefined && lossMean < policy.holdLoss) {
    s = { ...s, lossBeforeDown: null };
  }
  // Loss that a lower rate did not cure (about as high as before the last step down, not much
  // higher), with bandwidth to spare: not congestion, and lower rungs will not cure it either.
  const randomLoss =
    s.lossBeforeDown !== null &&
    lossMean !== undefined &&
    lossMean >= s.lossBeforeDown * policy.randomLossRatio &&
    lossMean <= s.lossBeforeDown / policy.randomLossRatio &&
    input.availableBitrate !== undefined &&
    tick.shortfall === 'ok';

  // Remembered at a step down, to tell later whether loss followed the rate down.
  const lossAtDown = lossMean !== undefined && lossMean >= policy.holdLoss ? lossMean : null;

  // 1. Emergencies: a collapse since the last tick (see decideOnEstimate), a severe shortfall, severe loss.
  const collapseTo = warm ? null : collapseTarget(ladder, s.rung, estimateBefore, input.availableBitrate, policy);
  if (collapseTo !== null) return step(s, collapseTo, 'collapse', true, policy, at, lossAtDown);
  const lastTwo = ticks.slice(-2);
  // A queue filling up: the round trip well above the path's own.
  const queueing = input.rttMs !== undefined && s.minRttMs !== null && input.rttMs - s.minRttMs >= policy.queueDelayMs;
  if (
    s.rung < bottom &&
    tick.shortfall === 'severe' &&
    (queueing || (lastTwo.length === 2 && lastTwo[0]!.shortfall === 'severe'))
  ) {
    const fits = fittingRung(ladder, s.rung, input.availableBitrate, (r) => rungNeed(r, policy));
    const to = Math.min(Math.max(fits, s.rung + policy.emergencySteps), bottom);
    return step(s, to, 'severe-bandwidth', true, policy, at, lossAtDown);
  }
  // Right after a step down, receiver reports still count packets sent (and queued) before it, over
  // the new, lower packet rate: loss reads high. A loss emergency counts only ticks after it settled.
  const justDown = s.lastUpAt === null && since(lastTwo[0]?.at ?? at, s.lastChangeAt) < policy.minChangeIntervalMs;
  if (lastTwo.length === 2 && s.rung < bottom && !justDown) {
    const counted = lastTwo.every((t) => t.lost !== undefined);
    const enough = !counted || lastTwo.reduce((sum, t) => sum + t.lost!, 0) >= policy.minSevereLost;
    if (lastTwo.every((t) => t.loss !== undefined && t.loss >= policy.severeLoss) && enough && !randomLoss) {
      let to = Math.min(s.rung + policy.emergencySteps, bottom);
      // With the estimate covering the rung the loss is not congestion (and the browser's own
      // controller already cuts the rate on heavy loss): fewer frames do not cure it, they only
      // make every gap longer. Step down only as far as the frame rate stays.
      if (input.availableBitrate !== undefined && lastTwo.every((t) => t.shortfall === 'ok')) {
        while (to > s.rung && ladder[to]!.maxFramerate < rung.maxFramerate) to--;
        if (to === s.rung) return hold(s, 'random-loss');
      }
      const loss = mean(lastTwo.map((t) => t.loss!));
      return step(s, to, 'severe-loss', true, policy, at, loss);
    }
  }

  const settled = since(at, s.lastChangeAt) >= policy.minChangeIntervalMs;

  // 2. One rung down.
  if (s.rung < bottom) {
    const sustainedLoss = lossTrimmed !== undefined && lossTrimmed >= policy.stepDownLoss;
    const lastFour = ticks.slice(-4);
    const sustainedShortfall = lastFour.filter((t) => t.shortfall === 'short' || t.shortfall === 'severe').length >= 3;
    if (sustainedShortfall) {
      if (settled) return step(s, s.rung + 1, 'bandwidth', false, policy, at, lossAtDown);
      return hold(s, 'settling');
    }
    if (sustainedLoss) {
      if (randomLoss) return hold(s, 'random-loss');
      // Loss with the estimate covering the rung is not ours (radio, a lossy hop): a lower frame rate
      // does not cure it, it only makes every gap longer. Step down only where the frame rate stays.
      const ample = input.availableBitrate !== undefined && tick.shortfall === 'ok';
      if (ample && ladder[s.rung + 1]!.maxFramerate < rung.maxFramerate) return hold(s, 'random-loss');
      if (settled) return step(s, s.rung + 1, 'loss', false, policy, at, lossAtDown);
      return hold(s, 'settling');
    }
  }

  // 4. CPU: lower resolution and frame rate, keep the bitrate.
  const shape = Math.max(s.rung, s.cpuCap);
  const lastVideo = isAudioOnly(ladder[bottom]!) ? bottom - 1 : bottom;
  const cpuSettled = since(at, s.lastCpuChangeAt) >= policy.minChangeIntervalMs;
  if (cpuSettled && shape < lastVideo && ticks.slice(-4).filter((t) => t.cpu).length >= 3) {
    const failed = s.lastCpuRelaxAt !== null;
    return {
      state: {
        ...s,
        cpuCap: shape + 1,
        lastCpuChangeAt: at,
        lastCpuRelaxAt: null,
        failedCpuRelaxes: failed ? s.failedCpuRelaxes + 1 : s.failedCpuRelaxes,
      },
      action: { type: 'cpu-down', to: shape + 1, reason: 'cpu' },
    };
  }
  const cpuWait = Math.min(policy.cpuRelaxMs * 2 ** s.failedCpuRelaxes, policy.maxUpQuietMs);
  if (s.cpuCap > s.rung && cpuSettled && since(at, s.lastCpuAt ?? s.lastCpuChangeAt) >= cpuWait) {
    const to = s.cpuCap - 1;
    return {
      state: { ...s, cpuCap: to, lastCpuChangeAt: at, lastCpuRelaxAt: at },
      action: { type: 'cpu-up', to, reason: 'cpu-recovered' },
    };
  }

  // 3. Holding in the loss band.
  if (lossMean !== undefined && lossMean >= policy.holdLoss) return hold(s, randomLoss ? 'random-loss' : 'loss-band');
  if (warm) return hold(s, 'warming-up');

  // 5. One rung up.
  if (s.rung > top) {
    const wait = Math.min(policy.upQuietMs * 2 ** s.failedUps, policy.maxUpQuietMs);
    if (!settled || since(at, s.lastTroubleAt ?? s.startedAt) < wait) return hold(s, 'waiting');
    if (lossMean !== undefined && lossMean >= policy.stepUpLoss) return hold(s, 'loss-band');
    const next = ladder[s.rung - 1]!;
    if (input.availableBitrate === undefined) return step(s, s.rung - 1, 'probe', false, policy, at, s.lossBeforeDown);
    if (input.availableBitrate >= rungNeed(next, policy) * policy.upHeadroom) {
      return step(s, s.rung - 1, 'headroom', false, policy, at, s.lossBeforeDown);
    }
    return hold(s, 'no-headroom');
  }
  return hold(s, 'stable');
}

/** A reading of the bandwidth estimate between two ticks (see {@link decideOnEstimate}). */
export interface AbrEstimate {
  /** The reading's time in ms, on the ticks' clock (the stats timestamp). */
  readonly at: number;
  /** What one video sender may use, bits per second, as in {@link AbrInput.availableBitrate}. */
  readonly availableBitrate: number;
}

/**
 * The policy between ticks, pure: a quick reading of the bandwidth estimate that shows the link
 * collapsing — below `collapseRatio` × the last tick's estimate and below the rung's need — is an
 * emergency at once, instead of on the next tick or two. By then the queue the old rate filled
 * delays every retransmission, and the picture freezes while they wait (Chromium's estimate falls
 * about 0.7 s into a collapse; a once-a-second tick confirms it 1–2 s in). The drop goes to the best
 * rung whose `maxBitrate`, not just its need, fits the estimate: the estimate still lags the path
 * for a second or two, and the queue must drain. Anything else holds; the ticks decide the rest
 * (and apply the same rule, so whichever sees the fall first acts on it).
 *
 * @example
 * ```ts
 * const { state: next, action } = decideOnEstimate(state, { at, availableBitrate }, { ladder: DEFAULT_LADDER });
 * if (action.type === 'down') console.log('collapse: down to', DEFAULT_LADDER[action.to]?.id);
 * ```
 */
export function decideOnEstimate(state: AbrState, estimate: AbrEstimate, options: AbrDecideOptions): AbrDecision {
  const policy: AbrPolicy = options.policy ? { ...DEFAULT_ABR_POLICY, ...options.policy } : DEFAULT_ABR_POLICY;
  const { ladder } = options;
  const bottom = ladder.length - 1;
  const rung = Math.min(state.rung, bottom);
  // Before the first ticks the estimate is still ramping up from the browser's guess.
  const warm = state.startedAt === null || estimate.at - state.startedAt < policy.warmupMs;
  const to = warm ? null : collapseTarget(ladder, rung, state.lastEstimate, estimate.availableBitrate, policy);
  if (to === null) return hold(state, 'stable');
  const loss = state.ticks.at(-1)?.loss;
  return step(
    { ...state, rung, lastEstimate: estimate.availableBitrate },
    to,
    'collapse',
    true,
    policy,
    estimate.at,
    loss !== undefined && loss >= policy.holdLoss ? loss : null,
  );
}

/**
 * The rung a collapse from `before` to `available` drops to, or `null` when it is none: below
 * `collapseRatio` × `before` and below the rung's need. The target is the best rung whose
 * `maxBitrate` fits under the estimate (at least `emergencySteps` down).
 */
function collapseTarget(
  ladder: readonly Rung[],
  rung: number,
  before: number | null,
  available: number | undefined,
  policy: AbrPolicy,
): number | null {
  const bottom = ladder.length - 1;
  if (before === null || available === undefined || rung >= bottom) return null;
  if (available >= before * policy.collapseRatio || available >= rungNeed(ladder[rung]!, policy)) return null;
  const fits = fittingRung(ladder, rung, available, (r) => r.maxBitrate);
  return Math.min(Math.max(fits, rung + policy.emergencySteps), bottom);
}

function shortfallOf(input: AbrInput, need: number, policy: AbrPolicy): AbrShortfall | undefined {
  if (need <= 0) return 'ok';
  if (input.availableBitrate !== undefined) {
    if (input.availableBitrate < need * policy.severeShortfall) return 'severe';
    return input.availableBitrate < need ? 'short' : 'ok';
  }
  // No estimate (Firefox): the congestion controller cutting our send rate below the need, with loss.
  if (input.sendBitrate === undefined || input.loss === undefined) return undefined;
  return input.loss >= policy.holdLoss && input.sendBitrate < need ? 'short' : 'ok';
}

/** The best rung at or below `from` whose `bitrate` (its need, or its cap) fits `available` (the last rung when none does). */
function fittingRung(
  ladder: readonly Rung[],
  from: number,
  available: number | undefined,
  bitrate: (rung: Rung) => number,
): number {
  if (available === undefined) return from;
  for (let i = from; i < ladder.length; i++) if (bitrate(ladder[i]!) <= available) return i;
  return ladder.length - 1;
}

function hold(state: AbrState, reason: AbrHoldReason): AbrDecision {
  return { state, action: { type: 'hold', reason } };
}

function step(
  s: AbrState,
  to: number,
  reason: AbrStepReason,
  emergency: boolean,
  policy: AbrPolicy,
  at: number,
  lossBeforeDown: number | null,
): AbrDecision {
  const down = to > s.rung;
  // A user's cap is no verdict on the step up before it.
  const failedUp = down && reason !== 'capped' && s.lastUpAt !== null && at - s.lastUpAt < policy.probationMs;
  const state: AbrState = {
    ...s,
    rung: to,
    lastChangeAt: at,
    lastTroubleAt: down && reason !== 'capped' ? at : s.lastTroubleAt,
    lastUpAt: down ? null : at,
    failedUps: failedUp ? s.failedUps + 1 : s.failedUps,
    lossBeforeDown: down ? lossBeforeDown : s.lossBeforeDown,
    ticks: [],
  };
  return { state, action: { type: down ? 'down' : 'up', to, reason, emergency } };
}
