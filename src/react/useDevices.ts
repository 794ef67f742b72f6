import { useSyncExternalStore } from 'react';
import type { DeviceKind, DeviceManager, DeviceManagerSnapshot, DeviceSource } from '../core/media/DeviceManager';
import { sharedDeviceManager, type DeviceManagerRegistry } from '../core/media/sharedDeviceManager';
import { useEngine } from './internal/useEngine';

/** Options for {@link useDevices}. */
export interface UseDevicesOptions {
  /** The manager to read; default: the page's shared one, which `useLocalMedia` also follows. */
  readonly manager?: DeviceManager;
  /** With no `manager`: the device source whose shared manager to use. */
  readonly mediaDevices?: DeviceSource;
  /** With no `manager`: where the shared managers live; default the page's (see `sharedDeviceManager`). */
  readonly registry?: DeviceManagerRegistry;
}

/** What {@link useDevices} returns. */
export interface UseDevicesResult extends DeviceManagerSnapshot {
  /** Chooses a device (remembered across reloads), or `null` for the system default. */
  readonly select: (kind: DeviceKind, deviceId: string | null) => void;
  /** The manager, for passing on (e.g. to `useLocalMedia({ devices })`). */
  readonly manager: DeviceManager;
}

/**
 * The page's cameras, microphones and speakers, which one of each is selected, and permission.
 * Selecting a camera or microphone re-captures every `useLocalMedia` on the page from it, and in
 * a call `usePeerConnection` swaps the sent track without renegotiating.
 *
 * @example
 * ```tsx
 * function MicrophonePicker() {
 *   const { microphones, selected, select, fallback } = useDevices();
 *   return (
 *     <>
 *       <select value={selected.audioinput ?? ''} onChange={(e) => select('audioinput', e.target.value)}>
 *         {microphones.map((mic) => <option key={mic.deviceId} value={mic.deviceId}>{mic.label}</option>)}
 *       </select>
 *       {fallback.audioinput && <p>Your microphone is unplugged; using the default.</p>}
 *     </>
 *   );
 * }
 * ```
 */
export function useDevices(options: UseDevicesOptions = {}): UseDevicesResult {
  const { mediaDevices, registry } = options;
  const sharedManager = useEngine(() => sharedDeviceManager(mediaDevices, { registry }), [mediaDevices, registry]);
  const manager = options.manager ?? sharedManager;
  const snapshot = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
  return { ...snapshot, select: manager.select, manager };
}
