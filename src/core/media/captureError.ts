import { RtcKitError, printable } from '../errors';
import { MediaKitError } from './mediaErrors';

/** The codes a capture failure maps to (no screen-share codes: MediaKitError carries no text of theirs). */
type CaptureErrorCode = ConstructorParameters<typeof MediaKitError>[0];

// Standard DOMException names first, then the legacy names older Chrome and Firefox used.
const CODE_BY_ERROR_NAME: Readonly<Record<string, CaptureErrorCode>> = {
  NotAllowedError: 'permission-denied',
  PermissionDeniedError: 'permission-denied',
  NotFoundError: 'device-not-found',
  DevicesNotFoundError: 'device-not-found',
  NotReadableError: 'device-in-use',
  TrackStartError: 'device-in-use',
  OverconstrainedError: 'constraints-unsatisfiable',
  ConstraintNotSatisfiedError: 'constraints-unsatisfiable',
  SecurityError: 'insecure-context',
  TypeError: 'invalid-constraints',
  AbortError: 'aborted',
  NotSupportedError: 'unsupported',
};

/**
 * Turns whatever `getUserMedia` or `getDisplayMedia` rejected with into an {@link RtcKitError}.
 * An `RtcKitError` passes through unchanged; an unrecognised value becomes code `'unknown'`.
 *
 * @example
 * ```ts
 * navigator.mediaDevices.getUserMedia({ video: true }).catch((e) => {
 *   const error = toCaptureError(e); // e.g. code 'device-in-use' for NotReadableError
 * });
 * ```
 */
export function toCaptureError(error: unknown): RtcKitError {
  if (error instanceof RtcKitError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? printable(error.name) : '';
  const code = CODE_BY_ERROR_NAME[name] ?? 'unknown';
  return new MediaKitError(code, { cause: error, detail: detailFor(code, error) });
}

function detailFor(code: CaptureErrorCode, error: unknown): string | undefined {
  if (code !== 'constraints-unsatisfiable' || typeof error !== 'object' || error === null) return undefined;
  const constraint = 'constraint' in error ? error.constraint : undefined;
  return typeof constraint === 'string' && constraint ? `The constraint "${constraint}" cannot be met.` : undefined;
}
