// The adaptive bitrate policy over scripted sample sequences, one tick per second.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ABR_POLICY,
  DEFAULT_LADDER,
  decide,
  decideOnEstimate,
  initialAbrState,
  rungNeed,
  type AbrAction,
  type AbrInput,
  type AbrPolicy,
  type AbrState,
} from 'rtckit/core';

const ladder = DEFAULT_LADDER;
const BOTTOM = ladder.length - 1; // 180p8
const PLENTY = 5_000_000;

/** A clean tick at second `t`, with anything overridden. */
const tick = (t: number, overrides: Partial<AbrInput> = {}): AbrInput => ({
  at: t * 1000,
  loss: 0,
  availableBitrate: PLENTY,
  sendBitrate: 400_000,
  limitation: 'none',
  ...overrides,
});

interface Step {
  readonly t: number;
  readonly action: AbrAction;
  readonly state: AbrState;
}

/** Runs `inputs` through the policy from `state`, recording every decision. */
function run(
  state: AbrState,
  inputs: readonly AbrInput[],
  top = 0,
  policy?: Partial<AbrPolicy>,
): { state: AbrState; steps: Step[] } {
  const steps: Step[] = [];
  for (const input of inputs) {
    const decision = decide(state, input, { ladder, top, policy });
    state = decision.state;
    steps.push({ t: input.at / 1000, action: decision.action, state });
  }
  return { state, steps };
}

const changes = (steps: readonly Step[]) => steps.filter((s) => s.action.type !== 'hold');
const seconds = (from: number, count: number, overrides: Partial<AbrInput> | ((t: number) => Partial<AbrInput>) = {}) =>
  Array.from({ length: count }, (_, i) =>
    tick(from + i, typeof overrides === 'function' ? overrides(from + i) : overrides),
  );

/** A controller that has run on a clean link for a while on `rung` (past warm-up, nothing pending). */
function settledOn(rung: number, availableBitrate = PLENTY): AbrState {
  return run(initialAbrState(rung), seconds(0, 20, { availableBitrate }), rung).state;
}

/** The severe-shortfall rules alone: an estimate falling from plenty is otherwise a collapse. */
const NO_COLLAPSE: Partial<AbrPolicy> = { collapseRatio: 0 };

/** Deterministic noise in [-1, 1) (a linear congruential generator), so the sequence is fixed. */
function noise(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return (x / 2 ** 31) * 2 - 1;
  };
}

