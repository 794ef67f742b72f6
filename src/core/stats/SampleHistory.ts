import { StatsKitError } from './statsErrors';

/**
 * A fixed-size ring buffer of the most recent items: pushing past `capacity` overwrites the oldest,
 * so memory stays the same however long a call lasts.
 *
 * @example
 * ```ts
 * const history = new SampleHistory<number>(3);
 * [1, 2, 3, 4].forEach((n) => history.push(n));
 * history.toArray(); // [2, 3, 4]
 * ```
 */
export class SampleHistory<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new StatsKitError('invalid-option', { detail: `historySize must be a positive integer, got ${capacity}.` });
    }
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** How many items it holds (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The items, oldest first, as a new array. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) out[i] = this.#items[(start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}
