import type { Clock, TimerHandle } from '../core/clock';

interface Timer {
  readonly at: number;
  readonly id: number;
  readonly run: () => void;
}

/**
 * mulberry32: a small, good-enough seeded generator of numbers in [0, 1), for a
 * {@link Clock.random} that gives the same jitter on every run.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random() === seededRandom(42)(); // true
 * ```
 */
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

/**
 * A deterministic {@link Clock} for testing anything built on rtckit's engine: time moves only when
 * the test advances it, timers run in order of due time (then of creation), and `random` is seeded.
 * Pass it as the `clock` option of an engine unit (`Reconnector`, `StatsCollector`,
 * `BitrateController`, …) and drive the unit's backoff, polling and give-up timers without real
 * waiting or fake-timer globals. A binary heap keeps tens of thousands of timers cheap.
 *
 * Its members are bound, so it may be spread or passed around like {@link systemClock}.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ seed: 7 });
 * const reconnector = new Reconnector(session, { clock });
 * reconnector.subscribe(() => {});
 * clock.advance(5_000); // five virtual seconds: every timer due by then has run, in order
 * expect(reconnector.getSnapshot().state).toBe('reconnecting');
 * ```
 */
export class VirtualClock implements Clock {
  #now = 0;
  #nextId = 1;
  readonly #heap: Timer[] = [];
  readonly #cancelled = new Set<number>();

  /** `seed` seeds `random` (default 1). */
  constructor(options: { readonly seed?: number } = {}) {
    this.random = seededRandom(options.seed ?? 1);
  }

  /** Virtual milliseconds since the clock was made. */
  readonly now = (): number => this.#now;

  /** Seeded numbers in [0, 1). */
  readonly random: () => number;

  readonly setTimeout = (run: () => void, ms: number): TimerHandle => {
    const id = this.#nextId++;
    this.#push({ at: this.#now + Math.max(0, ms), id, run });
    return id as unknown as TimerHandle;
  };

  readonly clearTimeout = (handle: TimerHandle): void => {
    this.#cancelled.add(handle as unknown as number);
  };

  /** Runs every timer due up to now + `ms` (including those they schedule), then sets now. */
  readonly advance = (ms: number): void => this.#runUntil(this.#now + ms);

  /** Runs timers until none is left or `limitMs` of virtual time has passed (default 10 minutes). */
  readonly runAll = (limitMs = 10 * 60_000): void => this.#runUntil(this.#now + limitMs);

  /** How many timers are still pending. */
  get pending(): number {
    return this.#heap.filter((timer) => !this.#cancelled.has(timer.id)).length;
  }

  #runUntil(end: number): void {
    while (this.#heap.length && this.#heap[0]!.at <= end) {
      const timer = this.#pop()!;
      if (this.#cancelled.delete(timer.id)) continue;
      this.#now = Math.max(this.#now, timer.at);
      timer.run();
    }
    this.#now = Math.max(this.#now, end);
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Timer | undefined {
    const heap = this.#heap;
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
  }
}

const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.id < b.id);
