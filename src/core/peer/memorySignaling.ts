import type { Signaling } from './Signaling';

/**
 * Two connected {@link Signaling} ends in one page, for tests and demos: what one end sends, the
 * other end's listeners receive as a JSON string, asynchronously (as over a network). A message
 * sent while the other end has no listener is lost, as it would be with nobody at the other end.
 *
 * @example
 * ```ts
 * const [aliceSignaling, bobSignaling] = createMemorySignalingPair();
 * const alice = new PeerSession({ signaling: aliceSignaling });
 * const bob = new PeerSession({ signaling: bobSignaling });
 * ```
 */
export function createMemorySignalingPair(): [Signaling, Signaling] {
  const listeners: [Set<(message: unknown) => void>, Set<(message: unknown) => void>] = [new Set(), new Set()];
  const closed = [false, false];
  const end = (self: 0 | 1): Signaling => {
    const other = self === 0 ? 1 : 0;
    return {
      send(message) {
        if (closed[self]) return;
        const text = JSON.stringify(message);
        setTimeout(() => {
          if (closed[other]) return;
          for (const listener of [...listeners[other]]) listener(text);
        }, 0);
      },
      subscribe(listener) {
        if (closed[self]) return () => {};
        // A wrapper per call, so the same function subscribed twice needs two unsubscribes.
        const entry = (message: unknown) => listener(message);
        listeners[self].add(entry);
        return () => listeners[self].delete(entry);
      },
      close() {
        closed[self] = true;
        listeners[self].clear();
      },
    };
  };
  return [end(0), end(1)];
}
