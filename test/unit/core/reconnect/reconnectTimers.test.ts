// The pieces Reconnector keeps its time with: named one-shot timers, the give-up clock that stops
// while offline, and the countdown that ticks on whole seconds.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from 'rtckit/testing';
import { countdown } from '@src/core/reconnect/countdown';
import { GiveUpClock } from '@src/core/reconnect/giveUpClock';
import { NamedTimers } from '@src/core/reconnect/namedTimers';

describe('NamedTimers', () => {
  it('holds one timer per name: setting a name again replaces it, clearing cancels it', () => {
    const clock = new VirtualClock();
    const timers = new NamedTimers<'a' | 'b'>(() => clock);
    const ran: string[] = [];
    timers.set('a', 100, () => ran.push('a1'));
    timers.set('a', 300, () => ran.push('a2'));
    timers.set('b', 200, () => ran.push('b'));
    clock.advance(250);
    expect(ran).toEqual(['b']);
    expect(timers.has('a')).toBe(true);
    expect(timers.has('b')).toBe(false);
    timers.clearAll();
    clock.advance(1000);
    expect(ran).toEqual(['b']);
  });

  it('clears a timer on the clock that set it, after the owner switched clocks', () => {
    const first = new VirtualClock();
    let clock = first;
    const timers = new NamedTimers<'a'>(() => clock);
    let ran = false;
    timers.set('a', 100, () => (ran = true));
    clock = new VirtualClock();
    timers.clear('a');
    first.advance(200);
    expect(ran).toBe(false);
  });
});

describe('GiveUpClock', () => {
  it('does not count paused time, and expires once the counted time reaches the bound', () => {
    const clock = new VirtualClock();
    const giveUp = new GiveUpClock(() => clock);
    let expired = 0;
    giveUp.start(1000, () => expired++);
    clock.advance(400);
    giveUp.pause();
    clock.advance(5000);
    expect(giveUp.elapsedMs()).toBe(400);
    expect(expired).toBe(0);
    giveUp.start(1000, () => expired++);
    clock.advance(599);
    expect(expired).toBe(0);
    clock.advance(1);
    expect(expired).toBe(1);
    giveUp.reset();
    expect(giveUp.elapsedMs()).toBe(0);
    expect(giveUp.running).toBe(false);
  });
});

describe('countdown', () => {
  it('moves on the whole seconds of what remains, and stops when nothing is due', () => {
    expect(countdown(3400, 0)).toEqual({ remainingMs: 3400, nextTickInMs: 400 });
    expect(countdown(3000, 0)).toEqual({ remainingMs: 3000, nextTickInMs: 1000 });
    expect(countdown(100, 500)).toEqual({ remainingMs: 0, nextTickInMs: null });
    expect(countdown(null, 0)).toEqual({ remainingMs: null, nextTickInMs: null });
  });
});
