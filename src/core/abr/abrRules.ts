// The rules of the adaptive bitrate policy, pure, in the order `decide` runs them: each either
// decides the tick or returns `null` to let the next rule look. `decide.ts` documents them in full.
import { hold, step } from './abrDecision';
import { rungNeed, type AbrDecision, type AbrPolicy } from './abrPolicy';
import { mean, since, type TickView } from './abrTick';
import { isAudioOnly, type Rung } from './ladder';

/** A rule: the decision for this tick, or `null` when the rule has nothing to say. */
export type AbrRule = (view: TickView) => AbrDecision | null;

/** Rule 1, emergencies, no waiting: a collapse of the estimate, a severe shortfall, severe loss. */
export const emergencyRule: AbrRule = (view) => collapseRule(view) ?? severeBandwidthRule(view) ?? severeLossRule(view);

/** The estimate collapsing since the last tick (the same rule `decideOnEstimate` applies between ticks). */
function collapseRule({
  state: s,
  input,
  ladder,
  policy,
  warm,
  estimateBefore,
  lossAtDown,
}: TickView): AbrDecision | null {
  const to = warm ? null : collapseTarget(ladder, s.rung, estimateBefore, input.availableBitrate, policy);
  return to === null ? null : step(s, to, 'collapse', true, policy, input.at, lossAtDown);
}

/** A severe shortfall on two ticks in a row, or on one while a queue fills: straight to the rung that fits. */
function severeBandwidthRule({
  state: s,
  input,
  tick,
  ladder,
  policy,
  bottom,
  lossAtDown,
}: TickView): AbrDecision | null {
  const lastTwo = s.ticks.slice(-2);
  // A queue filling up: the round trip well above the path's own.
  const queueing = input.rttMs !== undefined && s.minRttMs !== null && input.rttMs - s.minRttMs >= policy.queueDelayMs;
  if (s.rung >= bottom || tick.shortfall !== 'severe') return null;
  if (!queueing && !(lastTwo.length === 2 && lastTwo[0]!.shortfall === 'severe')) return null;
  const fits = fittingRung(ladder, s.rung, input.availableBitrate, (r) => rungNeed(r, policy));
  const to = Math.min(Math.max(fits, s.rung + policy.emergencySteps), bottom);
  return step(s, to, 'severe-bandwidth', true, policy, input.at, lossAtDown);
}

/** Severe loss on two ticks in a row (enough packets of it), unless it is random loss. */
function severeLossRule({ state: s, input, ladder, policy, bottom, randomLoss }: TickView): AbrDecision | null {
  const at = input.at;
  const lastTwo = s.ticks.slice(-2);
  // Right after a step down, receiver reports still count packets sent (and queued) before it, over
  // the new, lower packet rate: loss reads high. A loss emergency counts only ticks after it settled.
  const justDown = s.lastUpAt === null && since(lastTwo[0]?.at ?? at, s.lastChangeAt) < policy.minChangeIntervalMs;
  if (lastTwo.length !== 2 || s.rung >= bottom || justDown) return null;
  const counted = lastTwo.every((t) => t.lost !== undefined);
  const enough = !counted || lastTwo.reduce((sum, t) => sum + t.lost!, 0) >= policy.minSevereLost;
  if (!lastTwo.every((t) => t.loss !== undefined && t.loss >= policy.severeLoss) || !enough || randomLoss) return null;
  let to = Math.min(s.rung + policy.emergencySteps, bottom);
  // With the estimate covering the rung the loss is not congestion (and the browser's own
  // controller already cuts the rate on heavy loss): fewer frames do not cure it, they only
  // make every gap longer. Step down only as far as the frame rate stays.
  if (input.availableBitrate !== undefined && lastTwo.every((t) => t.shortfall === 'ok')) {
    const frameRate = ladder[s.rung]!.maxFramerate;
    while (to > s.rung && ladder[to]!.maxFramerate < frameRate) to--;
    if (to === s.rung) return hold(s, 'random-loss');
  }
  const loss = mean(lastTwo.map((t) => t.loss!));
  return step(s, to, 'severe-loss', true, policy, at, loss);
}

