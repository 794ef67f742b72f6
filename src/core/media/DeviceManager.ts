import type { RtcKitError } from '../errors';
import { MediaKitError } from './mediaErrors';
import { EngineUnit } from '../engineUnit';
import { shallowEqual } from '../store';
import {
  defaultPreferenceStorage,
  loadDeviceChoices,
  saveDeviceChoices,
  type DeviceChoices,
  type PreferenceStorage,
} from './devicePreferences';

/** A kind of media device, as `MediaDeviceInfo.kind` names it. */
export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';

/** Whether the page may use the camera or microphone; `'unknown'` until the browser tells. */
export type DevicePermission = 'granted' | 'prompt' | 'denied' | 'unknown';

/** Where the device list is: not asked yet, being read, read, or unreadable. */
export type DeviceListStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The device to capture from per kind; `undefined` means the system default. */
export type DeviceSelection = Readonly<Record<DeviceKind, string | undefined>>;

/** Per kind, whether the user's chosen device is missing, so the system default is used until it returns. */
export type DeviceFallback = Readonly<Record<DeviceKind, boolean>>;

/** Camera and microphone permission. Speaker labels and selection follow the microphone's. */
export interface DevicePermissions {
  readonly camera: DevicePermission;
  readonly microphone: DevicePermission;
}

/** What {@link DeviceManager} knows. Replaced, never mutated, when something changes. */
export interface DeviceManagerSnapshot {
  readonly status: DeviceListStatus;
  readonly error: RtcKitError | null;
  readonly cameras: readonly MediaDeviceInfo[];
  readonly microphones: readonly MediaDeviceInfo[];
  readonly speakers: readonly MediaDeviceInfo[];
  /**
   * The device to use per kind: the user's choice while it is listed, else `undefined` for the
   * system default (also before permission, while browsers list devices without ids).
   */
  readonly selected: DeviceSelection;
  readonly fallback: DeviceFallback;
  readonly permission: DevicePermissions;
  /** Whether the browser can route audio to a chosen speaker (`HTMLMediaElement.setSinkId`). */
  readonly outputSupported: boolean;
}

/** The subset of `MediaDevices` the manager reads; inject a fake in tests. */
export type DeviceSource = Pick<MediaDevices, 'enumerateDevices'> &
  Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>>;

/** Options for {@link DeviceManager}. */
export interface DeviceManagerOptions {
  /** Defaults to `navigator.mediaDevices`. */
  readonly mediaDevices?: DeviceSource;
  /** Defaults to `navigator.permissions`; `null` to rely on capture results only. */
  readonly permissions?: Pick<Permissions, 'query'> | null;
  /** Where choices persist; defaults to `localStorage`, `null` for this page only. */
  readonly storage?: PreferenceStorage | null;
  /** The storage key. Default `'rtckit:devices'`. */
  readonly storageKey?: string;
  /** Overrides the `setSinkId` feature detection. */
  readonly outputSupported?: boolean;
}

const KINDS: readonly DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput'];
const NO_DEVICES: readonly MediaDeviceInfo[] = [];

const INITIAL: DeviceManagerSnapshot = {
  status: 'idle',
  error: null,
  cameras: NO_DEVICES,
  microphones: NO_DEVICES,
  speakers: NO_DEVICES,
  selected: { videoinput: undefined, audioinput: undefined, audiooutput: undefined },
  fallback: { videoinput: false, audioinput: false, audiooutput: false },
  permission: { camera: 'unknown', microphone: 'unknown' },
  outputSupported: false,
};

/**
 * The page's cameras, microphones and speakers, the user's choice of each, and permission state.
 * Listens to `devicechange` and permission changes only while subscribed. A chosen device that
 * disappears falls back to the system default (`fallback[kind]` says so) and is selected again
 * when it returns. Choices persist in `localStorage` unless told otherwise.
 *
 * `LocalMedia` (and so `useLocalMedia`) captures from `selected` when given a manager.
 *
 * @example
 * ```ts
 * const devices = new DeviceManager();
 * devices.subscribe(() => render(devices.getSnapshot().microphones));
 * devices.select('audioinput', headset.deviceId); // remembered across reloads
 * ```
 */
