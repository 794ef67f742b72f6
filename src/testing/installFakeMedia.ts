import { FakeMediaDevices, type FakeMediaDevicesInit } from './FakeMediaDevices';
import { FakeMediaStream } from './FakeMediaStream';
import { FakeMediaStreamTrack } from './FakeMediaStreamTrack';
import { FakePermissions } from './FakePermissions';

/** What {@link installFakeMedia} returns. */
export interface InstalledFakeMedia {
  /** The fake now at `navigator.mediaDevices`. */
  readonly mediaDevices: FakeMediaDevices;
  /** The fake now at `navigator.permissions`, granted or denied as captures go. */
  readonly permissions: FakePermissions;
  /** Puts back what was there before. */
  readonly uninstall: () => void;
}

/**
 * Installs fakes where jsdom has nothing: `MediaStream`, `MediaStreamTrack`,
 * `navigator.mediaDevices` and `navigator.permissions`. Call `uninstall()` after the test (or from `afterEach`).
 *
 * @example
 * ```ts
 * let media: InstalledFakeMedia;
 * beforeEach(() => (media = installFakeMedia({ failWith: 'NotReadableError' })));
 * afterEach(() => media.uninstall());
 * ```
 */
export function installFakeMedia(init: FakeMediaDevicesInit = {}): InstalledFakeMedia {
  const permissions = init.permissions ?? new FakePermissions();
  const mediaDevices = new FakeMediaDevices({ ...init, permissions });
  const restorers = [
    replaceProperty(globalThis, 'MediaStream', FakeMediaStream),
    replaceProperty(globalThis, 'MediaStreamTrack', FakeMediaStreamTrack),
    replaceProperty(globalThis.navigator, 'mediaDevices', mediaDevices),
    replaceProperty(globalThis.navigator, 'permissions', permissions),
  ];
  return { mediaDevices, permissions, uninstall: () => restorers.reverse().forEach((restore) => restore()) };
}

function replaceProperty(target: object, key: string, value: unknown): () => void {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  return () => {
    if (previous) Object.defineProperty(target, key, previous);
    else Reflect.deleteProperty(target, key);
  };
}