describe('decide: loss', () => {
  it('reacts to 10 % loss within 2 ticks, dropping at least two rungs', () => {
    const { steps } = run(settledOn(0), seconds(20, 5, { loss: 0.1 }));
    const first = changes(steps)[0]!;
    expect(first.t - 20).toBeLessThanOrEqual(1); // the 1st or 2nd lossy tick
    expect(first.action).toMatchObject({ type: 'down', reason: 'severe-loss', emergency: true, to: 2 });
  });

  it('reacts to 25 % loss within 2 ticks too, from any rung', () => {
    for (const rung of [0, 2, 4]) {
      // The estimate short of the rung's need: congestion.
      const need = rungNeed(ladder[rung]!);
      const { steps } = run(settledOn(rung, need * 1.05), seconds(20, 2, { loss: 0.25, availableBitrate: need * 0.9 }));
      expect(changes(steps)).toHaveLength(1);
      expect(changes(steps)[0]!.action).toMatchObject({ type: 'down', to: rung + 2, reason: 'severe-loss' });
    }
  });

  it('keeps the frame rate on severe loss while the estimate covers the rung (not congestion)', () => {
    // 360p30 → 180p30, two rungs down, all at 30 fps.
    const high = run(settledOn(2), seconds(20, 2, { loss: 0.25 }), 2);
    expect(changes(high.steps)[0]!.action).toMatchObject({ type: 'down', to: 4, reason: 'severe-loss' });
    // 270p30 → only 180p30: the rungs below it halve the frame rate.
    const mid = run(settledOn(3), seconds(20, 2, { loss: 0.25 }), 3);
    expect(changes(mid.steps)[0]!.action).toMatchObject({ type: 'down', to: 4, reason: 'severe-loss' });
    // 180p30: nothing below keeps 30 fps, so it holds.
    const low = run(settledOn(4), seconds(20, 4, { loss: 0.25 }), 4);
    expect(changes(low.steps)).toEqual([]);
    expect(low.steps.at(-1)!.action).toEqual({ type: 'hold', reason: 'random-loss' });
    // Without an estimate (Firefox) loss is all it has to go by: it drops.
    const blind = run(settledOn(4), seconds(20, 2, { loss: 0.25, availableBitrate: undefined }), 4);
    expect(changes(blind.steps)[0]!.action).toMatchObject({ type: 'down', to: 6, reason: 'severe-loss' });
  });

  it('counts severe loss only when enough packets are lost: two of twenty is no emergency', () => {
    // 180p30 sending a dozen packets a tick: 10 % is one or two packets.
    // No estimate (Firefox), so loss is all the policy goes by.
    const few = run(settledOn(4), seconds(20, 6, { loss: 0.1, packets: 12, availableBitrate: undefined }), 4);
    expect(changes(few.steps).filter((s) => s.action.type !== 'hold' && s.action.reason === 'severe-loss')).toEqual([]);
    const many = run(settledOn(4), seconds(20, 2, { loss: 0.1, packets: 30, availableBitrate: undefined }), 4);
    expect(changes(many.steps)[0]!.action).toMatchObject({ type: 'down', reason: 'severe-loss' });
    const policy = { minSevereLost: 2 };
    const lenient = run(
      settledOn(4),
      seconds(20, 2, { loss: 0.1, packets: 12, availableBitrate: undefined }),
      4,
      policy,
    );
    expect(changes(lenient.steps)[0]!.action).toMatchObject({ type: 'down', reason: 'severe-loss' });
  });

  it('waits for the rung to settle before a loss emergency right after a step down, not after a step up', () => {
    // A collapse took 540p30 to 180p30; the next reports, inflated by the old rate, read 50 % and 20 %.
    const collapsed = run(settledOn(1), [tick(20, { availableBitrate: 300_000 })], 1).state;
    expect(collapsed.rung).toBe(4);
    // (No estimate on these ticks: with one covering the rung, severe loss would keep 30 fps and hold.)
    const inflated = run(collapsed, [
      tick(21, { availableBitrate: undefined, loss: 0.5, packets: 100 }),
      tick(22, { availableBitrate: undefined, loss: 0.2, packets: 100 }),
    ]);
    expect(changes(inflated.steps)).toEqual([]);
    // Still that lossy once settled: it steps down (the sustained-loss rule is first to see it).
    const later = run(inflated.state, seconds(23, 2, { availableBitrate: undefined, loss: 0.2, packets: 100 }));
    expect(changes(later.steps)[0]).toMatchObject({ t: 23, action: { type: 'down', reason: 'loss' } });
    // A step up that meets severe loss is taken back at once.
    const up = run(settledOn(3, 2_000_000), seconds(20, 5, { availableBitrate: 2_000_000 }), 0);
    const stepped = changes(up.steps)[0]!;
    expect(stepped.action).toMatchObject({ type: 'up', to: 2 });
    const back = run(stepped.state, seconds(stepped.t + 1, 2, { availableBitrate: 2_000_000, loss: 0.2 }), 0);
    expect(changes(back.steps)[0]).toMatchObject({ t: stepped.t + 2, action: { type: 'down', reason: 'severe-loss' } });
  });

  it('does not react to one tick of high loss', () => {
    const { steps } = run(settledOn(0), [tick(20, { loss: 0.3 }), ...seconds(21, 10)]);
    expect(changes(steps)).toEqual([]);
  });

  it('steps one rung down on sustained 5 % loss within 5 s', () => {
    const { steps } = run(settledOn(1), seconds(20, 8, { loss: 0.05 }));
    const first = changes(steps)[0]!;
    expect(first.t - 20 + 1).toBeLessThanOrEqual(5); // ticks 20..24 are the first five seconds
    expect(first.action).toMatchObject({ type: 'down', to: 2, reason: 'loss', emergency: false });
  });

  it('makes no change at all over 60 s of steady 3 ± 1 % loss, wherever it starts', () => {
    for (const rung of [0, 3, 5]) {
      const jitter = noise(rung + 7);
      const losses: number[] = [];
      const { steps } = run(
        settledOn(rung),
        seconds(20, 60, () => {
          const loss = 0.03 + 0.01 * jitter();
          losses.push(loss);
          return { loss };
        }),
      );
      expect(Math.min(...losses)).toBeGreaterThanOrEqual(0.02);
      expect(Math.max(...losses)).toBeLessThan(0.04);
      expect(Math.max(...losses) - Math.min(...losses)).toBeGreaterThan(0.015); // it really is noisy
      expect(changes(steps)).toEqual([]);
      // Once the window has filled with it, every tick says why: the loss band.
      expect(steps.slice(4).every((s) => s.action.type === 'hold' && s.action.reason === 'loss-band')).toBe(true);
    }
  });

  it('does not count loss reported within two round trips of a change (it describes the old rung)', () => {
    const dropped = run(settledOn(0), seconds(20, 2, { availableBitrate: 150_000, rttMs: 1500 })).state;
    expect(dropped.rung).toBeGreaterThan(2);
    // Congestion loss from before the drop arrives for the next 3 s: no second emergency.
    const lossy = { loss: 0.4, rttMs: 1500, availableBitrate: undefined }; // loss alone to go by
    const { steps } = run(dropped, seconds(22, 2, lossy));
    expect(changes(steps)).toEqual([]);
    // Once the reports cover the new rung, high loss counts again.
    const later = run(dropped, seconds(24, 2, lossy));
    expect(changes(later.steps)[0]?.action).toMatchObject({ type: 'down', reason: 'severe-loss' });
  });

  it('holds instead of sliding down when loss does not follow the rate down (random loss)', () => {
    const jitter = noise(3);
    // 10 % loss with plenty of bandwidth for 40 s: one emergency, then it holds.
    const { steps } = run(
      settledOn(0),
      seconds(20, 40, () => ({ loss: 0.1 + 0.03 * jitter() })),
    );
    const downs = changes(steps);
    expect(downs.length).toBeLessThanOrEqual(2);
    expect(downs.at(-1)!.state.rung).toBeLessThan(BOTTOM - 1);
    expect(steps.slice(-10).map((s) => s.action)).toContainEqual({ type: 'hold', reason: 'random-loss' });
  });

  it('keeps the frame rate under sustained loss while the estimate covers the rung', () => {
    const rung = ladder.findIndex((r) => r.id === '180p30');
    expect(ladder[rung + 1]!.maxFramerate).toBeLessThan(ladder[rung]!.maxFramerate);
    const ample = run(settledOn(rung), seconds(20, 30, { loss: 0.07 }), rung);
    expect(changes(ample.steps)).toEqual([]);
    expect(ample.steps.at(-1)!.action).toEqual({ type: 'hold', reason: 'random-loss' });
    // Without an estimate to say the loss is not congestion, the same loss steps down.
    const unknown = run(settledOn(rung), seconds(20, 6, { loss: 0.07, availableBitrate: undefined }), rung);
    expect(changes(unknown.steps)[0]!.action).toMatchObject({ type: 'down', to: rung + 1, reason: 'loss' });
  });

  it('still steps down when loss grows well beyond what it was (new trouble, not noise)', () => {
    const first = run(settledOn(0), seconds(20, 15, { loss: 0.1 }));
    const rung = first.state.rung;
    const { steps } = run(first.state, seconds(35, 5, { loss: 0.35 }));
    expect(changes(steps)[0]?.state.rung).toBeGreaterThan(rung);
  });
});

