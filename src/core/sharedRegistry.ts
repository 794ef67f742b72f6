/**
 * Engine objects shared per key — one stats collector per connection, one owner of each sender's
 * encodings, one device manager per device source — held in a table a caller can inject (a test,
 * two apps on one page) or reset, rather than in hidden module state. Entries go with their key:
 * the table holds keys weakly.
 *
 * @example
 * ```ts
 * const collectors = new SharedRegistry<RTCPeerConnection, StatsCollector>();
 * const collector = collectors.get(pc, (pc) => new StatsCollector(pc));
 * collectors.get(pc, () => { throw new Error('not called'); }) === collector; // true
 * ```
 */
export class SharedRegistry<K extends object, V> {
  #entries = new WeakMap<K, V>();

  /** The entry for `key`, made by `create` the first time it is asked for. */
  get(key: K, create: (key: K) => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key) as V;
    const value = create(key);
    this.#entries.set(key, value);
    return value;
  }

  /** The entry for `key`, if one was made. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Forgets the entry for `key`; returns whether there was one. */
  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** Forgets every entry (for tests, or an app that starts over). */
  clear(): void {
    this.#entries = new WeakMap();
  }
}

/**
 * A page-wide default made on first use, so importing a module does no work (and bundlers may drop
 * it when unused).
 *
 * @example
 * ```ts
 * const sharedCollectors = lazily(() => new SharedRegistry<RTCPeerConnection, StatsCollector>());
 * sharedCollectors().get(pc, (pc) => new StatsCollector(pc));
 * ```
 */
export function lazily<T>(create: () => T): () => T {
  let value: { readonly current: T } | undefined;
  return () => (value ??= { current: create() }).current;
}
