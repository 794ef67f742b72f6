// A deterministic Clock for engine tests: time moves only when the test advances it, timers run in
// order of due time (then of creation), and `random` is a seeded generator. A binary heap keeps
// tens of thousands of timers cheap (the thundering-herd test runs 10,000 clients).
import type { Clock, TimerHandle } from 'rtckit/core';

interface Timer {
  readonly at: number;
  readonly id: number;
  readonly run: () => void;
}

export interface VirtualClock extends Clock {
  /** Runs every timer due up to now + ms (including those they schedule), then sets now. */
  advance(ms: number): void;
  /** Runs timers until none is left or `limitMs` of virtual time has passed. */
  runAll(limitMs?: number): void;
  /** Timers still pending. */
  readonly pending: number;
}

/** mulberry32: a small, good-enough seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function virtualClock(seed = 1): VirtualClock {
  let now = 0;
  let nextId = 1;
  const heap: Timer[] = [];
  const cancelled = new Set<number>();
  const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.id < b.id);
  const push = (timer: Timer) => {
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): Timer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
        if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top;
  };
  const runUntil = (end: number) => {
    while (heap.length && heap[0]!.at <= end) {
      const timer = pop()!;
      if (cancelled.delete(timer.id)) continue;
      now = Math.max(now, timer.at);
      timer.run();
    }
    now = Math.max(now, end);
  };
  return {
    now: () => now,
    random: seededRandom(seed),
    setTimeout(run, ms) {
      const id = nextId++;
      push({ at: now + Math.max(0, ms), id, run });
      return id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      cancelled.add(handle as unknown as number);
    },
    advance: (ms) => runUntil(now + ms),
    runAll(limitMs = 10 * 60_000) {
      runUntil(now + limitMs);
    },
    get pending() {
      return heap.filter((timer) => !cancelled.has(timer.id)).length;
    },
  };
}
