import { EngineUnit } from '../engineUnit';
import type { ReadableStore } from '../store';

/** What the browser says about its network. */
export interface NetworkStatus {
  /** `navigator.onLine`: `false` means no network at all (a `true` does not promise the internet). */
  readonly online: boolean;
  /**
   * The network type from the Network Information API (`'wifi'`, `'cellular'`, `'ethernet'`, …),
   * where the browser has it (Chromium on Android and ChromeOS); `null` elsewhere.
   */
  readonly type: string | null;
}

/** A {@link NetworkStatus} as a store; {@link browserNetworkStatus} is the real one. */
export type NetworkStatusSource = ReadableStore<NetworkStatus>;

/** The part of the Network Information API read here (absent from TypeScript's DOM types). */
interface NetworkInformationLike extends EventTarget {
  readonly type?: string;
}

const connectionOf = (): NetworkInformationLike | undefined =>
  (globalThis.navigator as (Navigator & { connection?: NetworkInformationLike }) | undefined)?.connection;

function read(): NetworkStatus {
  return {
    online: globalThis.navigator?.onLine ?? true,
    type: connectionOf()?.type ?? null,
  };
}

/** The browser's network status, listening only while subscribed. */
class BrowserNetworkStatus extends EngineUnit<NetworkStatus> {
  readonly #sync = () => this.store.set(read());

  constructor() {
    super({ online: true, type: null }, { onActive: () => this.#listen(), onInactive: () => this.#unlisten() });
  }

  #listen(): void {
    this.#sync();
    globalThis.addEventListener?.('online', this.#sync);
    globalThis.addEventListener?.('offline', this.#sync);
    connectionOf()?.addEventListener('change', this.#sync);
  }

  #unlisten(): void {
    globalThis.removeEventListener?.('online', this.#sync);
    globalThis.removeEventListener?.('offline', this.#sync);
    connectionOf()?.removeEventListener('change', this.#sync);
  }
}

/**
 * The browser's network status: `online`/`offline` events on `window` and, where present, the
 * Network Information API's `change` event. Listens only while subscribed; safe to create during
 * server rendering (it reads nothing until then and reports online).
 *
 * @example
 * ```ts
 * const network = browserNetworkStatus();
 * network.subscribe(() => console.log(network.getSnapshot())); // { online: false, type: null }
 * ```
 */
export function browserNetworkStatus(): NetworkStatusSource {
  return new BrowserNetworkStatus();
}
