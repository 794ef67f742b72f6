import type { SignalingMessage } from './signalingMessage';

/**
 * How two peers reach each other before (and while) they are connected. rtckit ships adapters for
 * one page ({@link createMemorySignalingPair}), tabs of one browser ({@link createBroadcastSignaling})
 * and a WebSocket server ({@link createWebSocketSignaling}); implement this interface to use your
 * own transport (Firebase, a Phoenix channel, …).
 *
 * Listeners receive what arrived as it arrived (usually a JSON string): the receiving
 * {@link PeerSession} validates every message, so adapters need not trust the other side.
 *
 * @example
 * ```ts
 * const signaling: Signaling = {
 *   send: (message) => socket.emit('signal', JSON.stringify(message)),
 *   subscribe(listener) {
 *     socket.on('signal', listener);
 *     return () => socket.off('signal', listener);
 *   },
 *   close: () => socket.disconnect(),
 * };
 * ```
 */
export interface Signaling {
  /** Sends a message to the other peer. Must not throw; a transport that is down may queue or drop. */
  send(message: SignalingMessage): void;
  /** Calls `listener` with every message that arrives; returns the function that stops it. */
  subscribe(listener: (message: unknown) => void): () => void;
  /** Releases the transport; nothing is sent or received afterwards. */
  close(): void;
}
