import type { ConnectionErrorCode, ErrorText } from '../errors';

// Shared by the peer session and the ICE probe: both create RTCPeerConnections.
/**
 * The text of the codes raised when creating or configuring an `RTCPeerConnection`.
 *
 * @example
 * ```ts
 * CONNECTION_ERROR_TEXT['webrtc-unsupported'].hint;
 * ```
 */
export const CONNECTION_ERROR_TEXT = {
  'webrtc-unsupported': {
    message: 'This browser does not support WebRTC peer connections.',
    hint: 'Use a current version of Chrome, Edge, Firefox or Safari; in Node, inject an RTCPeerConnection implementation.',
  },
  'invalid-rtc-config': {
    message: 'The RTCPeerConnection configuration is invalid.',
    hint: 'Check the configuration against RTCConfiguration; the cause property holds what the browser said.',
  },
} as const satisfies Record<ConnectionErrorCode, ErrorText>;