/** Rule 2, one rung down for a sustained shortfall or sustained loss, at most once per `minChangeIntervalMs`. */
export const stepDownRule: AbrRule = ({ state: s, input, tick, ladder, policy, bottom, settled, ...view }) => {
  if (s.rung >= bottom) return null;
  const sustainedLoss = view.lossTrimmed !== undefined && view.lossTrimmed >= policy.stepDownLoss;
  const lastFour = s.ticks.slice(-4);
  const sustainedShortfall = lastFour.filter((t) => t.shortfall === 'short' || t.shortfall === 'severe').length >= 3;
  if (sustainedShortfall) {
    if (settled) return step(s, s.rung + 1, 'bandwidth', false, policy, input.at, view.lossAtDown);
    return hold(s, 'settling');
  }
  if (!sustainedLoss) return null;
  if (view.randomLoss) return hold(s, 'random-loss');
  // Loss with the estimate covering the rung is not ours (radio, a lossy hop): a lower frame rate
  // does not cure it, it only makes every gap longer. Step down only where the frame rate stays.
  const ample = input.availableBitrate !== undefined && tick.shortfall === 'ok';
  if (ample && ladder[s.rung + 1]!.maxFramerate < ladder[s.rung]!.maxFramerate) return hold(s, 'random-loss');
  if (settled) return step(s, s.rung + 1, 'loss', false, policy, input.at, view.lossAtDown);
  return hold(s, 'settling');
};

/** Rule 3, CPU: lower resolution and frame rate (the CPU cap) but keep the bitrate; lift the cap once the CPU is free. */
export const cpuRule: AbrRule = ({ state: s, input, ladder, policy, bottom }) => {
  const at = input.at;
  const shape = Math.max(s.rung, s.cpuCap);
  const lastVideo = isAudioOnly(ladder[bottom]!) ? bottom - 1 : bottom;
  const cpuSettled = since(at, s.lastCpuChangeAt) >= policy.minChangeIntervalMs;
  if (cpuSettled && shape < lastVideo && s.ticks.slice(-4).filter((t) => t.cpu).length >= 3) {
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
  return null;
};

/** Rule 4, hold: loss in the hold band (or random loss), or the estimate still warming up. */
export const holdRule: AbrRule = ({ state: s, policy, lossMean, randomLoss, warm }) => {
  if (lossMean !== undefined && lossMean >= policy.holdLoss) return hold(s, randomLoss ? 'random-loss' : 'loss-band');
  return warm ? hold(s, 'warming-up') : null;
};

/** Rule 5, one rung up after a quiet while, with headroom (or as a probe without an estimate). */
export const stepUpRule: AbrRule = ({ state: s, input, ladder, policy, top, settled, lossMean }) => {
  if (s.rung <= top) return null;
  const at = input.at;
  const wait = Math.min(policy.upQuietMs * 2 ** s.failedUps, policy.maxUpQuietMs);
  if (!settled || since(at, s.lastTroubleAt ?? s.startedAt) < wait) return hold(s, 'waiting');
  if (lossMean !== undefined && lossMean >= policy.stepUpLoss) return hold(s, 'loss-band');
  const next = ladder[s.rung - 1]!;
  if (input.availableBitrate === undefined) return step(s, s.rung - 1, 'probe', false, policy, at, s.lossBeforeDown);
  if (input.availableBitrate >= rungNeed(next, policy) * policy.upHeadroom) {
    return step(s, s.rung - 1, 'headroom', false, policy, at, s.lossBeforeDown);
  }
  return hold(s, 'no-headroom');
};

/** Rules 1–5 in the order `decide` runs them. */
export const ABR_RULES: readonly AbrRule[] = [emergencyRule, stepDownRule, cpuRule, holdRule, stepUpRule];

/**
 * The rung a collapse from `before` to `available` drops to, or `null` when it is none: below
 * `collapseRatio` × `before` and below the rung's need. The target is the best rung whose
 * `maxBitrate` fits under the estimate (at least `emergencySteps` down).
 */
export function collapseTarget(
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
