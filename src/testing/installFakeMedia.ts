import { FakeMediaDevices, type FakeMediaDevicesInit } from './FakeMediaDevices';
import { FakeMediaStream } from './FakeMediaStream';
import { FakeMediaStreamTrack } from './FakeMediaStreamTrack';

/** What {@link installFakeMedia} returns. */
export interface InstalledFakeMedia {
  /** The fake now at `navigator.mediaDevices`. */
  readonly mediaDevices: FakeMediaDevices;
  /** Puts back what was there before. */
  readonly uninstall: () => void;
}

/**
 * Installs fakes where jsdom has nothing: `MediaStream`, `MediaStreamTrack` and
 * `navigator.mediaDevices`. Call `uninstall()` after the test (or from `afterEach`).
 *
 * @example
 * ```ts
 * let media: InstalledFakeMedia;
 * beforeEach(() => (media = installFakeMedia({ failWith: 'NotReadableError' })));
 * afterEach(() => media.uninstall());
 * ```
 */
export function installFakeMedia(init: FakeMediaDevicesInit = {}): InstalledFakeMedia {
  const mediaDevices = new FakeMediaDevices(init);
  const restorers = [
    replaceProperty(globalThis, 'MediaStream', FakeMediaStream),
    replaceProperty(globalThis, 'MediaStreamTrack', FakeMediaStreamTrack),
    replaceProperty(globalThis.navigator, 'mediaDevices', mediaDevices),
  ];
  return { mediaDevices, uninstall: () => restorers.reverse().forEach((restore) => restore()) };
}

function replaceProperty(target: object, key: string, value: unknown): () => void {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  return () => {
    if (previous) Object.defineProperty(target, key, previous);
    else Reflect.deleteProperty(target, key);
  };
}
