/**
 * A first-in, first-out queue that holds at most `capacity` items: adding to a full queue drops
 * the oldest, and counts it, so a sink that cannot deliver never grows without bound.
 *
 * @example
 * ```ts
 * const queue = new BoundedQueue<number>(2);
 * [1, 2, 3].forEach((n) => queue.push(n));
 * queue.take(5); // [2, 3]
 * queue.dropped; // 1
 * ```
 */
export class BoundedQueue<T> {
  readonly capacity: number;
  #items: T[] = [];
  #dropped = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.length;
  }

  /** How many items were dropped to make room, ever. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds `item` at the back, dropping the oldest when full. */
  push(item: T): void {
    this.#items.push(item);
    this.#trim();
  }

  /** Puts `items` (taken earlier, still undelivered) back at the front, dropping the oldest past capacity. */
  putBack(items: readonly T[]): void {
    this.#items = [...items, ...this.#items];
    this.#trim();
  }

  /** Removes and returns up to `count` items from the front. */
  take(count: number): T[] {
    return this.#items.splice(0, count);
  }

  #trim(): void {
    const excess = this.#items.length - this.capacity;
    if (excess <= 0) return;
    this.#items.splice(0, excess);
    this.#dropped += excess;
  }
}
