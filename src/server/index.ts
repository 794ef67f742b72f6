// rtckit/server: Node-only helpers for your backend. Not re-exported by `rtckit` or `rtckit/core`,
// and not resolvable under the `browser` condition, so it never lands in a browser bundle.
export {
  createTurnCredentials,
  createTurnIceServer,
  type CreateTurnCredentialsOptions,
  type CreateTurnIceServerOptions,
  type TurnCredentials,
} from './turnCredentials.ts';
