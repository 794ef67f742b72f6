// rtckit/server: Node-only helpers for your backend. Not re-exported by `rtckit` or `rtckit/core`,
// and not resolvable under the `browser` condition, so it never lands in a browser bundle.
// ws, jose and ioredis are optional peer dependencies, loaded only by what uses them.
export {
  createTurnCredentials,
  createTurnIceServer,
  type CreateTurnCredentialsOptions,
  type CreateTurnIceServerOptions,
  type TurnCredentials,
} from './turnCredentials.ts';
export {
  createSignalingServer,
  type CreateSignalingServerOptions,
  type SignalingRefusal,
  type SignalingServer,
} from './signalingServer.ts';
export { type SignalingAuth } from './signalingAuth.ts';
export {
  createSignalingToken,
  type CreateSignalingTokenOptions,
  type JoinTokenKey,
  type JoinTokenRefusal,
  type JoinTokenVerification,
} from './joinToken.ts';
export { DEFAULT_SIGNALING_LIMITS, type SignalingLimits } from './signalingLimits.ts';
export {
  createMemoryBroker,
  type BrokerEvent,
  type JoinOutcome,
  type RoomMember,
  type SignalingBroker,
} from './signalingBroker.ts';
export { createRedisBroker, type RedisBrokerOptions } from './redisBroker.ts';