describe('decide: bandwidth', () => {
  it('steps one rung down when the estimate stays below the rung need', () => {
    const short = rungNeed(ladder[2]!) * 0.8;
    const { steps } = run(settledOn(2, rungNeed(ladder[2]!) * 1.2), seconds(20, 6, { availableBitrate: short }));
    expect(changes(steps)[0]!.action).toMatchObject({ type: 'down', to: 3, reason: 'bandwidth', emergency: false });
    expect(changes(steps)[0]!.t - 20 + 1).toBeLessThanOrEqual(3);
  });

  it('drops straight to the best rung that fits when the estimate is far below the need', () => {
    const { steps } = run(settledOn(0), seconds(20, 3, { availableBitrate: 200_000 }), 0, NO_COLLAPSE);
    const first = changes(steps)[0]!;
    expect(first.t).toBe(21);
    expect(first.action).toMatchObject({ type: 'down', reason: 'severe-bandwidth', emergency: true });
    const rung = ladder[first.state.rung]!;
    expect(rungNeed(rung)).toBeLessThanOrEqual(200_000);
    expect(rungNeed(ladder[first.state.rung - 1]!)).toBeGreaterThan(200_000);
  });

  it('drops on the first tick when the estimate collapses and the round trip shows a queue filling', () => {
    const settled = run(initialAbrState(0), seconds(0, 20, { rttMs: 20 })).state;
    const queued = run(
      settled,
      [tick(20, { availableBitrate: 200_000, rttMs: 20 + DEFAULT_ABR_POLICY.queueDelayMs })],
      0,
      NO_COLLAPSE,
    );
    expect(changes(queued.steps)[0]!.action).toMatchObject({
      type: 'down',
      reason: 'severe-bandwidth',
      emergency: true,
    });
    // A round trip just short of that still waits for a second tick.
    const calm = run(
      settled,
      [tick(20, { availableBitrate: 200_000, rttMs: 19 + DEFAULT_ABR_POLICY.queueDelayMs })],
      0,
      NO_COLLAPSE,
    );
    expect(changes(calm.steps)).toEqual([]);
  });

  it('ignores a low estimate while warming up (the first 4 s), but not loss', () => {
    const low = run(initialAbrState(0), seconds(0, 4, { availableBitrate: 300_000 }));
    expect(changes(low.steps)).toEqual([]);
    const lossy = run(initialAbrState(0), seconds(0, 3, { loss: 0.2 }));
    expect(changes(lossy.steps)).toHaveLength(1);
  });

  it('makes at most one non-emergency change per 3 s, even with faster ticks', () => {
    // Sustained loss with no estimate to tell it apart from congestion, sampled twice a second.
    const inputs = Array.from({ length: 60 }, (_, i) =>
      tick(20 + i / 2, { loss: 0.06, availableBitrate: undefined, sendBitrate: PLENTY }),
    );
    const { steps } = run(settledOn(0), inputs);
    const times = changes(steps).map((s) => s.t);
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3);
    expect(steps.map((s) => s.action)).toContainEqual({ type: 'hold', reason: 'settling' });
  });
});

