// One stats tick as the adaptive bitrate policy sees it: recorded into the state (first tick, the
// smallest round trip, the estimate, probations that ran out, the tick's own verdicts), then read
// into the measures the rules share (loss over the window, random loss, whether a change is due).
import { rungNeed, type AbrInput, type AbrPolicy, type AbrShortfall, type AbrState, type AbrTick } from './abrPolicy';
import type { Rung } from './ladder';

/** Ticks the state keeps (since the last change). */
const MAX_TICKS = 16;

/** The mean of `values` (at least one). */
export const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
/** The mean without the largest value. */
const trimmedMean = (values: readonly number[]) =>
  (values.reduce((sum, v) => sum + v, 0) - Math.max(...values)) / (values.length - 1);
/** Milliseconds from `then` to `at`; `Infinity` when it never happened. */
export const since = (at: number, then: number | null) => (then === null ? Infinity : at - then);

/** A tick recorded into the state, before any rule reads it. */
export interface RecordedTick {
  readonly state: AbrState;
  readonly tick: AbrTick;
  /** The estimate at the tick before: what a collapse is measured against. */
  readonly estimateBefore: number | null;
  /** Within `warmupMs` of the first tick, while the estimate ramps up: bandwidth tells nothing yet. */
  readonly warm: boolean;
}

/** Records `input` into `state`: what every rule, the user cap included, starts from. */
export function recordTick(state: AbrState, input: AbrInput, ladder: readonly Rung[], policy: AbrPolicy): RecordedTick {
  const bottom = ladder.length - 1;
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

  const need = rungNeed(ladder[s.rung]!, policy);
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
  return { state: s, tick, estimateBefore, warm };
}

/** What the rules read from a recorded tick. */
export interface TickView extends RecordedTick {
  readonly input: AbrInput;
  readonly ladder: readonly Rung[];
  readonly policy: AbrPolicy;
  /** The best rung allowed now. */
  readonly top: number;
  /** The last rung. */
  readonly bottom: number;
  /** `minChangeIntervalMs` has passed since the last change. */
  readonly settled: boolean;
  /** Mean loss over `lossWindowMs`, where ticks report it. */
  readonly lossMean: number | undefined;
  /** The same without the worst tick (from 3 ticks on), so that one burst is not "sustained". */
  readonly lossTrimmed: number | undefined;
  /** Loss a lower rate did not cure, with bandwidth to spare: not congestion. */
  readonly randomLoss: boolean;
  /** The loss a step down now remembers (see `AbrState.lossBeforeDown`). */
  readonly lossAtDown: number | null;
}

/** Reads the measures the rules share from `recorded`; forgets the loss of the last step down once loss has cleared. */
export function viewTick(
  recorded: RecordedTick,
  input: AbrInput,
  context: Pick<TickView, 'ladder' | 'policy' | 'top'>,
): TickView {
  const { policy } = context;
  const at = input.at;
  let s = recorded.state;
  const windowed = s.ticks.filter((t) => at - t.at < policy.lossWindowMs && t.loss !== undefined).map((t) => t.loss!);
  const lossMean = windowed.length ? mean(windowed) : undefined;
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
    recorded.tick.shortfall === 'ok';
  return {
    ...recorded,
    ...context,
    state: s,
    input,
    bottom: context.ladder.length - 1,
    settled: since(at, s.lastChangeAt) >= policy.minChangeIntervalMs,
    lossMean,
    lossTrimmed,
    randomLoss,
    lossAtDown: lossMean !== undefined && lossMean >= policy.holdLoss ? lossMean : null,
  };
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
