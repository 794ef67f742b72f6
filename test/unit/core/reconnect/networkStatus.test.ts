import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserNetworkStatus } from 'rtckit/core';

afterEach(() => {
  delete (navigator as { connection?: unknown }).connection;
});

describe('browserNetworkStatus', () => {
  it('follows online/offline events and the Network Information type, only while subscribed', () => {
    let online = true;
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    const connection = Object.assign(new EventTarget(), { type: 'wifi' });
    Object.defineProperty(navigator, 'connection', { value: connection, configurable: true });

    const network = browserNetworkStatus();
    expect(network.getSnapshot()).toEqual({ online: true, type: null }); // nothing read before a subscriber
    const seen = vi.fn();
    const unsubscribe = network.subscribe(seen);
    expect(network.getSnapshot()).toEqual({ online: true, type: 'wifi' });

    online = false;
    window.dispatchEvent(new Event('offline'));
    expect(network.getSnapshot()).toEqual({ online: false, type: 'wifi' });
    online = true;
    window.dispatchEvent(new Event('online'));
    connection.type = 'cellular';
    connection.dispatchEvent(new Event('change'));
    expect(network.getSnapshot()).toEqual({ online: true, type: 'cellular' });
    expect(seen).toHaveBeenCalledTimes(4); // the first read on subscribe, offline, online, change

    unsubscribe();
    online = false;
    window.dispatchEvent(new Event('offline'));
    expect(network.getSnapshot().online).toBe(true); // no longer listening
  });
});