describe('decide: stepping up', () => {
  it('climbs from the lowest video rung to the top within about 25 s of a clean link', () => {
    // An emergency to the bottom (30 % loss, no estimate to call it anything but congestion).
    const trouble = run(settledOn(BOTTOM - 2), seconds(20, 3, { loss: 0.3, availableBitrate: undefined })).state;
    expect(trouble.rung).toBe(BOTTOM);
    const { steps } = run(trouble, seconds(23, 40));
    const top = steps.find((s) => s.state.rung === 0);
    expect(top).toBeDefined();
    expect(top!.t - 23 + 1).toBeLessThanOrEqual(25);
    // One rung at a time, each for headroom.
    const ups = changes(steps);
    expect(ups).toHaveLength(BOTTOM);
    expect(ups.every((s) => s.action.type === 'up' && s.action.reason === 'headroom')).toBe(true);
  });

  it('steps up only when the estimate clearly exceeds the next rung need', () => {
    const next = rungNeed(ladder[2]!);
    const tight = run(settledOn(3), seconds(20, 30, { availableBitrate: next * 1.1 }), 0);
    expect(changes(tight.steps)).toEqual([]);
    expect(tight.steps.at(-1)!.action).toEqual({ type: 'hold', reason: 'no-headroom' });
    const roomy = run(settledOn(3), seconds(20, 30, { availableBitrate: next * 1.25 }), 0);
    expect(changes(roomy.steps)[0]!.action).toMatchObject({ type: 'up', to: 2 });
  });

  it('waits for a quiet period after trouble before stepping up', () => {
    const troubled = run(settledOn(3), seconds(20, 5, { loss: 0.03 })).state; // held in the band
    const { steps } = run(troubled, seconds(25, 12));
    const up = changes(steps)[0]!;
    expect(up.action).toMatchObject({ type: 'up', to: 2 });
    expect(up.t - 24).toBeGreaterThanOrEqual(DEFAULT_ABR_POLICY.upQuietMs / 1000); // 24: the last lossy tick
    expect(steps.map((s) => s.action)).toContainEqual({ type: 'hold', reason: 'waiting' });
  });

  it('doubles the wait after each failed step up, up to a cap', () => {
    let state = settledOn(3);
    let t = 20;
    const waits: number[] = [];
    let downAt = t;
    for (let attempt = 0; attempt < 7; attempt++) {
      // Clean until it steps up…
      let up: Step | undefined;
      while (!up) {
        const result = run(state, [tick(t)]);
        state = result.state;
        if (result.steps[0]!.action.type === 'up') up = result.steps[0];
        t++;
      }
      waits.push(up.t - downAt);
      // …then loss until it takes the step back.
      let down: Step | undefined;
      while (!down) {
        const result = run(state, [tick(t, { loss: 0.08 })]);
        state = result.state;
        if (result.steps[0]!.action.type === 'down') down = result.steps[0];
        t++;
      }
      downAt = down.t;
      expect(down.state.rung).toBe(3);
    }
    expect(waits).toEqual([waits[0], 8, 16, 32, 64, 64, 64]);
  });

  it('forgets earlier failures once a step up survives its probation', () => {
    let state = run(settledOn(3), seconds(20, 6, { loss: 0.08 })).state; // a step down
    expect(state.rung).toBe(4);
    state = { ...state, failedUps: 3 };
    state = run(state, seconds(26, 60)).state; // climbs (slowly at first) and stays up
    expect(state.failedUps).toBe(0);
  });

  it('never goes above the top it is given (a user cap or the source size)', () => {
    const { steps } = run(settledOn(4), seconds(20, 60), 2);
    expect(Math.min(...steps.map((s) => s.state.rung))).toBe(2);
  });

  it('moves to a lowered cap at once', () => {
    const { steps } = run(settledOn(0), [tick(20)], 3);
    expect(steps[0]!.action).toMatchObject({ type: 'down', to: 3, reason: 'capped' });
  });
});

