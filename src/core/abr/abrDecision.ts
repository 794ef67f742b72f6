// The two shapes a decision takes: keep the rung, or move to another one (which starts the count of
// ticks on the new rung afresh and judges the step up before it).
import type { AbrDecision, AbrHoldReason, AbrPolicy, AbrState, AbrStepReason } from './abrPolicy';

/** Keeps the rung, for `reason`. */
export function hold(state: AbrState, reason: AbrHoldReason): AbrDecision {
  return { state, action: { type: 'hold', reason } };
}

/**
 * Moves to rung `to` at `at`. A step down within `probationMs` of a step up takes that step up back
 * (the next wait doubles); `lossBeforeDown` is the loss a step down remembers, to tell later whether
 * loss followed the rate down.
 */
export function step(
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