export class DeviceManager extends EngineUnit<DeviceManagerSnapshot> {
  readonly #options: DeviceManagerOptions;
  #choices: DeviceChoices | null = null;
  #devices: readonly MediaDeviceInfo[] = NO_DEVICES;
  #refreshes = 0;
  #stopWatching: (() => void)[] = [];

  constructor(options: DeviceManagerOptions = {}) {
    super(INITIAL, { onActive: () => this.#start(), onInactive: () => this.#stop() });
    this.#options = options;
  }

  /** Chooses a device for a kind (remembered), or `null` to go back to the system default. */
  readonly select = (kind: DeviceKind, deviceId: string | null): void => {
    const { [kind]: previous, ...others } = this.#loadChoices();
    if (deviceId === null) {
      this.#saveChoices(others);
    } else {
      const listed = this.#devices.find((device) => device.kind === kind && device.deviceId === deviceId);
      const label = listed?.label || (previous?.deviceId === deviceId ? previous.label : '');
      this.#saveChoices({ ...others, [kind]: { deviceId, label } });
    }
    this.#publish();
  };

  /** Reads the device list again. Called on `devicechange` and after a capture is granted. */
  readonly refresh = async (): Promise<void> => {
    const source = this.#source();
    if (!source) {
      this.store.update({
        status: 'error',
        error: new MediaKitError('unsupported', { detail: 'navigator.mediaDevices.enumerateDevices is missing.' }),
      });
      return;
    }
    const refresh = ++this.#refreshes;
    if (this.getSnapshot().status === 'idle') this.store.update({ status: 'loading' });
    try {
      const devices = await source.enumerateDevices();
      if (refresh !== this.#refreshes) return; // a newer refresh is under way
      this.#devices = devices;
      this.#publish({ status: 'ready', error: null });
    } catch (cause) {
      if (refresh === this.#refreshes)
        this.store.update({ status: 'error', error: new MediaKitError('unknown', { cause }) });
    }
  };

  /**
   * Tells the manager how a capture went, for browsers without the Permissions API and so labels
   * appear as soon as access is granted. `LocalMedia` calls this; call it if you capture yourself.
   */
  reportCapture(kinds: readonly ('camera' | 'microphone')[], outcome: 'granted' | 'denied'): void {
    const permission = { ...this.getSnapshot().permission };
    for (const kind of kinds) permission[kind] = outcome;
    this.#setPermission(permission);
    const labelsMissing = this.#devices.some((device) => device.label === '');
    if (outcome === 'granted' && labelsMissing && this.store.active) void this.refresh();
  }

  #source(): DeviceSource | undefined {
    const source = this.#options.mediaDevices ?? globalThis.navigator?.mediaDevices;
    return typeof source?.enumerateDevices === 'function' ? source : undefined;
  }

  #start(): void {
    const outputSupported =
      this.#options.outputSupported ??
      (typeof HTMLMediaElement !== 'undefined' && typeof HTMLMediaElement.prototype.setSinkId === 'function');
    this.store.update({ outputSupported });
    const source = this.#source();
    const onDeviceChange = () => void this.refresh();
    source?.addEventListener?.('devicechange', onDeviceChange);
    this.#stopWatching.push(() => source?.removeEventListener?.('devicechange', onDeviceChange));
    void this.#watchPermissions();
    void this.refresh();
  }

  #stop(): void {
    for (const stop of this.#stopWatching.splice(0)) stop();
    this.#refreshes++; // results arriving after this are stale
  }

  async #watchPermissions(): Promise<void> {
    const permissions =
      this.#options.permissions === undefined ? globalThis.navigator?.permissions : this.#options.permissions;
    if (typeof permissions?.query !== 'function') return;
    const watching = this.#stopWatching;
    for (const name of ['camera', 'microphone'] as const) {
      let status: PermissionStatus;
      try {
        status = await permissions.query({ name: name as PermissionName });
      } catch {
        continue; // Firefox and Safari reject names they do not know; capture results fill in.
      }
      if (watching !== this.#stopWatching || !this.store.active) return;
      const onChange = () => {
        this.#setPermission({ ...this.getSnapshot().permission, [name]: status.state });
        if (status.state === 'granted') void this.refresh();
      };
      onChange();
      status.addEventListener('change', onChange);
      watching.push(() => status.removeEventListener('change', onChange));
    }
  }

  #setPermission(permission: DevicePermissions): void {
    const current = this.getSnapshot().permission;
    if (!shallowEqual(current, permission)) this.store.update({ permission });
  }

  #loadChoices(): DeviceChoices {
    this.#choices ??= loadDeviceChoices(this.#storage(), this.#storageKey());
    return this.#choices;
  }

