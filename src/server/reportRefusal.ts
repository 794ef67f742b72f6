/**
 * Why the report ingest refused a request; the response is `{"refused": reason, "detail": …}` with
 * the status of {@link REPORT_REFUSAL_STATUS}, and the request changes no metric but
 * `rtckit_call_reports_refused_total{reason}`. A refused body is refused whole.
 * - `method-not-allowed` (405): not a POST (or an OPTIONS preflight);
 * - `origin-not-allowed` (403): an `Origin` outside `origins`;
 * - `rate-limited` (429, `Retry-After`): the client sent more than `limits.ratePerSecond` allows;
 * - `unsupported-media-type` (415): neither `application/json` nor `text/plain` (a beacon);
 * - `too-large` (413): more than `limits.maxBodyBytes`;
 * - `malformed` (400): not a JSON object;
 * - `unauthenticated` (401): no join token, or one refused (`detail` says why: `token-expired`, …);
 * - `invalid` (400): not the schema of call reports (`detail` names the first wrong field);
 * - `replayed` (409): a message the ingest already took (the same call, peer and sequence number).
 */
export type ReportRefusal =
  | 'method-not-allowed'
  | 'origin-not-allowed'
  | 'rate-limited'
  | 'unsupported-media-type'
  | 'too-large'
  | 'malformed'
  | 'unauthenticated'
  | 'invalid'
  | 'replayed';

/**
 * The HTTP status of each {@link ReportRefusal}. The client's sinks retry a 408, 429 or 5xx and
 * give up on any other 4xx: only a rate-limited batch is worth sending again.
 *
 * @example
 * ```ts
 * REPORT_REFUSAL_STATUS.replayed; // 409
 * ```
 */
export const REPORT_REFUSAL_STATUS: Readonly<Record<ReportRefusal, number>> = {
  'method-not-allowed': 405,
  'origin-not-allowed': 403,
  'rate-limited': 429,
  'unsupported-media-type': 415,
  'too-large': 413,
  malformed: 400,
  unauthenticated: 401,
  invalid: 400,
  replayed: 409,
};
