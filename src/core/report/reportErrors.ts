import { domainError, type ErrorText, type ReportErrorCode } from '../errors';

const REPORT_ERROR_TEXT = {
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
} as const satisfies Record<ReportErrorCode, ErrorText>;

/**
 * The {@link RtcKitError} class of call reports, knowing its codes' messages and hints (only an import
 * that can raise them pays for their text). Internal to rtckit: callers see and test `RtcKitError`.
 *
 * @example
 * ```ts
 * const error = new ReportKitError('report-delivery-failed', { detail: 'HTTP 503.' });
 * ```
 */
export const ReportKitError = /* @__PURE__ */ domainError(REPORT_ERROR_TEXT);
