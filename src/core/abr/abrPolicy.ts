// The adaptive bitrate policy's vocabulary: what it reads from a tick, its thresholds and their
// defaults, what it remembers between ticks and what it asks for. The rules are in abrRules.ts,
// composed by decide.ts.
import type { QualityLimitationReason } from '../stats/types';
import type { Rung } from './ladder';

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
export const DEFAULT_ABR_POLICY: AbrPolicy = Object.freeze({
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

/** A reading of the bandwidth estimate between two ticks (see {@link decideOnEstimate}). */
export interface AbrEstimate {
  /** The reading's time in ms, on the ticks' clock (the stats timestamp). */
  readonly at: number;
  /** What one video sender may use, bits per second, as in {@link AbrInput.availableBitrate}. */
  readonly availableBitrate: number;
}

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

/** The thresholds `options` ask for: the defaults with the caller's changes on top. */
export function policyOf(options: Pick<AbrDecideOptions, 'policy'>): AbrPolicy {
  return options.policy ? { ...DEFAULT_ABR_POLICY, ...options.policy } : DEFAULT_ABR_POLICY;
}