describe('decide: without availableOutgoingBitrate (Firefox)', () => {
  const firefox = (t: number, overrides: Partial<AbrInput> = {}) =>
    tick(t, { availableBitrate: undefined, ...overrides });

  it('steps down on loss, and on a send rate cut below the need while losing packets', () => {
    const lossy = run(
      settledOn(1),
      [20, 21, 22, 23, 24].map((t) => firefox(t, { loss: 0.06, sendBitrate: PLENTY })),
    );
    expect(changes(lossy.steps)[0]!.action).toMatchObject({ type: 'down', reason: 'loss' });
    const squeezed = run(
      settledOn(1),
      [20, 21, 22, 23].map((t) => firefox(t, { loss: 0.025, sendBitrate: rungNeed(ladder[1]!) * 0.5 })),
    );
    expect(changes(squeezed.steps)[0]!.action).toMatchObject({ type: 'down', reason: 'bandwidth' });
  });

  it('probes up after a quiet period on a clean link', () => {
    const { steps } = run(
      settledOn(3),
      seconds(20, 12).map((input) => ({ ...input, availableBitrate: undefined })),
    );
    expect(changes(steps)[0]!.action).toMatchObject({ type: 'up', to: 2, reason: 'probe' });
  });

  it('does not probe on a receiver report that stopped coming, nor step up while nothing arrives', () => {
    // Our packets stopped arriving at 17 s, theirs still do: the last report's loss (0) stands, older each tick.
    const oneWay = run(
      settledOn(3),
      seconds(20, 12, (t) => ({ availableBitrate: undefined, silenceMs: 20, reportAgeMs: (t - 17) * 1000 })),
    );
    expect(changes(oneWay.steps)).toEqual([]);
    expect(oneWay.steps.at(-1)!.action).toEqual({ type: 'hold', reason: 'no-feedback' });
    // A fresh report lets the same probe through.
    const fresh = run(oneWay.state, [firefox(32, { reportAgeMs: 400, silenceMs: 20 })]);
    expect(fresh.steps[0]!.action).toMatchObject({ type: 'up', reason: 'probe' });
    // Nothing at all arriving holds even with an estimate that still reads plenty.
    const silent = run(settledOn(3), seconds(20, 12, { silenceMs: DEFAULT_ABR_POLICY.maxSilenceMs }));
    expect(changes(silent.steps)).toEqual([]);
    expect(silent.steps.at(-1)!.action).toEqual({ type: 'hold', reason: 'no-feedback' });
  });
});

