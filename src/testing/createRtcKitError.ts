import { AbrKitError } from '../core/abr/abrErrors';
import { RtcKitError, type RtcKitErrorCode, type RtcKitErrorOptions } from '../core/errors';
import { IceKitError } from '../core/ice/iceErrors';
import { MediaKitError, ScreenShareKitError } from '../core/media/mediaErrors';
import { PeerKitError } from '../core/peer/peerErrors';
import { ReconnectKitError } from '../core/reconnect/reconnectErrors';
import { ReportKitError } from '../core/report/reportErrors';
import { StatsKitError } from '../core/stats/statsErrors';

// rtckit's units throw a subclass per domain that carries its codes' text (so an import pays only
// for the text it can raise); a bare `new RtcKitError(code)` knows only the common codes' text.
// Tests and stories that stand in for rtckit need the error rtckit itself would raise.
const DOMAIN_ERRORS = [
  MediaKitError,
  ScreenShareKitError,
  StatsKitError,
  PeerKitError,
  IceKitError,
  AbrKitError,
  ReconnectKitError,
  ReportKitError,
] as unknown as readonly (typeof RtcKitError)[];

/**
 * The {@link RtcKitError} rtckit raises for `code`, with that code's message and hint — for tests
 * and stories that render an error state without causing the failure.
 *
 * @example
 * ```tsx
 * import { createRtcKitError } from 'rtckit/testing';
 *
 * render(<ConnectionStatus status={{ state: 'failed', error: createRtcKitError('reconnect-failed') }} />);
 * ```
 */
export function createRtcKitError(code: RtcKitErrorCode, options: RtcKitErrorOptions = {}): RtcKitError {
  const generic = new RtcKitError(code, options);
  for (const DomainError of DOMAIN_ERRORS) {
    const error = new DomainError(code, options);
    if (error.message !== generic.message) return error;
  }
  return generic;
}
