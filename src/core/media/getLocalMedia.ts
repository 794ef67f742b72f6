import { MediaKitError } from './mediaErrors';
import { toCaptureError } from './captureError';

/** The subset of `MediaDevices` capture needs; inject a fake in tests. */
export type UserMediaSource = Pick<MediaDevices, 'getUserMedia'>;

/** Options for {@link getLocalMedia}. */
export interface GetLocalMediaOptions {
  /** Where to capture from; defaults to `navigator.mediaDevices`. */
  readonly mediaDevices?: UserMediaSource;
  /** Aborting stops the stream as soon as it arrives and rejects with code `'aborted'`. */
  readonly signal?: AbortSignal;
}

/**
 * Captures camera and/or microphone. Resolves with the stream, or rejects with an
 * {@link RtcKitError} whose `code` says what went wrong (`'permission-denied'`, `'device-in-use'`,
 * `'insecure-context'`, …) and whose `hint` says what the user can do about it.
 *
 * @example
 * ```ts
 * try {
 *   const stream = await getLocalMedia({ video: { width: 1280 }, audio: true });
 * } catch (error) {
 *   if (isRtcKitError(error)) alert(`${error.message} ${error.hint}`);
 * }
 * ```
 */
export async function getLocalMedia(
  constraints: MediaStreamConstraints,
  options: GetLocalMediaOptions = {},
): Promise<MediaStream> {
  if (typeof constraints !== 'object' || constraints === null || (!constraints.video && !constraints.audio)) {
    throw new MediaKitError('invalid-constraints', { detail: 'Neither audio nor video was requested.' });
  }
  const { signal } = options;
  if (signal?.aborted) throw new MediaKitError('aborted', { cause: signal.reason });

  const source = userMediaSource(options.mediaDevices);
  let stream: MediaStream;
  try {
    stream = await source.getUserMedia(constraints);
  } catch (error) {
    throw toCaptureError(error);
  }
  if (signal?.aborted) {
    for (const track of stream.getTracks()) track.stop();
    throw new MediaKitError('aborted', { cause: signal.reason });
  }
  return stream;
}

function userMediaSource(injected: UserMediaSource | undefined): UserMediaSource {
  const source = injected ?? globalThis.navigator?.mediaDevices;
  if (typeof source?.getUserMedia === 'function') return source;
  // Browsers hide navigator.mediaDevices entirely on insecure origins.
  if (globalThis.isSecureContext === false) throw new MediaKitError('insecure-context');
  throw new MediaKitError('unsupported', { detail: 'navigator.mediaDevices.getUserMedia is missing.' });
}
