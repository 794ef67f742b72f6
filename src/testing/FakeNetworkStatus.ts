import type { NetworkStatus, NetworkStatusSource } from '../core/reconnect/networkStatus';
import { EngineUnit } from '../core/engineUnit';

/**
 * A network status you switch by hand, for testing what a call does offline: pass it as the
 * `network` option of `Reconnector` or `useAutoReconnect` instead of the browser's.
 *
 * @example
 * ```ts
 * const network = new FakeNetworkStatus();
 * const reconnector = new Reconnector(session, { network });
 * network.goOffline(); // retries pause
 * network.goOnline(); // an attempt runs at once, with the backoff reset
 * network.setType('cellular'); // a connected call restarts ICE
 * ```
 */
export class FakeNetworkStatus extends EngineUnit<NetworkStatus> implements NetworkStatusSource {
  constructor(initial: Partial<NetworkStatus> = {}) {
    super({ online: initial.online ?? true, type: initial.type ?? null });
  }

  /** As the browser's `offline` event. */
  goOffline(): void {
    this.store.update({ online: false });
  }

  /** As the browser's `online` event. */
  goOnline(): void {
    this.store.update({ online: true });
  }

  /** As a Network Information `change` event to another network type. */
  setType(type: string | null): void {
    this.store.update({ type });
  }
}
