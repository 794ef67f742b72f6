import type { RtcKitError } from '../errors';
import { PeerKitError } from './peerErrors';
import { createMessageListeners } from './messageListeners';
import type { Signaling } from './Signaling';

/** Options for {@link createBroadcastSignaling}. */
export interface BroadcastSignalingOptions {
  /** Called when BroadcastChannel is missing. */
  readonly onError?: (error: RtcKitError) => void;
}

/**
 * {@link Signaling} between tabs (and other same-origin contexts) of one browser over a
 * `BroadcastChannel` named `rtckit:<name>`: a demo transport needing no server. Meant for two
 * participants; every other context on the same name hears every message. The channel is opened
 * on first use, kept while someone listens, and closed after the last listener leaves.
 *
 * @example
 * ```ts
 * // In two tabs:
 * const signaling = createBroadcastSignaling('demo-room');
 * const session = new PeerSession({ signaling, polite: 'auto' });
 * ```
 */
export function createBroadcastSignaling(name: string, options: BroadcastSignalingOptions = {}): Signaling {
  const channelName = `rtckit:${name}`;
  let channel: BroadcastChannel | null = null;
  let closed = false;

  const open = (): BroadcastChannel | null => {
    if (channel) return channel;
    if (typeof globalThis.BroadcastChannel !== 'function') {
      options.onError?.(new PeerKitError('signaling-failed', { detail: 'BroadcastChannel is not available here.' }));
      return null;
    }
    channel = new BroadcastChannel(channelName);
    channel.onmessage = (event: MessageEvent) => listeners.deliver(event.data);
    return channel;
  };
  const release = () => {
    channel?.close();
    channel = null;
  };
  // Deferred, so that StrictMode's unsubscribe → subscribe keeps the channel (and its messages).
  const listeners = createMessageListeners({ onInactive: release, deferInactive: true });

  return {
    send(message) {
      if (closed) return;
      const target = open();
      target?.postMessage(JSON.stringify(message));
      if (!listeners.active) release();
    },
    subscribe(listener) {
      if (closed) return () => {};
      const unsubscribe = listeners.subscribe(listener);
      open();
      return unsubscribe;
    },
    close() {
      closed = true;
      release();
    },
  };
}
