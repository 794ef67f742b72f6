import { createStore, type StoreLifecycle } from '../store';

/** The listeners of a {@link Signaling} adapter: what arrives is handed to each of them. */
export interface MessageListeners {
  /** Adds a listener; returns the function that removes it (a second call does nothing). */
  subscribe(listener: (message: unknown) => void): () => void;
  /** Hands `message` to every listener subscribed now, in the order they subscribed. */
  deliver(message: unknown): void;
  /** Whether anyone listens. */
  readonly active: boolean;
}

/**
 * A signaling adapter's listeners, kept in a {@link createStore}, so the adapter's transport
 * follows its listeners through the store's lifecycle: `onActive` with the first, `onInactive`
 * after the last (with `deferInactive`, a microtask later, so StrictMode's unsubscribe →
 * subscribe keeps the transport). Each delivery is a new snapshot, so the same text arriving twice
 * reaches the listeners twice.
 *
 * @example
 * ```ts
 * const listeners = createMessageListeners({ onActive: open, onInactive: release, deferInactive: true });
 * channel.onmessage = (event) => listeners.deliver(event.data);
 * const signaling: Signaling = { subscribe: listeners.subscribe, send, close };
 * ```
 */
export function createMessageListeners(lifecycle?: StoreLifecycle): MessageListeners {
  const store = createStore<{ readonly delivery: { readonly message: unknown } | null }>({ delivery: null }, lifecycle);
  return {
    subscribe: (listener) =>
      store.subscribe(() => {
        const { delivery } = store.getSnapshot();
        if (delivery) listener(delivery.message);
      }),
    deliver: (message) => store.set({ delivery: { message } }),
    get active() {
      return store.active;
    },
  };
}
