import { domainError, type ErrorText, type IceErrorCode } from '../errors';
import { CONNECTION_ERROR_TEXT } from '../peer/connectionErrorText';

// Split in two: validating a configuration raises only 'invalid-ice-server', and a peer session,
// which validates its ICE servers but never probes them, carries only that code's text.
const ICE_SERVER_ERROR_TEXT = {
  'invalid-ice-server': {
    message: 'An ICE server in the configuration is invalid.',
    hint: 'Use stun:, stuns:, turn: or turns: URLs of the form scheme:host[:port], add ?transport=udp|tcp only to TURN URLs, and give TURN servers a username and credential.',
  },
} as const satisfies Record<'invalid-ice-server', ErrorText>;

const ICE_PROBE_ERROR_TEXT = {
  'turn-credentials-expired': {
    message: 'The TURN credentials have expired or are about to.',
    hint: 'Fetch fresh credentials from your server (rtckit/server createTurnCredentials mints them) just before the call, with a lifetime longer than the call.',
  },
  'turn-auth-failed': {
    message: 'The TURN server refused the username or credential.',
    hint: "Check the username and credential; for time-limited (REST) credentials, check that your server's shared secret matches the TURN server's and that its clock is right.",
  },
  'turn-allocation-refused': {
    message: 'The TURN server answered but would not allocate a relay.',
    hint: "The server may be over its quota or capacity, or forbid this user or transport; the error code and text say which. Check the TURN server's logs.",
  },
  'ice-server-unreachable': {
    message: 'The STUN/TURN server did not answer.',
    hint: 'Check the host name and port, that the server is running, and that firewalls let UDP through (or TCP for ?transport=tcp, TLS for stuns:/turns:).',
  },
  'turn-relay-failed': {
    message: 'Two peers could not connect through the TURN relay.',
    hint: 'The server allocated relay addresses but did not relay between them: check its peer restrictions (denied-peer-ip, and allow-loopback-peers when it relays on 127.0.0.1) and that its relay ports are open.',
  },
  'ice-probe-cancelled': {
    message: 'The ICE server check was cancelled.',
    hint: 'Run it again when you are ready.',
  },
} as const satisfies Record<Exclude<IceErrorCode, 'invalid-ice-server'>, ErrorText>;

/**
 * The {@link RtcKitError} class of ICE servers, TURN credentials and the ICE probe, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new IceKitError('ice-probe-cancelled');
 * ```
 */
export const IceKitError = /* @__PURE__ */ domainError(
  ICE_SERVER_ERROR_TEXT,
  ICE_PROBE_ERROR_TEXT,
  CONNECTION_ERROR_TEXT,
);

/**
 * The {@link RtcKitError} class of `'invalid-ice-server'` alone (and the common codes): what
 * validating an ICE configuration raises, without the text of the probe's and TURN codes.
 *
 * @example
 * ```ts
 * throw new IceServerKitError('invalid-ice-server', { detail: 'iceServers[0]: no urls' });
 * ```
 */
export const IceServerKitError = /* @__PURE__ */ domainError(ICE_SERVER_ERROR_TEXT);
