import { useMemo, useState, useSyncExternalStore } from 'react';
import type { DeviceManager, DeviceSource } from '../core/media/DeviceManager';
import { sharedDeviceManager } from '../core/media/sharedDeviceManager';
import { LocalMedia, type LocalMediaOptions, type LocalMediaSnapshot } from '../core/media/LocalMedia';
import { useEngine } from './internal/useEngine';

/** Options for {@link useLocalMedia}; the same as the engine's {@link LocalMediaOptions}. */
export type UseLocalMediaOptions = LocalMediaOptions;

/** What {@link useLocalMedia} returns: the capture snapshot plus its controls. */
export interface UseLocalMediaResult extends LocalMediaSnapshot {
  /** Turns the camera off (its track is stopped, so the light goes out) or on again. */
  readonly setVideoEnabled: (enabled: boolean) => void;
  /** Mutes or unmutes the microphone. */
  readonly setAudioEnabled: (enabled: boolean) => void;
  /** Stops every track and captures again, e.g. after an error. */
  readonly restart: () => void;
}

/**
 * Captures the camera and microphone while the component is mounted and stops every track when it
 * unmounts. Changing `video`/`audio` constraints re-captures that kind only; failures arrive as
 * `status: 'error'` with a typed `error`, never as a thrown exception. Captures from the devices
 * chosen with `useDevices` / `DeviceSelector` (the page's shared `DeviceManager`) unless `devices`
 * says otherwise (`null` to ignore them).
 *
 * @example
 * ```tsx
 * function Preview() {
 *   const media = useLocalMedia({ video: { width: 1280, height: 720 } });
 *   if (media.status === 'error') return <p role="alert">{media.error?.message} {media.error?.hint}</p>;
 *   return (
 *     <>
 *       <VideoTile stream={media.stream} local label="You" />
 *       <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>Camera</button>
 *     </>
 *   );
 * }
 * ```
 */
export function useLocalMedia(options: UseLocalMediaOptions = {}): UseLocalMediaResult {
  const [sharedDevices] = useState(() => pageDevices(options));
  const withDevices = options.devices === undefined ? { ...options, devices: sharedDevices } : options;
  // Every commit pushes the latest options; LocalMedia re-captures only when constraints changed.
  const media = useEngine(
    () => new LocalMedia(withDevices),
    [],
    (unit) => unit.setOptions(withDevices),
  );
  const snapshot = useSyncExternalStore(media.subscribe, media.getSnapshot, media.getSnapshot);
  return useMemo(
    () => ({
      ...snapshot,
      setVideoEnabled: media.setVideoEnabled,
      setAudioEnabled: media.setAudioEnabled,
      restart: media.restart,
    }),
    [snapshot, media],
  );
}

/** The shared manager for the capture source, when that source can list devices. */
function pageDevices({ mediaDevices }: UseLocalMediaOptions): DeviceManager | null {
  if (mediaDevices && typeof (mediaDevices as Partial<DeviceSource>).enumerateDevices !== 'function') return null;
  return sharedDeviceManager(mediaDevices as DeviceSource | undefined);
}
