import { lazily, SharedRegistry } from '../sharedRegistry';
import { DeviceManager, type DeviceSource } from './DeviceManager';

/** Device managers by device source: what {@link sharedDeviceManager} reads from and fills. */
export type DeviceManagerRegistry = SharedRegistry<object, DeviceManager>;

/** The key of the browser's own devices (`navigator.mediaDevices`, read only once subscribed). */
const NAVIGATOR_DEVICES = /* @__PURE__ */ Object.freeze({});

/** The page's registry, made on first use. */
const pageManagers = /* @__PURE__ */ lazily((): DeviceManagerRegistry => new SharedRegistry());

/**
 * The page-wide {@link DeviceManager} for a device source (by default `navigator.mediaDevices`),
 * created on first use. `useDevices`, `DeviceSelector` and `useLocalMedia` share it, so a choice
 * made in one selector applies to every capture on the page. Pass a `registry` of your own
 * (`new SharedRegistry()`) to keep two apps on one page, or a test, apart from the page's.
 *
 * @example
 * ```ts
 * sharedDeviceManager().select('videoinput', camera.deviceId);
 * const isolated = sharedDeviceManager(undefined, { registry: new SharedRegistry() });
 * ```
 */
export function sharedDeviceManager(
  mediaDevices?: DeviceSource,
  options: { readonly registry?: DeviceManagerRegistry } = {},
): DeviceManager {
  const registry = options.registry ?? pageManagers();
  return registry.get(mediaDevices ?? NAVIGATOR_DEVICES, () => new DeviceManager({ mediaDevices }));
}
