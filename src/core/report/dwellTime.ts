/**
 * Time spent in each value of something that changes (a quality level, a rung, a route): running
 * totals by key and the current key, so memory depends on how many keys there are, not on how
 * long the call is or how often the value changes.
 *
 * @example
 * ```ts
 * const levels = new DwellTime<string>('unknown', 0);
 * levels.enter('good', 2000);
 * levels.totalsAt(5000); // { unknown: 2000, good: 3000 }
 * ```
 */
export class DwellTime<K extends string> {
  readonly #totals = new Map<K, number>();
  #current: K | null;
  #since: number;

  /** `initial` is the value from `at` on; `null` counts nothing until the first {@link enter}. */
  constructor(initial: K | null, at: number) {
    this.#current = initial;
    this.#since = at;
  }

  /** The current value. */
  get current(): K | null {
    return this.#current;
  }

  /** From `at` on the value is `key` (`null`: count nothing until the next key). */
  enter(key: K | null, at: number): void {
    if (key === this.#current) return;
    this.#close(at);
    this.#current = key;
  }

  /** Milliseconds in each key up to `at`, the current one included. */
  totalsAt(at: number): Partial<Record<K, number>> {
    const totals: Partial<Record<K, number>> = Object.fromEntries(this.#totals) as Partial<Record<K, number>>;
    if (this.#current !== null) totals[this.#current] = (totals[this.#current] ?? 0) + Math.max(0, at - this.#since);
    return totals;
  }

  #close(at: number): void {
    if (this.#current !== null) {
      this.#totals.set(this.#current, (this.#totals.get(this.#current) ?? 0) + Math.max(0, at - this.#since));
    }
    this.#since = at;
  }
}
