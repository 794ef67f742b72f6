import type { Signaling } from '../core/peer/Signaling';
import type { SignalingMessage } from '../core/peer/signalingMessage';

const LOOPBACK = / (127\.0\.0\.1|::1) /;

/**
 * Wraps a {@link Signaling} so that a real call between two peers on one machine stays on
 * 127.0.0.1: ICE candidates on other addresses are dropped in both directions, from candidate
 * messages and from the `a=candidate` lines of SDPs. Chromium offers loopback candidates only
 * when started with `--allow-loopback-in-peer-connection`, and only after the page was allowed
 * to capture (before that, host candidates are hidden behind mDNS names). Other properties of the
 * signaling (a WebSocket adapter's `state` and `reconnect`) are kept, so `useAutoReconnect` still
 * sees them.
 *
 * @example
 * ```ts
 * const [a, b] = createMemorySignalingPair();
 * const caller = new PeerSession({ signaling: loopbackOnly(a), localStream });
 * ```
 */
export function loopbackOnly(signaling: Signaling): Signaling {
  return {
    ...signaling,
    send(message) {
      const kept = keepLoopback(message);
      if (kept) signaling.send(kept);
    },
    subscribe(listener) {
      return signaling.subscribe((raw) => {
        let parsed: unknown = raw;
        try {
          parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
        } catch {
          // Not JSON: pass it on untouched, the session will reject it.
        }
        const kept = keepLoopback(parsed as SignalingMessage);
        if (kept === parsed) listener(raw);
        else if (kept) listener(JSON.stringify(kept));
      });
    },
    close: () => signaling.close(),
  };
}

function keepLoopback(message: SignalingMessage): SignalingMessage | null {
  if (typeof message !== 'object' || message === null) return message;
  if (message.type === 'candidate' && typeof message.candidate?.candidate === 'string') {
    return message.candidate.candidate === '' || LOOPBACK.test(message.candidate.candidate) ? message : null;
  }
  if (message.type === 'description' && typeof message.description?.sdp === 'string') {
    const sdp = message.description.sdp
      .split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:') || LOOPBACK.test(line))
      .join('\r\n');
    return sdp === message.description.sdp ? message : { ...message, description: { ...message.description, sdp } };
  }
  return message;
}
