import { describe, expect, it } from 'vitest';
import { seededRandom, VirtualClock } from 'rtckit/testing';

describe('VirtualClock', () => {
  it('runs timers in order of due time, then of creation, only as time is advanced', () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('b@20'), 20);
    clock.setTimeout(() => ran.push('a@10'), 10);
    clock.setTimeout(() => ran.push('c@20'), 20);
    const cancelled = clock.setTimeout(() => ran.push('cancelled'), 5);
    clock.clearTimeout(cancelled);
    expect(clock.pending).toBe(3);
    clock.advance(9);
    expect(ran).toEqual([]);
    clock.advance(11);
    expect(ran).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(20);
  });

  it('runs timers scheduled by timers within the same advance, at their own times', () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 30);
    }, 10);
    clock.runAll();
    expect(at).toEqual([10, 40]);
    expect(clock.pending).toBe(0);
  });

  it('has bound members, so it can be spread like systemClock, and a seeded random', () => {
    const { now, setTimeout, random } = new VirtualClock({ seed: 5 });
    setTimeout(() => {}, 1);
    expect(now()).toBe(0);
    const expected = seededRandom(5);
    expect([random(), random()]).toEqual([expected(), expected()]);
    expect(random()).toBeGreaterThanOrEqual(0);
  });
});
