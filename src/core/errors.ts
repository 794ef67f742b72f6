/**
 * Every failure rtckit reports, as a closed union. Each code has a message a person can read and a
 * hint that says what to do about it.
 */
export type RtcKitErrorCode =
  | 'permission-denied'
  | 'device-not-found'
  | 'device-in-use'
  | 'constraints-unsatisfiable'
  | 'invalid-constraints'
  | 'insecure-context'
  | 'unsupported'
  | 'aborted'
  | 'device-lost'
  // Devices, output and screen share
  | 'share-cancelled'
  | 'user-gesture-required'
  | 'output-unsupported'
  // Stats and connection quality
  | 'stats-failed'
  | 'invalid-option'
  // Peer connections and signaling (src/core/peer, src/core/ice)
  | 'webrtc-unsupported'
  | 'invalid-rtc-config'
  | 'invalid-ice-server'
  | 'invalid-signaling-message'
  | 'signaling-failed'
  | 'signaling-unauthorized'
  | 'negotiation-failed'
  | 'ice-candidate-failed'
  | 'track-replace-failed'
  | 'data-channel-not-open'
  // ICE servers, TURN credentials and the ICE probe (src/core/ice)
  | 'turn-credentials-expired'
  | 'turn-auth-failed'
  | 'turn-allocation-refused'
  | 'ice-server-unreachable'
  | 'turn-relay-failed'
  | 'ice-probe-cancelled'
  // Adaptive bitrate and receiver hints (src/core/abr, peer control messages)
  | 'invalid-ladder'
  | 'set-parameters-failed'
  | 'invalid-peer-message'
  // Auto-reconnect (src/core/reconnect)
  | 'reconnect-failed'
  // Call reports (src/core/report)
  | 'invalid-report-option'
  | 'report-delivery-failed'
  | 'support-dump-unavailable'
  | 'unknown';

interface ErrorText {
  readonly message: string;
  readonly hint: string;
}

