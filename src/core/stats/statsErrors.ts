import {
  type CommonErrorCode,
  type ErrorText,
  RtcKitError,
  type RtcKitErrorCode,
  type RtcKitErrorOptions,
  type StatsErrorCode,
} from '../errors';

const STATS_ERROR_TEXT = {
  'stats-failed': {
    message: 'Reading the connection statistics (getStats) failed.',
    hint: 'Polling goes on at the next interval; if it keeps failing, check that the RTCPeerConnection is still open.',
  },
} as const satisfies Record<StatsErrorCode, ErrorText>;

/**
 * An {@link RtcKitError} of stats and connection quality, carrying its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new StatsKitError('stats-failed', { cause });
 * ```
 */
export class StatsKitError extends RtcKitError {
  constructor(code: StatsErrorCode | CommonErrorCode, options?: RtcKitErrorOptions) {
    super(code, options);
  }

  protected static override textOf(code: RtcKitErrorCode): ErrorText {
    if (code in STATS_ERROR_TEXT) return STATS_ERROR_TEXT[code as StatsErrorCode];
    return super.textOf(code);
  }
}
