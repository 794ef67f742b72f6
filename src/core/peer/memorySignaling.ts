import { createMessageListeners } from './messageListeners';
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
  const listeners = [createMessageListeners(), createMessageListeners()] as const;
  const closed = [false, false];
  // One queue and one pending flush per receiving end: separate timers would not keep the order
  // (browsers clamp nested zero-delay timers to 4 ms, so a later timer can fire first).
  const inboxes: [string[], string[]] = [[], []];
  const flushing = [false, false];
  const deliver = (to: 0 | 1) => {
    flushing[to] = false;
    const messages = inboxes[to].splice(0);
    for (const text of messages) {
      if (closed[to]) return;
      listeners[to].deliver(text);
    }
  };
  const end = (self: 0 | 1): Signaling => {
    const other = self === 0 ? 1 : 0;
    return {
      send(message) {
        if (closed[self]) return;
        inboxes[other].push(JSON.stringify(message));
        if (flushing[other]) return;
        flushing[other] = true;
        setTimeout(() => deliver(other), 0);
      },
      subscribe(listener) {
        if (closed[self]) return () => {};
        return listeners[self].subscribe(listener);
      },
      close() {
        closed[self] = true;
      },
    };
  };
  return [end(0), end(1)];
}
