import { describe, expect, it } from 'vitest';
import { AUDIO_ONLY_RUNG, DEFAULT_LADDER, isRtcKitError, validateLadder, type Rung } from 'rtckit/core';
import { rungIndex, topRungFor } from '@src/core/abr/ladder';

const rung = (id: string, height: number, maxFramerate: number, maxBitrate: number): Rung => ({
  id,
  height,
  maxFramerate,
  maxBitrate,
});

function problem(ladder: readonly Rung[]): string {
  try {
    validateLadder(ladder);
  } catch (error) {
    expect(isRtcKitError(error, 'invalid-ladder')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('ladder', () => {
  it('the default goes from 720p30 down to 180p at a low frame rate, each rung cheaper than the one above', () => {
    expect(validateLadder(DEFAULT_LADDER)).toEqual(DEFAULT_LADDER);
    expect(DEFAULT_LADDER[0]).toMatchObject({ height: 720, maxFramerate: 30 });
    expect(DEFAULT_LADDER.at(-1)).toMatchObject({ height: 180 });
    expect(DEFAULT_LADDER.at(-1)!.maxFramerate).toBeLessThan(15);
    expect(validateLadder([...DEFAULT_LADDER, AUDIO_ONLY_RUNG]).at(-1)).toEqual(AUDIO_ONLY_RUNG);
  });

  it('rejects ladders it cannot climb, saying why', () => {
    expect(problem([])).toMatch(/non-empty/);
    expect(problem([rung('a', 360, 30, 500_000), rung('a', 180, 15, 200_000)])).toMatch(/used twice/);
    expect(problem([rung('low', 180, 15, 200_000), rung('high', 360, 30, 500_000)])).toMatch(/best to worst/);
    expect(problem([rung('a', 360, 30, 500_000), rung('b', 180, 30, 500_000)])).toMatch(/same maxBitrate/);
    expect(problem([rung('a', -1, 30, 500_000)])).toMatch(/positive height/);
    expect(problem([rung('a', 360, Number.NaN, 500_000)])).toMatch(/maxFramerate/);
    expect(problem([AUDIO_ONLY_RUNG])).toMatch(/at least one video rung/);
    expect(problem([rung('a', 360, 30, 500_000), AUDIO_ONLY_RUNG, rung('b', 180, 15, 100_000)])).toMatch(/last one/);
  });

  it('finds the best rung a source can fill, and rung caps by id or index', () => {
    expect(topRungFor(DEFAULT_LADDER, 480)).toBe(1); // 540p30: a 640×480 camera fills no more
    expect(topRungFor(DEFAULT_LADDER, 720)).toBe(0);
    expect(topRungFor(DEFAULT_LADDER, 1080)).toBe(0);
    expect(topRungFor(DEFAULT_LADDER, 360)).toBe(2);
    expect(topRungFor(DEFAULT_LADDER, undefined)).toBe(0);
    expect(rungIndex(DEFAULT_LADDER, '360p30')).toBe(2);
    expect(rungIndex(DEFAULT_LADDER, 3)).toBe(3);
    expect(rungIndex(DEFAULT_LADDER, null)).toBe(0);
    expect(() => rungIndex(DEFAULT_LADDER, '4k')).toThrow(/not a rung/);
    expect(() => rungIndex(DEFAULT_LADDER, 99)).toThrow(/not a rung/);
  });
});
