import { domainError, type ErrorText, type StatsErrorCode } from '../errors';

const STATS_ERROR_TEXT = {
  'stats-failed': {
    message: 'Reading the connection statistics (getStats) failed.',
    hint: 'Polling goes on at the next interval; if it keeps failing, check that the RTCPeerConnection is still open.',
  },
} as const satisfies Record<StatsErrorCode, ErrorText>;

/**
 * The {@link RtcKitError} class of stats and connection quality, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * throw new StatsKitError('stats-failed', { cause });
 * ```
 */
export const StatsKitError = /* @__PURE__ */ domainError(STATS_ERROR_TEXT);
