import {
  type AbrErrorCode,
  type CommonErrorCode,
  type ErrorText,
  RtcKitError,
  type RtcKitErrorCode,
  type RtcKitErrorOptions,
} from '../errors';

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
 * An {@link RtcKitError} of adaptive bitrate, carrying its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new AbrKitError('invalid-ladder', { detail: 'Rung ids must be unique.' });
 * ```
 */
export class AbrKitError extends RtcKitError {
  constructor(code: AbrErrorCode | CommonErrorCode, options?: RtcKitErrorOptions) {
    super(code, options);
  }

  protected static override textOf(code: RtcKitErrorCode): ErrorText {
    if (code in ABR_ERROR_TEXT) return ABR_ERROR_TEXT[code as AbrErrorCode];
    return super.textOf(code);
  }
}
