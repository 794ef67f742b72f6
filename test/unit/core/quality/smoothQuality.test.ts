import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreQuality, smoothQuality, type QualityLevel, type QualityTrend, type StatsSample } from 'rtckit/core';
import { sample } from '../../../helpers/samples';

/** A receive-only VP8 call with this much loss per tick. */
const lossy = (packetLoss: number) =>
  sample({ rttMs: 20, outVideo: null, outAudio: null, inAudio: null, inVideo: { packetLoss } });

function run(samples: StatsSample[], start?: QualityTrend): QualityLevel[] {
  let trend = start;
  return samples.map((s) => {
    trend = smoothQuality(trend, scoreQuality(s));
    return trend.quality.level;
  });
}

const changes = (levels: QualityLevel[], from: QualityLevel) =>
  levels.filter((level, i) => level !== (i === 0 ? from : levels[i - 1])).length;

/** A trend settled on a clean call. */
function settled(): QualityTrend {
  let trend: QualityTrend | undefined;
  for (let i = 0; i < 12; i++) trend = smoothQuality(trend, scoreQuality(lossy(0)));
  return trend!;
}

describe('smoothQuality (hysteresis)', () => {
  it('sustained 6 % loss changes the level once in 10 ticks, and never again', () => {
    const levels = run(
      Array.from({ length: 30 }, () => lossy(0.06)),
      settled(),
    );
    expect(changes(levels.slice(0, 10), 'excellent')).toBe(1);
    expect(changes(levels, 'excellent')).toBe(1);
  });

  it('any per-tick loss between 4 % and 8 % changes the level at most once in any 10 ticks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.04, max: 0.08, noNaN: true }), { minLength: 10, maxLength: 40 }),
        (losses) => {
          const levels = run(losses.map(lossy), settled());
          for (let i = 0; i + 10 <= levels.length; i++) {
            const window = levels.slice(i, i + 10);
            expect(changes(window, i === 0 ? 'excellent' : levels[i - 1]!)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('shows a drop quickly: a bad link is poor on its first tick', () => {
    expect(run([lossy(0.2)], settled())).toEqual(['poor']);
  });

  it('shows a recovery slowly, and says it is recovering meanwhile', () => {
    let trend = settled();
    for (let i = 0; i < 12; i++) trend = smoothQuality(trend, scoreQuality(lossy(0.2)));
    expect(trend.quality.level).toBe('poor');
    const levels: QualityLevel[] = [];
    for (let i = 0; i < 20; i++) {
      trend = smoothQuality(trend, scoreQuality(lossy(0)));
      levels.push(trend.quality.level);
      if (trend.quality.level === 'poor') expect(trend.quality.reasons.map((r) => r.code)).toEqual(['recovering']);
    }
    const good = levels.indexOf('good');
    expect(good).toBeGreaterThanOrEqual(3); // not at once…
    expect(levels.at(-1)).toBe('excellent'); // …but it gets there
    expect(levels.indexOf('excellent') - good).toBeGreaterThanOrEqual(10); // each level holds 10 ticks
  });

  it('holds a level for 10 ticks against a moderate drop, but not against a severe one', () => {
    let trend = settled();
    // Enter good, then a moderate drop to just under its floor: held.
    for (let i = 0; i < 2; i++) trend = smoothQuality(trend, scoreQuality(lossy(0.04)));
    expect(trend.quality.level).toBe('good');
    const moderate = run(
      Array.from({ length: 12 }, () => lossy(0.1)),
      trend,
    );
    expect(moderate.indexOf('poor')).toBeGreaterThanOrEqual(7);
    // A severe drop shows at once even within the hold.
    expect(run([lossy(0.3)], trend)).toEqual(['poor']);
  });

  it('applies lost and unknown at once, and climbs back from lost through poor', () => {
    const trend = settled();
    expect(run([sample({ connectionState: 'disconnected' })], trend)).toEqual(['lost']);
    expect(run([sample({ connectionState: 'closed' })], trend)).toEqual(['unknown']);
    const back = run([sample({ connectionState: 'failed' }), ...Array.from({ length: 25 }, () => lossy(0))], trend);
    expect(back[0]).toBe('lost');
    expect(back[1]).toBe('poor');
    expect(back.at(-1)).toBe('excellent');
  });

  it('keeps the same quality object while nothing changes', () => {
    const first = settled();
    const next = smoothQuality(first, scoreQuality(lossy(0)));
    expect(next.quality).toBe(first.quality);
  });

  it('smooths uplink and downlink separately and shows the worse', () => {
    let trend: QualityTrend | undefined;
    for (let i = 0; i < 12; i++) trend = smoothQuality(trend, scoreQuality(sample()));
    trend = smoothQuality(trend, scoreQuality(sample({ outVideo: { packetLoss: 0.25 } })));
    expect(trend.quality).toMatchObject({ level: 'poor', uplink: 'poor', downlink: 'excellent' });
  });
});
