import { domainError, type ErrorText, type ReconnectErrorCode } from '../errors';

const RECONNECT_ERROR_TEXT = {
  'reconnect-failed': {
    message: 'The call could not be reconnected.',
    hint: 'Check the network connection, then try again (retryNow); if it keeps failing, the other side may have left or a firewall may block the call (a TURN server helps).',
  },
} as const satisfies Record<ReconnectErrorCode, ErrorText>;

/**
 * The {@link RtcKitError} class of auto-reconnect, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * const error = new ReconnectKitError('reconnect-failed', { detail: 'Gave up after 60 s.' });
 * ```
 */
export const ReconnectKitError = /* @__PURE__ */ domainError(RECONNECT_ERROR_TEXT);
