import { domainError, type ErrorText, type MediaErrorCode } from '../errors';

// Screen share's two codes have a table of their own: only ScreenShare raises them, so capture
// carries no text of theirs.
const MEDIA_ERROR_TEXT = {
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
  'output-unsupported': {
    message: 'This browser cannot choose the speaker.',
    hint: 'Sound plays on the system default output; change it in the operating system settings.',
  },
} as const satisfies Record<Exclude<MediaErrorCode, ScreenShareErrorCode>, ErrorText>;

type ScreenShareErrorCode = 'share-cancelled' | 'user-gesture-required';

const SCREEN_SHARE_ERROR_TEXT = {
  'share-cancelled': {
    message: 'Screen sharing was cancelled or not allowed.',
    hint: 'Choose a screen, window or tab in the picker; if no picker appeared, allow screen recording for the browser in the system settings.',
  },
  'user-gesture-required': {
    message: 'This can only start from a click or key press.',
    hint: 'Call it from a button click handler.',
  },
} as const satisfies Record<ScreenShareErrorCode, ErrorText>;

/**
 * The {@link RtcKitError} class of capture, devices and speaker output, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new MediaKitError('device-lost', { detail: 'The camera was unplugged.' });
 * ```
 */
export const MediaKitError = /* @__PURE__ */ domainError(MEDIA_ERROR_TEXT);

/**
 * The {@link RtcKitError} class of screen share: every media code, `'share-cancelled'` and
 * `'user-gesture-required'` included. Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new ScreenShareKitError('share-cancelled', { cause });
 * ```
 */
export const ScreenShareKitError = /* @__PURE__ */ domainError(MEDIA_ERROR_TEXT, SCREEN_SHARE_ERROR_TEXT);