describe('decide: CPU', () => {
  it('lowers resolution and frame rate but not the bitrate when the encoder is CPU-limited, and lifts it later', () => {
    const { steps, state } = run(settledOn(1), seconds(20, 4, { limitation: 'cpu' }), 1);
    const cpu = changes(steps)[0]!;
    expect(cpu.action).toEqual({ type: 'cpu-down', to: 2, reason: 'cpu' });
    expect(cpu.state.rung).toBe(1); // the bitrate rung stays
    expect(cpu.state.cpuCap).toBe(2);
    const later = run(state, seconds(24, 15), 1);
    const lifted = changes(later.steps)[0]!;
    expect(lifted.action).toEqual({ type: 'cpu-up', to: 1, reason: 'cpu-recovered' });
    expect(lifted.t - 22).toBeGreaterThanOrEqual(DEFAULT_ABR_POLICY.cpuRelaxMs / 1000);
  });
});

describe('decideOnEstimate: a collapse between ticks', () => {
  // 540p30 (index 1) on a clean link whose estimate was 3 Mbit/s at the last tick (second 19).
  const onTop = () => run(initialAbrState(1), seconds(0, 20, { availableBitrate: 3_000_000 }), 1).state;
  const read = (t: number, availableBitrate: number) => ({ at: t * 1000, availableBitrate });

  it('drops at once, to the best rung whose cap fits the estimate, when it falls below half and below the need', () => {
    const { state, action } = decideOnEstimate(onTop(), read(19.7, 400_000), { ladder, top: 1 });
    expect(action).toEqual({ type: 'down', to: 4, reason: 'collapse', emergency: true });
    expect(ladder[4]!.maxBitrate).toBeLessThanOrEqual(400_000); // 180p30, 250 kbit/s
    expect(ladder[3]!.maxBitrate).toBeGreaterThan(400_000);
    expect(state).toMatchObject({ rung: 4, lastChangeAt: 19_700, lastEstimate: 400_000 });
  });

  it('drops at least two rungs, like every emergency', () => {
    const { action } = decideOnEstimate(onTop(), read(19.5, 700_000), { ladder, top: 1 });
    expect(action).toMatchObject({ type: 'down', to: 3, reason: 'collapse' }); // 270p30 fits, 2 below 540p30
  });

  it('holds when the estimate falls by half but still covers the rung, or falls a little below the need', () => {
    const settled = onTop();
    // 1.4 Mbit/s: under half of 3 Mbit/s, above 540p30's need (750 kbit/s).
    expect(decideOnEstimate(settled, read(19.5, 1_400_000), { ladder, top: 1 }).action.type).toBe('hold');
    // From 900 kbit/s at the last tick to 700: short of the need, but no collapse (the ticks decide).
    const near = run(settled, [tick(20, { availableBitrate: 900_000 })], 1).state;
    expect(decideOnEstimate(near, read(20.5, 700_000), { ladder, top: 1 }).action.type).toBe('hold');
  });

  it('measures the fall against the last tick, so several quick reads falling in turn add up', () => {
    let state = onTop();
    const actions = [2_000_000, 1_600_000, 600_000].map((bps, i) => {
      const decision = decideOnEstimate(state, read(19.25 + i / 4, bps), { ladder, top: 1 });
      state = decision.state;
      return decision.action.type;
    });
    expect(actions).toEqual(['hold', 'hold', 'down']);
  });

  it('does nothing while warming up, before any tick, or on the last rung', () => {
    const warming = run(initialAbrState(1), seconds(0, 2, { availableBitrate: 3_000_000 }), 1).state;
    expect(decideOnEstimate(warming, read(1.5, 200_000), { ladder, top: 1 }).action.type).toBe('hold');
    expect(decideOnEstimate(initialAbrState(1), read(0.5, 200_000), { ladder, top: 1 }).action.type).toBe('hold');
    const bottom = run(initialAbrState(BOTTOM), seconds(0, 20, { availableBitrate: 3_000_000 }), BOTTOM).state;
    expect(decideOnEstimate(bottom, read(19.5, 20_000), { ladder, top: BOTTOM }).action.type).toBe('hold');
  });

  it('leaves the ticks to act on what follows: the next tick judges the new rung', () => {
    const collapsed = decideOnEstimate(onTop(), read(19.7, 400_000), { ladder, top: 1 }).state;
    // The estimate keeps falling to 250 kbit/s: 180p30 needs 125 kbit/s, so the ticks hold.
    const { steps } = run(collapsed, seconds(20, 6, { availableBitrate: 250_000 }), 1);
    expect(changes(steps)).toEqual([]);
  });

  it('applies on the ticks too, so a tick that sees the fall first acts on it', () => {
    const { steps } = run(onTop(), [tick(20, { availableBitrate: 400_000 })], 1);
    expect(changes(steps)[0]!.action).toEqual({ type: 'down', to: 4, reason: 'collapse', emergency: true });
    // A quick read after that tick measures against the tick's (already low) estimate: no second drop.
    const after = decideOnEstimate(steps[0]!.state, read(20.25, 380_000), { ladder, top: 1 });
    expect(after.action.type).toBe('hold');
  });

  it('is off with collapseRatio 0', () => {
    const policy = { collapseRatio: 0 };
    expect(decideOnEstimate(onTop(), read(19.7, 100_000), { ladder, top: 1, policy }).action.type).toBe('hold');
    expect(changes(run(onTop(), [tick(20, { availableBitrate: 400_000 })], 1, policy).steps)).toEqual([]);
  });

  it('is pure', () => {
    const state = Object.freeze(onTop());
    const a = decideOnEstimate(state, read(19.7, 400_000), { ladder, top: 1 });
    const b = decideOnEstimate(state, read(19.7, 400_000), { ladder, top: 1 });
    expect(a).toEqual(b);
    expect(state).toEqual(onTop());
  });
});

describe('decide: purity', () => {
  it('returns the same decision for the same state and input, without changing either', () => {
    const state = Object.freeze(settledOn(2));
    const input = Object.freeze(tick(20, { loss: 0.2 }));
    const a = decide(state, input, { ladder });
    const b = decide(state, input, { ladder });
    expect(a).toEqual(b);
    expect(state).toEqual(settledOn(2));
  });
});
