import type { JoinTokenRefusal } from './joinToken.ts';

/** Why a connection was refused at its join: the reason of its 4001 close. */
export type SignalingAuthFailure = JoinTokenRefusal | 'token-refused' | 'auth-timeout' | 'expected-auth';

/**
 * Why the server refused one message (`{"type":"server:refused","reason":…}`); the connection
 * stays open. `rate-limited` is sent at most once a second, however many messages were dropped.
 */
export type SignalingRefusal = 'too-large' | 'malformed' | 'rate-limited' | 'held-full';

/**
 * What `createSignalingServer` tells its metrics, as it happens: plain calls, so the server knows
 * nothing of Prometheus. `createServerMetrics()` implements it; so can your own counters.
 *
 * @example
 * ```ts
 * let relayed = 0;
 * const signaling: SignalingMetrics = { ...ignoreAll, relayed: () => relayed++ };
 * await createSignalingServer({ auth, origins, metrics: { signaling } });
 * ```
 */
export interface SignalingMetrics {
  /** A WebSocket connection opened (+1) or closed (-1). */
  connections(delta: 1 | -1): void;
  /** A room came to have members in this process (+1), or lost its last (-1). */
  rooms(delta: 1 | -1): void;
  /** A message was relayed (or held for the next member). */
  relayed(): void;
  refused(reason: SignalingRefusal): void;
  authFailed(reason: SignalingAuthFailure): void;
}
