import { domainError, type ErrorText, type AbrErrorCode } from '../errors';

const ABR_ERROR_TEXT = {
  'invalid-ladder': {
    message: 'The adaptive bitrate ladder is invalid.',
    hint: 'Give rungs unique ids, order them from best to worst (height, maxFramerate and maxBitrate never growing), and put an audio-only rung (height 0) only last.',
  },
  'set-parameters-failed': {
    message: 'The browser refused new send parameters (RTCRtpSender.setParameters).',
    hint: 'The sender keeps its previous settings and the controller tries again on its next decision; the cause property holds what the browser said.',
  },
} as const satisfies Record<AbrErrorCode, ErrorText>;

/**
 * The {@link RtcKitError} class of adaptive bitrate, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new AbrKitError('invalid-ladder', { detail: 'Rung ids must be unique.' });
 * ```
 */
export const AbrKitError = /* @__PURE__ */ domainError(ABR_ERROR_TEXT);
