import { createStore, type ReadableStore, type Store, type StoreLifecycle } from './store';

/**
 * The base of every engine unit that owns one {@link Store}: it creates the store and exposes its
 * read side, so each unit writes only its own logic. `lifecycle` starts and stops the unit's work
 * with its first and last subscriber (see {@link createStore}).
 *
 * @example
 * ```ts
 * class Ticker extends EngineUnit<{ ticks: number }> {
 *   #timer: ReturnType<typeof setInterval> | undefined;
 *   constructor() {
 *     super({ ticks: 0 }, { onActive: () => this.#start(), onInactive: () => clearInterval(this.#timer) });
 *   }
 *   #start() {
 *     this.#timer = setInterval(() => this.store.update({ ticks: this.getSnapshot().ticks + 1 }), 1000);
 *   }
 * }
 * ```
 */
export abstract class EngineUnit<T extends object> implements ReadableStore<T> {
  /** The unit's own writable store; only the unit writes to it. */
  protected readonly store: Store<T>;

  protected constructor(initial: T, lifecycle?: StoreLifecycle) {
    this.store = createStore(initial, lifecycle);
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): T => this.store.getSnapshot();
}
