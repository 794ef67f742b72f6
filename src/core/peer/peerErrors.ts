import { domainError, type ErrorText, type PeerErrorCode } from '../errors';
import { CONNECTION_ERROR_TEXT } from './connectionErrorText';

const PEER_ERROR_TEXT = {
  'invalid-signaling-message': {
    message: 'A signaling message was rejected.',
    hint: 'The other peer or the signaling server sent something that is not an rtckit signaling message; check that both ends run compatible versions.',
  },
  'signaling-failed': {
    message: 'The signaling connection failed.',
    hint: 'Check that the signaling server is reachable; rtckit retries with backoff until it gives up.',
  },
  'signaling-unauthorized': {
    message: 'The signaling server refused the access token.',
    hint: 'Pass a valid token, or a token function that fetches a fresh one, to createWebSocketSignaling.',
  },
  'negotiation-failed': {
    message: 'Negotiating the connection with the other peer failed.',
    hint: 'The session keeps running and renegotiates on the next change; if it persists, close and start a new session.',
  },
  'ice-candidate-failed': {
    message: 'A network candidate from the other peer could not be added.',
    hint: 'Usually harmless (a stale candidate); if the call does not connect, check the TURN/STUN configuration.',
  },
  'track-replace-failed': {
    message: 'A local track could not be sent to the other peer.',
    hint: 'Pass a live track; the session keeps sending what it sent before.',
  },
  'data-channel-not-open': {
    message: 'The data channel is not open.',
    hint: 'Enable the dataChannel option and wait until dataChannelState is "open" before sending.',
  },
  'invalid-peer-message': {
    message: 'A control message from the other peer was rejected.',
    hint: 'The other peer sent an rtckit message this version does not understand; check that both ends run compatible versions of rtckit.',
  },
  'codec-unsupported': {
    message: 'The codecs option names a codec this browser can neither send nor receive.',
    hint: 'Name only codecs that listCodecs() returns in this browser (filter a list meant for every browser with it), or leave the kind out to keep the browser order.',
  },
} as const satisfies Record<PeerErrorCode, ErrorText>;

/**
 * The {@link RtcKitError} class of peer sessions, signaling and data channels, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new PeerKitError('data-channel-not-open');
 * ```
 */
export const PeerKitError = /* @__PURE__ */ domainError(PEER_ERROR_TEXT, CONNECTION_ERROR_TEXT);
