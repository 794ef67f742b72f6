import type { DeviceKind, DeviceManagerSnapshot } from './DeviceManager';

/** What a device picker shows, on its `data-state`. */
export type DevicePickerState = 'loading' | 'ready' | 'empty' | 'no-permission' | 'blocked' | 'unsupported';

/** Everything a device picker for one kind needs to render, derived from a manager snapshot. */
export interface DeviceOptions {
  readonly kind: DeviceKind;
  readonly devices: readonly MediaDeviceInfo[];
  /** The option to show as chosen: the selection, else the browser's `default` entry, else the first. */
  readonly value: string;
  readonly state: DevicePickerState;
  /** Whether choosing is impossible now (see `reason`). */
  readonly disabled: boolean;
  /** Why the picker is disabled, or that the chosen device is missing; `null` when all is well. */
  readonly reason: string | null;
}

const NOUN: Record<DeviceKind, string> = { videoinput: 'camera', audioinput: 'microphone', audiooutput: 'speaker' };

/**
 * Derives a picker's options, state and explanation for one kind of device. Speakers follow the
 * microphone permission, as browsers list them only once the microphone is allowed.
 *
 * @example
 * ```ts
 * const { devices, value, disabled, reason } = deviceOptions(manager.getSnapshot(), 'audioinput');
 * ```
 */
export function deviceOptions(snapshot: DeviceManagerSnapshot, kind: DeviceKind): DeviceOptions {
  const devices =
    kind === 'videoinput' ? snapshot.cameras : kind === 'audioinput' ? snapshot.microphones : snapshot.speakers;
  const permission = kind === 'videoinput' ? snapshot.permission.camera : snapshot.permission.microphone;
  const noun = NOUN[kind];
  const state = stateOf(snapshot, kind, devices, permission);
  const value =
    snapshot.selected[kind] ??
    devices.find((device) => device.deviceId === 'default')?.deviceId ??
    devices[0]?.deviceId ??
    '';
  const reason = reasonFor(state, noun, snapshot.fallback[kind]);
  return { kind, devices, value, state, disabled: state !== 'ready', reason };
}

function stateOf(
  snapshot: DeviceManagerSnapshot,
  kind: DeviceKind,
  devices: readonly MediaDeviceInfo[],
  permission: DeviceManagerSnapshot['permission']['camera'],
): DevicePickerState {
  if (kind === 'audiooutput' && !snapshot.outputSupported) return 'unsupported';
  if (permission === 'denied') return 'blocked';
  if (snapshot.status === 'idle' || snapshot.status === 'loading') return 'loading';
  if (devices.length === 0) return 'empty';
  // Before access is granted, browsers list devices without ids or labels: nothing to choose yet.
  if (devices.every((device) => device.deviceId === '')) return 'no-permission';
  return 'ready';
}

function reasonFor(state: DevicePickerState, noun: string, fallback: boolean): string | null {
  switch (state) {
    case 'unsupported':
      return 'This browser cannot choose the speaker; sound plays on the system default.';
    case 'blocked':
      return `${capitalise(noun)} access is blocked. Allow it in the browser's site settings, then reload.`;
    case 'empty':
      return `No ${noun} found.`;
    case 'no-permission':
      return `Allow ${noun === 'speaker' ? 'microphone' : noun} access to choose a ${noun}.`;
    case 'loading':
      return null;
    case 'ready':
      return fallback ? `Your chosen ${noun} is not connected; using the default until it is back.` : null;
    default:
      return state satisfies never;
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
