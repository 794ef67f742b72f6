/**
 * A Map that keeps its newest `maxSize` entries: setting a key makes it the newest, and past the
 * bound the oldest go. What the ingest remembers per client and per call (rate buckets, report ids
 * seen, reconnect counts) lives in one, so no stream of new clients or calls grows the server.
 *
 * @example
 * ```ts
 * const seen = new BoundedMap<string, true>(100_000);
 * if (seen.has(id)) return refuse('replayed');
 * seen.set(id, true);
 * ```
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #maxSize: number;

  constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxSize) this.#entries.delete(this.#entries.keys().next().value as K);
  }
}
