import { MediaKitError } from './mediaErrors';
import { toCaptureError } from './captureError';

/**
 * Routes a media element's sound to a speaker (`''` is the system default). Rejects with an
 * {@link RtcKitError}: `'output-unsupported'` where the browser has no `setSinkId` (Safari before
 * 18.4, Firefox without the pref), `'device-not-found'` for an unknown id, `'permission-denied'`.
 *
 * @example
 * ```ts
 * await routeAudioTo(videoElement, devices.getSnapshot().selected.audiooutput ?? '');
 * ```
 */
export async function routeAudioTo(element: HTMLMediaElement, deviceId: string): Promise<void> {
  if (typeof element.setSinkId !== 'function') throw new MediaKitError('output-unsupported');
  if (element.sinkId === deviceId) return;
  try {
    await element.setSinkId(deviceId);
  } catch (cause) {
    throw toCaptureError(cause);
  }
}
