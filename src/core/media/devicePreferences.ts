import type { DeviceKind } from './DeviceManager';

/** A remembered device: the id, and the label to find it again when the browser issues a new id. */
export interface DeviceChoice {
  readonly deviceId: string;
  readonly label: string;
}

/** The user's device choices, one per kind at most. */
export type DeviceChoices = Partial<Readonly<Record<DeviceKind, DeviceChoice>>>;

/** Where device choices persist; `localStorage` by default. Any `Storage` fits. */
export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Reads choices; a missing, unreadable or malformed entry reads as no choices. */
export function loadDeviceChoices(storage: PreferenceStorage | null, key: string): DeviceChoices {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const choices: Partial<Record<DeviceKind, DeviceChoice>> = {};
    for (const kind of ['videoinput', 'audioinput', 'audiooutput'] as const) {
      const entry = (parsed as Record<string, unknown>)[kind];
      if (isChoice(entry)) choices[kind] = { deviceId: entry.deviceId, label: entry.label };
    }
    return choices;
  } catch {
    return {};
  }
}

/** Writes choices; storage that refuses (quota, private mode) is ignored, as persistence is a nicety. */
export function saveDeviceChoices(storage: PreferenceStorage | null, key: string, choices: DeviceChoices): void {
  try {
    storage?.setItem(key, JSON.stringify(choices));
  } catch {
    // The choice still applies for this page.
  }
}

/** `localStorage` where it exists and is usable, else `null`. */
export function defaultPreferenceStorage(): PreferenceStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // Accessing localStorage throws when storage is blocked.
  }
}

function isChoice(value: unknown): value is DeviceChoice {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DeviceChoice).deviceId === 'string' &&
    typeof (value as DeviceChoice).label === 'string'
  );
}
