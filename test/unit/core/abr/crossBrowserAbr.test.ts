// The adaptive bitrate policy over each browser's recorded report shape: the samples a
// StatsCollector derives from the recordings (Chromium, real Firefox ESR 140, and the Chromium ones
// reshaped as current and 2018 WebKit report them), reduced by abrInputFrom and decided on by
// decide — the path BitrateController takes every tick.
import { describe, expect, it } from 'vitest';
import {
  abrInputFrom,
  decide,
  DEFAULT_LADDER,
  initialAbrState,
  type AbrAction,
  type AbrInput,
  type AbrState,
} from 'rtckit/core';
import { collect, FIREFOX_FIXTURES, FIXTURES } from '../../../helpers/statsFixtures';
import { safariShaped } from '../../../fixtures/stats/safariShaped';
import type { StatsFixture } from '../../../fixtureTypes';

interface Decided {
  readonly tick: number;
  readonly condition: string;
  readonly input: AbrInput;
  readonly action: AbrAction;
}

/** Every decision over the sending side's recorded ticks, from `state` (tick i's decision covers tick i − 1 → i). */
function decideOver(fixture: StatsFixture, state: AbrState = initialAbrState()): Decided[] {
  const decided: Decided[] = [];
  collect(fixture.sender).forEach((sample, tick) => {
    if (!sample) return;
    const input = abrInputFrom(sample);
    const decision = decide(state, input, { ladder: DEFAULT_LADDER });
    state = decision.state;
    decided.push({ tick, condition: fixture.sender[tick]!.condition, input, action: decision.action });
  });
  return decided;
}

const ups = (decided: readonly Decided[]) => decided.filter((d) => d.action.type === 'up');
const downs = (decided: readonly Decided[]) => decided.filter((d) => d.action.type === 'down');

const SHAPES: readonly [string, (fixture: StatsFixture) => StatsFixture][] = [
  ['chromium', (fixture) => fixture],
  ['safari', (fixture) => safariShaped(fixture, 'safari')],
  ['safariLegacy', (fixture) => safariShaped(fixture, 'safariLegacy')],
];
/** The same name of recording in every shape, Firefox's where it was recorded. */
const everyShape = (name: 'clean' | 'capped' | 'blackhole'): [string, StatsFixture][] => [
  ...SHAPES.map(([shape, reshape]) => [shape, reshape(FIXTURES[name])] as [string, StatsFixture]),
  ['firefox', FIREFOX_FIXTURES[name]],
];
/** 270p30: where a controller started by `initialRung: '270p30'`, or one that stepped down before, is. */
const LOW_RUNG = 3;

describe('what each shape gives the policy', () => {
  it('Firefox: loss and send rate but no estimate; 2018 Safari: the estimate but no loss', () => {
    const firefox = decideOver(FIREFOX_FIXTURES.clean).map((d) => d.input);
    expect(firefox.every((i) => i.availableBitrate === undefined && i.loss === 0 && i.sendBitrate! > 0)).toBe(true);
    const legacy = decideOver(safariShaped(FIXTURES.clean, 'safariLegacy')).map((d) => d.input);
    expect(legacy.every((i) => i.loss === undefined && i.availableBitrate! > 1_000_000)).toBe(true);
    expect(legacy.every((i) => i.reportAgeMs === undefined)).toBe(true); // no remote-inbound-rtp at all
  });
});

describe('a clean call', () => {
  it.each(everyShape('clean'))('%s: stays on the top rung without a change', (_shape, fixture) => {
    const decided = decideOver(fixture);
    expect(decided.every((d) => d.action.type === 'hold')).toBe(true);
  });

  it.each(everyShape('clean'))('%s: from a low rung, steps up once the quiet time has passed', (_shape, fixture) => {
    const climbed = ups(decideOver(fixture, initialAbrState(LOW_RUNG)));
    expect(climbed.length).toBeGreaterThan(0);
    // With an estimate (Chromium, Safari) on headroom, without one (Firefox) as a probe.
    const reason = fixture === FIREFOX_FIXTURES.clean ? 'probe' : 'headroom';
    expect(climbed[0]!.action).toMatchObject({ type: 'up', to: LOW_RUNG - 1, reason });
  });
});

describe('a link capped at 300 kbit/s', () => {
  it.each(SHAPES.map(([shape, reshape]) => [shape, reshape(FIXTURES.capped)] as const))(
    '%s: steps down for the bandwidth within two intervals of the cap, and never back up under it',
    (_shape, fixture) => {
      const decided = decideOver(fixture);
      const first = fixture.sender.findIndex((t) => t.condition === 'capped');
      const down = downs(decided)[0]!;
      expect(down.tick - first).toBeLessThanOrEqual(2);
      expect(down.action).toMatchObject({ reason: 'severe-bandwidth', emergency: true });
      expect(ups(decided)).toEqual([]);
    },
  );

  it('Firefox: no estimate and no loss reported, the send rate fits the cap: it holds', () => {
    // The Firefox call sends ~230 kbit/s, under the 300 kbit/s cap (see crossBrowserQuality.test.ts).
    const decided = decideOver(FIREFOX_FIXTURES.capped);
    expect(decided.every((d) => d.action.type === 'hold')).toBe(true);
  });
});

describe('a black hole', () => {
  it.each(everyShape('blackhole'))(
    '%s: a controller on a low rung never steps up while nothing arrives',
    (_shape, fixture) => {
      const decided = decideOver(fixture, initialAbrState(LOW_RUNG));
      const first = fixture.sender.findIndex((t) => t.condition === 'blackhole');
      expect(ups(decided).filter((d) => d.tick > first)).toEqual([]);
    },
  );

  it('Firefox: the receiver report stops while its fractionLost stays 0, and the send rate tells nothing either', () => {
    // What made the probe look safe: loss 0 on every tick, no estimate. The report behind it is
    // the one of tick 3 (timestamp 1796634005797), older each tick; and nothing at all arrives.
    const decided = decideOver(FIREFOX_FIXTURES.blackhole, initialAbrState(LOW_RUNG));
    const during = decided.filter((d) => d.condition === 'blackhole');
    expect(during.every((d) => d.input.loss === 0 && d.input.availableBitrate === undefined)).toBe(true);
    const ages = during.map((d) => d.input.reportAgeMs!);
    expect(ages[0]).toBe(1796634006902 - 1796634005797);
    for (let i = 1; i < ages.length; i++) expect(ages[i]).toBeGreaterThan(ages[i - 1]!);
    expect(during.map((d) => d.input.silenceMs).every((ms, i) => ms! > 900 + i * 900)).toBe(true);
    expect(during.filter((d) => d.tick > during[0]!.tick).every((d) => d.action.type === 'hold')).toBe(true);
    expect(during.some((d) => d.action.type === 'hold' && d.action.reason === 'no-feedback')).toBe(true);
  });
});
