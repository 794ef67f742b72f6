// What the WebSocket adapter gained for auto-reconnect: the retry policy hears why it is asked,
// the snapshot says when the next attempt is due, and reconnect() skips the wait.
import { describe, expect, it, vi } from 'vitest';
import { createWebSocketSignaling, type RetryPolicy } from 'rtckit/core';
import { FakeSocket } from '../../../helpers/fakeSocket';
import { VirtualClock } from 'rtckit/testing';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function adapter(retry?: RetryPolicy) {
  FakeSocket.instances = [];
  const clock = new VirtualClock({ seed: 3 });
  const signaling = createWebSocketSignaling('ws://127.0.0.1:1/?room=1', {
    WebSocket: FakeSocket,
    clock,
    ...(retry ? { retry } : {}),
  });
  signaling.subscribe(() => {});
  const latest = () => FakeSocket.instances.at(-1)!;
  const openLatest = () => {
    latest().open();
    latest().ready();
  };
  return { signaling, clock, latest, openLatest, snap: () => signaling.state.getSnapshot() };
}

describe('createWebSocketSignaling and reconnection', () => {
  it('asks its policy with reason signaling-lost and says when the next attempt is due', async () => {
    const retry = vi.fn(() => 1200);
    const { clock, latest, openLatest, snap } = adapter(retry);
    await flush();
    openLatest();
    clock.advance(500);
    latest().drop();
    expect(retry).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, elapsedMs: 0, reason: 'signaling-lost' }));
    expect(snap()).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: 1700 });
    clock.advance(1200);
    await flush();
    expect(snap().nextRetryAt).toBeNull();
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('by default jitters even the first retry (0–3 s), so clients that lost a server together spread out', async () => {
    const { latest, openLatest, snap } = adapter();
    await flush();
    openLatest();
    latest().drop();
    const due = snap().nextRetryAt!;
    expect(due).toBeGreaterThanOrEqual(0);
    expect(due).toBeLessThanOrEqual(3000);
  });

  it('reconnect() skips a pending wait with the backoff reset, and does nothing while connecting or open', async () => {
    const { clock, latest, openLatest, snap, signaling } = adapter(() => 60_000);
    await flush();
    signaling.reconnect(); // connecting: left alone
    expect(FakeSocket.instances).toHaveLength(1);
    openLatest();
    signaling.reconnect(); // open: nothing to do
    expect(FakeSocket.instances).toHaveLength(1);
    latest().drop();
    latest().drop();
    expect(snap()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    signaling.reconnect();
    await flush();
    expect(FakeSocket.instances).toHaveLength(2);
    expect(snap()).toMatchObject({ status: 'connecting', attempt: 0, nextRetryAt: null });
    openLatest();
    expect(snap().status).toBe('open');
    clock.advance(60_000);
    await flush();
    expect(FakeSocket.instances).toHaveLength(2); // the old timer is gone
  });

  it('reconnect() starts again after a give-up, but not after close()', async () => {
    const { latest, openLatest, snap, signaling } = adapter(() => null);
    await flush();
    openLatest();
    latest().drop();
    expect(snap().status).toBe('closed');
    signaling.reconnect();
    await flush();
    expect(FakeSocket.instances).toHaveLength(2);
    openLatest();
    expect(snap()).toMatchObject({ status: 'open', error: null });
    signaling.close();
    signaling.reconnect();
    await flush();
    expect(FakeSocket.instances).toHaveLength(2);
  });
});
