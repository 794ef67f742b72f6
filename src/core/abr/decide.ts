// The adaptive bitrate policy: a pure function of (state, input) → (state, action). No timers, no
// browser: time is the input's own timestamp, so scripted sequences test it exactly. Its vocabulary
// and defaults are in abrPolicy.ts, the tick's bookkeeping in abrTick.ts, the rules in abrRules.ts.
import { step, hold } from './abrDecision';
import {
  policyOf,
  type AbrDecideOptions,
  type AbrDecision,
  type AbrEstimate,
  type AbrInput,
  type AbrState,
} from './abrPolicy';
import { ABR_RULES, collapseTarget } from './abrRules';
import { recordTick, viewTick } from './abrTick';

/**
 * One decision of the adaptive bitrate policy, pure: the same state and input always give the same
 * result. A user cap below the current rung applies first, at once (`'capped'`). Then the rules, in
 * the order they run (the first that decides wins):
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
 *    `lossWindowMs` (the mean without the worst tick, so one burst is not sustained loss), or a
 *    bandwidth shortfall on 3 of the last 4 ticks. Without `availableOutgoingBitrate` (Firefox) a
 *    shortfall is the send rate falling under the need while loss is in or above the hold band.
 *    Sustained loss holds the rung instead when it did not fall after a loss-driven step down
 *    although bandwidth is ample (random loss, which lower rates do not cure), or when, with ample
 *    bandwidth, the step would lower the frame rate.
 * 3. **CPU**: `qualityLimitationReason` `'cpu'` on 3 of the last 4 ticks lowers resolution and frame
 *    rate one rung (the CPU cap) but keeps the bitrate; the cap lifts after `cpuRelaxMs` without.
 * 4. **Hold** with mean loss at or above `holdLoss` (below what rule 2 acts on), and while the
 *    estimate warms up (`warmupMs`).
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
  const policy = policyOf(options);
  const { ladder } = options;
  const top = Math.min(Math.max(0, options.top ?? 0), ladder.length - 1);
  const recorded = recordTick(state, input, ladder, policy);
  const s = recorded.state;
  // A user cap below the current rung applies at once.
  if (s.rung < top) return step(s, top, 'capped', false, policy, input.at, s.lossBeforeDown);
  const view = viewTick(recorded, input, { ladder, policy, top });
  for (const rule of ABR_RULES) {
    const decision = rule(view);
    if (decision) return decision;
  }
  return hold(view.state, 'stable');
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
  const policy = policyOf(options);
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
