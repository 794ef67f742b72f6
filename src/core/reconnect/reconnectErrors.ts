import {
  type CommonErrorCode,
  type ErrorText,
  type ReconnectErrorCode,
  RtcKitError,
  type RtcKitErrorCode,
  type RtcKitErrorOptions,
} from '../errors';

const RECONNECT_ERROR_TEXT = {
  'reconnect-failed': {
    message: 'The call could not be reconnected.',
    hint: 'Check the network connection, then try again (retryNow); if it keeps failing, the other side may have left or a firewall may block the call (a TURN server helps).',
  },
} as const satisfies Record<ReconnectErrorCode, ErrorText>;

/**
 * An {@link RtcKitError} of auto-reconnect, carrying its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * const error = new ReconnectKitError('reconnect-failed', { detail: 'Gave up after 60 s.' });
 * ```
 */
export class ReconnectKitError extends RtcKitError {
  constructor(code: ReconnectErrorCode | CommonErrorCode, options?: RtcKitErrorOptions) {
    super(code, options);
  }

  protected static override textOf(code: RtcKitErrorCode): ErrorText {
    if (code in RECONNECT_ERROR_TEXT) return RECONNECT_ERROR_TEXT[code as ReconnectErrorCode];
    return super.textOf(code);
  }
}