  #saveChoices(choices: DeviceChoices): void {
    this.#choices = choices;
    saveDeviceChoices(this.#storage(), this.#storageKey(), choices);
  }

  #storage(): PreferenceStorage | null {
    return this.#options.storage === undefined ? defaultPreferenceStorage() : this.#options.storage;
  }

  #storageKey(): string {
    return this.#options.storageKey ?? 'rtckit:devices';
  }

  /**
   * Recomputes lists, selection and fallback, keeping every unchanged part of the old snapshot, and
   * publishes them with `patch` in one update, so no listener sees a new status with an old selection.
   */
  #publish(patch: Partial<DeviceManagerSnapshot> = {}): void {
    const current = { ...this.getSnapshot(), ...patch };
    const choices = this.#loadChoices();
    const listed = (kind: DeviceKind) => this.#devices.filter((device) => device.kind === kind);
    const selected: Record<DeviceKind, string | undefined> = { ...current.selected };
    const fallback: Record<DeviceKind, boolean> = { ...current.fallback };
    for (const kind of KINDS) {
      const choice = choices[kind];
      const devices = listed(kind);
      const match =
        devices.find((device) => device.deviceId === choice?.deviceId) ??
        (choice?.label ? devices.find((device) => device.label === choice.label) : undefined);
      // Before permission, browsers list devices without ids: a choice can be neither found nor missed.
      const listKnown = current.status === 'ready' && devices.every((device) => device.deviceId !== '');
      selected[kind] = match?.deviceId;
      fallback[kind] = !!choice && !match && listKnown;
      // A device found by label under a new id (Safari rotates ids) keeps the choice current.
      if (choice && match && match.deviceId !== choice.deviceId) {
        this.#saveChoices({ ...choices, [kind]: { deviceId: match.deviceId, label: match.label } });
      }
    }
    this.store.update({
      ...patch,
      cameras: sameDevices(current.cameras, listed('videoinput')),
      microphones: sameDevices(current.microphones, listed('audioinput')),
      speakers: sameDevices(current.speakers, listed('audiooutput')),
      selected: shallowEqual(current.selected, selected) ? current.selected : selected,
      fallback: shallowEqual(current.fallback, fallback) ? current.fallback : fallback,
    });
  }
}

/** `current` when `next` lists the same devices, so an unchanged list keeps its identity. */
function sameDevices(current: readonly MediaDeviceInfo[], next: MediaDeviceInfo[]): readonly MediaDeviceInfo[] {
  const same =
    current.length === next.length &&
    current.every(
      (device, i) =>
        device.deviceId === next[i]!.deviceId && device.label === next[i]!.label && device.groupId === next[i]!.groupId,
    );
  return same ? current : next.length === 0 ? NO_DEVICES : next;
}
