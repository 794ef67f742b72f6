// How the check of one server URL is judged from what the browser reported: which STUN error codes
// mean what, and the typed error each failure becomes.
import type { RtcKitError } from '../errors';
import { IceKitError } from './iceErrors';
import type { IceCandidateErrorInfo, IceProbeFailure } from './iceProbeResult';

/** STUN errors by which a TURN server refuses the credentials: 401 Unauthorized, 431 Integrity, 441 Wrong Credentials. */
const AUTH_ERRORS = new Set([401, 431, 441]);
/** The browser's own code for "no answer / cannot connect". */
const NO_ANSWER = 701;

const ERROR_CODE = {
  invalid: 'invalid-ice-server',
  'credentials-expired': 'turn-credentials-expired',
  'auth-failed': 'turn-auth-failed',
  refused: 'turn-allocation-refused',
  unreachable: 'ice-server-unreachable',
  'relay-failed': 'turn-relay-failed',
} as const satisfies Record<IceProbeFailure, RtcKitError['code']>;

/**
 * Whether an error code says the server refused the credentials — final, since every network
 * sends the same ones (no answer on one network may not be). Internal to rtckit.
 *
 * @example
 * ```ts
 * isCredentialRefusal(401); // true
 * isCredentialRefusal(701); // false
 * ```
 */
export function isCredentialRefusal(errorCode: number): boolean {
  return AUTH_ERRORS.has(errorCode);
}

/**
 * Why gathering ended (or timed out) without a candidate from the server, from the errors the
 * browser reported: refused credentials, another refusal, or no answer at all. Internal to rtckit.
 *
 * @example
 * ```ts
 * gatheringFailure([{ errorCode: 701, errorText: '', address: null, port: null }]); // 'unreachable'
 * ```
 */
export function gatheringFailure(
  errors: readonly IceCandidateErrorInfo[],
): Extract<IceProbeFailure, 'auth-failed' | 'refused' | 'unreachable'> {
  const codes = errors.map((error) => error.errorCode);
  if (codes.some(isCredentialRefusal)) return 'auth-failed';
  if (codes.some((code) => code !== NO_ANSWER)) return 'refused';
  return 'unreachable';
}

/**
 * The typed error of a failed check of `url`, its detail naming what happened and what the browser
 * said. Internal to rtckit.
 *
 * @example
 * ```ts
 * probeFailureError('turn:turn.example.org', 'unreachable', { timedOut: true, errors: [] }).code;
 * // 'ice-server-unreachable'
 * ```
 */
export function probeFailureError(
  url: string | null,
  failure: IceProbeFailure,
  { timedOut, errors, cause }: { timedOut: boolean; errors: readonly IceCandidateErrorInfo[]; cause?: unknown },
): RtcKitError {
  const detail = [
    `${url}:`,
    timedOut
      ? failure === 'relay-failed'
        ? 'the two peers had not connected through the relay by the timeout.'
        : 'no answer before the timeout.'
      : '',
    errors.length ? `The browser said: ${errors.map((e) => `${e.errorCode} ${e.errorText}`.trim()).join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return new IceKitError(ERROR_CODE[failure], { cause, detail });
}