const ERROR_TEXT = {
  'permission-denied': {
    message: 'Access to the camera or microphone was denied.',
    hint: "Allow camera and microphone access in the browser's site settings (the icon in the address bar), then try again.",
  },
  'device-not-found': {
    message: 'No camera or microphone was found.',
    hint: 'Connect a camera or microphone, or check that the operating system can see it, then try again.',
  },
  'device-in-use': {
    message: 'The camera or microphone could not be started; another application may be using it.',
    hint: 'Close other applications or tabs that use the camera or microphone, then try again.',
  },
  'constraints-unsatisfiable': {
    message: 'No camera or microphone can satisfy the requested constraints.',
    hint: 'Relax the constraints (use ideal instead of exact values) or choose another device.',
  },
  'invalid-constraints': {
    message: 'The media constraints are invalid.',
    hint: 'Request at least one of audio or video, and pass constraints as described by MediaTrackConstraints.',
  },
  'insecure-context': {
    message: 'Camera and microphone access is blocked on this page.',
    hint: "Serve the page over HTTPS (or from localhost), and if it runs in an iframe, allow camera and microphone with the iframe's allow attribute.",
  },
  unsupported: {
    message: 'This browser does not support capturing camera or microphone.',
    hint: 'Use a current version of Chrome, Edge, Firefox or Safari.',
  },
  aborted: {
    message: 'Starting the camera or microphone was interrupted.',
    hint: 'Try again; if it keeps happening, restart the browser.',
  },
  'device-lost': {
    message: 'The camera or microphone stopped: it was unplugged or taken over by the system.',
    hint: 'Reconnect the device, then restart capture.',
  },
  'share-cancelled': {
    message: 'Screen sharing was cancelled or not allowed.',
    hint: 'Choose a screen, window or tab in the picker; if no picker appeared, allow screen recording for the browser in the system settings.',
  },
  'user-gesture-required': {
    message: 'This can only start from a click or key press.',
    hint: 'Call it from a button click handler.',
  },
  'output-unsupported': {
    message: 'This browser cannot choose the speaker.',
    hint: 'Sound plays on the system default output; change it in the operating system settings.',
  },
  // Stats and connection quality
  'stats-failed': {
    message: 'Reading the connection statistics (getStats) failed.',
    hint: 'Polling goes on at the next interval; if it keeps failing, check that the RTCPeerConnection is still open.',
  },
  'invalid-option': {
    message: 'An option has a value rtckit cannot use.',
    hint: 'Check the option named in this message against its documentation.',
  },
  // Peer connections and signaling
  'webrtc-unsupported': {
    message: 'This browser does not support WebRTC peer connections.',
    hint: 'Use a current version of Chrome, Edge, Firefox or Safari; in Node, inject an RTCPeerConnection implementation.',
  },
  'invalid-rtc-config': {
    message: 'The RTCPeerConnection configuration is invalid.',
    hint: 'Check the configuration against RTCConfiguration; the cause property holds what the browser said.',
  },
  'invalid-ice-server': {
    message: 'An ICE server in the configuration is invalid.',
    hint: 'Use stun:, stuns:, turn: or turns: URLs of the form scheme:host[:port], add ?transport=udp|tcp only to TURN URLs, and give TURN servers a username and credential.',
  },
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
  // ICE servers, TURN credentials and the ICE probe
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
  // Adaptive bitrate and receiver hints
  'invalid-ladder': {
    message: 'The adaptive bitrate ladder is invalid.',
    hint: 'Give rungs unique ids, order them from best to worst (height, maxFramerate and maxBitrate never growing), and put an audio-only rung (height 0) only last.',
  },
  'set-parameters-failed': {
    message: 'The browser refused new send parameters (RTCRtpSender.setParameters).',
    hint: 'The sender keeps its previous settings and the controller tries again on its next decision; the cause property holds what the browser said.',
  },
  'invalid-peer-message': {
    message: 'A control message from the other peer was rejected.',
    hint: 'The other peer sent an rtckit message this version does not understand; check that both ends run compatible versions of rtckit.',
  },
  // Auto-reconnect
  'reconnect-failed': {
    message: 'The call could not be reconnected.',
    hint: 'Check the network connection, then try again (retryNow); if it keeps failing, the other side may have left or a firewall may block the call (a TURN server helps).',
  },
  // Call reports
  'invalid-report-option': {
    message: 'A call report option has a value rtckit cannot use.',
    hint: 'Check the option named in this message against the CallReporter / sink documentation.',
  },
  'report-delivery-failed': {
    message: 'Call reports could not be delivered and were dropped.',
    hint: 'Check that the report URL is reachable and accepts POST; the sink retries with backoff before it gives up on a batch.',
  },
  'support-dump-unavailable': {
    message: 'The support dump cannot be downloaded here.',
    hint: 'Call downloadSupportDump in a browser page, from a user action such as a click; elsewhere use the JSON Lines text itself.',
  },
  unknown: {
    message: 'An unexpected error occurred.',
    hint: 'Try again; the cause property holds the original error.',
  },
} as const satisfies Record<RtcKitErrorCode, ErrorText>;

/** Options for {@link RtcKitError}. */
export interface RtcKitErrorOptions {
  /** The original error or value that caused this one. */
  readonly cause?: unknown;
  /** A sentence appended to the code's message with the specifics (a constraint name, a device). */
  readonly detail?: string;
}

/**
 * The one error type rtckit throws or reports. `code` is a closed union, so a `switch` over it can
 * be exhaustive; `message` reads well on its own and `hint` says how to recover.
 *
 * @example
 * ```ts
 * try {
 *   await getLocalMedia({ video: true });
 * } catch (error) {
 *   if (error instanceof RtcKitError && error.code === 'permission-denied') showHowToUnblock(error.hint);
 * }
 * ```
 */
export class RtcKitError extends Error {
  override readonly name = 'RtcKitError';
  readonly code: RtcKitErrorCode;
  readonly hint: string;
  override readonly cause: unknown;

  constructor(code: RtcKitErrorCode, options: RtcKitErrorOptions = {}) {
    const text: ErrorText = ERROR_TEXT[code];
    super(options.detail ? `${text.message} ${options.detail}` : text.message);
    this.code = code;
    this.hint = text.hint;
    this.cause = options.cause;
  }
}

/**
 * Whether `value` is an {@link RtcKitError}, optionally with a given code.
 *
 * @example
 * ```ts
 * if (isRtcKitError(media.error, 'device-in-use')) closeOtherTabsPrompt();
 * ```
 */
export function isRtcKitError(value: unknown, code?: RtcKitErrorCode): value is RtcKitError {
  return value instanceof RtcKitError && (code === undefined || value.code === code);
}

/**
 * The text of a thrown value, for an error's `detail`: its `message` when it has one (an `Error`, a
 * `DOMException`, or an error-like object from another realm), else the value as a string.
 */
export function messageOf(cause: unknown): string {
  const message = (cause as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(cause);
}
