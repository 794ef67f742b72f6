/**
 * The read side every engine unit exposes, shaped for React's `useSyncExternalStore` and usable
 * without React.
 *
 * @example
 * ```ts
 * const unsubscribe = media.subscribe(() => console.log(media.getSnapshot().status));
 * ```
 */
export interface ReadableStore<T> {
  /** Registers a listener called after every snapshot change; returns the function that removes it. */
  subscribe(listener: () => void): () => void;
  /** The current immutable snapshot; the same object until something in it changes. */
  getSnapshot(): T;
}

/** Called when a store gains its first subscriber and after it loses its last one. */
export interface StoreLifecycle {
  onActive?(): void;
  onInactive?(): void;
  /**
   * Run `onInactive` a microtask after the last unsubscribe, and skip both it and the next
   * `onActive` when someone subscribes again in between — as React StrictMode does on mount.
   * For units whose start is costly or visible (a camera light, a screen-share picker).
   */
  deferInactive?: boolean;
}

/**
 * A {@link ReadableStore} the engine unit that owns it can write to.
 *
 * @example
 * ```ts
 * const store = createStore({ count: 0 });
 * store.set({ count: 1 }); // listeners run
 * store.set({ count: 1 }); // shallow-equal: nothing happens
 * ```
 */
export interface Store<T extends object> extends ReadableStore<T> {
  /** Replaces the snapshot and notifies, unless `next` is shallow-equal to the current one. */
  set(next: T): void;
  /** Merges `patch` into the snapshot; a patch that changes nothing keeps the old snapshot. */
  update(patch: Partial<T>): void;
  /** Whether anyone is subscribed. */
  readonly active: boolean;
}

/**
 * Creates a {@link Store}. `lifecycle.onActive` runs on the first subscription and
 * `lifecycle.onInactive` after the last unsubscription, so work (polling, listeners, capture) runs
 * only while someone listens and can be resumed when someone subscribes again.
 *
 * @example
 * ```ts
 * const store = createStore({ online: true }, {
 *   onActive: () => window.addEventListener('online', sync),
 *   onInactive: () => window.removeEventListener('online', sync),
 * });
 * ```
 */
export function createStore<T extends object>(initial: T, lifecycle: StoreLifecycle = {}): Store<T> {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  // True from onActive until onInactive; with deferInactive it outlives a brief gap in subscribers.
  let started = false;
  const stop = () => {
    if (listeners.size > 0 || !started) return;
    started = false;
    lifecycle.onInactive?.();
  };

  const set = (next: T) => {
    if (shallowEqual(snapshot, next)) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      // A wrapper per call so that subscribing the same function twice still needs two unsubscribes.
      const entry = () => listener();
      listeners.add(entry);
      if (!started) {
        started = true;
        lifecycle.onActive?.();
      }
      return () => {
        if (!listeners.delete(entry) || listeners.size > 0) return;
        if (lifecycle.deferInactive) queueMicrotask(stop);
        else stop();
      };
    },
    set,
    update: (patch) => set({ ...snapshot, ...patch }),
    get active() {
      return listeners.size > 0;
    },
  };
}

/** Whether two objects have the same own keys with `Object.is`-equal values. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  const keysA = Object.keys(a) as (keyof T)[];
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && Object.is(a[key], b[key]));
}
