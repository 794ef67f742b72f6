// The Reconnector's rules, on a fake peer with a virtual clock: what it does, when, and in what
// order. The same rules are proven on real connections under real outages in test/network/.
import { describe, expect, it, vi } from 'vitest';
import {
  createStore,
  Reconnector,
  RtcKitError,
  type ReconnectingSignaling,
  type ReconnectorOptions,
  type WebSocketSignalingStatus,
} from 'rtckit/core';
import { FakeNetworkStatus } from 'rtckit/testing';
import { fakePeer } from '../../../helpers/fakePeer';
import { VirtualClock } from 'rtckit/testing';

function fakeSignaling(status: WebSocketSignalingStatus = 'open') {
  const state = createStore<{ status: WebSocketSignalingStatus; attempt: number; nextRetryAt: number | null }>({
    status,
    attempt: 0,
    nextRetryAt: null,
  });
  const reconnect = vi.fn<() => void>();
  const signaling: ReconnectingSignaling & { set: typeof state.update; reconnect: typeof reconnect } = {
    state,
    set: state.update,
    reconnect,
    send: () => {},
    subscribe: () => () => {},
    close: () => {},
  };
  return signaling;
}

function setup(options: ReconnectorOptions = {}, signaling?: ReturnType<typeof fakeSignaling>) {
  const clock = new VirtualClock();
  const network = new FakeNetworkStatus();
  const peer = fakePeer(signaling);
  const onError = vi.fn();
  const reconnector = new Reconnector(peer, { clock, network, onError, ...options });
  const unsubscribe = reconnector.subscribe(() => {});
  const snap = () => reconnector.getSnapshot();
  const connect = () => peer.set({ connectionState: 'connected', iceConnectionState: 'connected' });
  const drop = () => peer.set({ connectionState: 'disconnected', iceConnectionState: 'disconnected' });
  const fail = () => peer.set({ connectionState: 'failed', iceConnectionState: 'disconnected' });
  return { clock, network, peer, reconnector, snap, connect, drop, fail, onError, unsubscribe };
}

describe('Reconnector', () => {
  it('is idle until the connection first connects, then connected', () => {
    const { snap, connect, peer } = setup();
    expect(snap().state).toBe('idle');
    peer.set({ connectionState: 'connecting' });
    expect(snap().state).toBe('idle');
    connect();
    expect(snap()).toMatchObject({ state: 'connected', attempt: 0, reason: null, nextRetryInMs: null });
  });

  it('reports reconnecting as soon as the connection drops, and restarts ICE only after the grace period', () => {
    const { snap, connect, drop, clock, peer } = setup({ graceMs: 2000 });
    connect();
    drop();
    expect(snap()).toMatchObject({ state: 'reconnecting', reason: 'disconnected', attempt: 0, lostAt: 0 });
    clock.advance(1999);
    expect(peer.restarts).toBe(0);
    clock.advance(1);
    expect(peer.restarts).toBe(1);
    expect(snap()).toMatchObject({ state: 'reconnecting', attempt: 1, action: 'ice-restart', iceRestarts: 1 });
  });

  it('does nothing when the connection comes back within the grace period (a blip)', () => {
    const { snap, connect, drop, clock, peer } = setup();
    connect();
    drop();
    clock.advance(1500);
    connect();
    clock.advance(60_000);
    expect(peer.restarts).toBe(0);
    expect(snap()).toMatchObject({ state: 'connected', iceRestarts: 0 });
  });

  it('restarts ICE at once when the connection fails', () => {
    const { snap, connect, fail, clock, peer } = setup();
    connect();
    fail();
    expect(snap()).toMatchObject({ state: 'reconnecting', reason: 'failed' });
    clock.advance(0);
    expect(peer.restarts).toBe(1);
  });

  it('asks the other side for key frames when the same connection comes back, not for a new one', () => {
    const { snap, connect, drop, clock, peer } = setup();
    connect();
    drop();
    clock.advance(2000);
    peer.negotiateRestart();
    connect();
    expect(snap()).toMatchObject({ state: 'connected', attempt: 0, action: null });
    expect(peer.keyFrameRequests).toBe(1);

    peer.replaceByOtherSide(); // a new connection starts with a key frame anyway
    connect();
    expect(peer.keyFrameRequests).toBe(1);
  });

  it('runs one recovery at a time: a flapping connection does not stack restarts', () => {
    const { connect, drop, clock, peer } = setup();
    connect();
    drop();
    clock.advance(2000);
    expect(peer.restarts).toBe(1);
    for (let i = 0; i < 5; i++) {
      peer.set({ connectionState: 'connecting' });
      drop();
      clock.advance(1000);
    }
    expect(peer.restarts).toBe(1);
  });

  it('rebuilds the connection when an ICE restart is stuck (its offer unanswered) past the bound', () => {
    const { snap, connect, drop, clock, peer } = setup({ iceRestartTimeoutMs: 15_000 });
    connect();
    drop();
    clock.advance(2000); // restart: signalingState stays have-local-offer, nobody answers
    const first = peer.snapshot.pc;
    clock.advance(14_999);
    expect(peer.rebuilds).toBe(0);
    clock.advance(1);
    expect(snap()).toMatchObject({ reason: 'restart-timeout' });
    clock.advance(3000); // the policy's jittered delay for attempt 2 is at most 3 s
    expect(peer.rebuilds).toBe(1);
    expect(peer.snapshot.pc).not.toBe(first);
    expect(snap()).toMatchObject({ state: 'reconnecting', action: 'rebuild', rebuilds: 1, attempt: 2 });
    connect();
    expect(snap().state).toBe('connected');
  });

  it('gives a negotiated restart whose candidates are still being checked one more bound, and restarts ICE again on its failed verdict', () => {
    const { snap, connect, drop, fail, clock, peer } = setup({ iceRestartTimeoutMs: 15_000 });
    connect();
    drop();
    clock.advance(2000);
    peer.negotiateRestart(); // new ufrag, stable, ICE checking
    peer.set({ connectionState: 'disconnected', iceConnectionState: 'disconnected' });
    clock.advance(15_000);
    expect(peer.rebuilds).toBe(0);
    expect(snap().action).toBe('ice-restart');
    clock.advance(300);
    fail(); // ICE's own verdict, 15.3 s after the restart: the path is down, not the restart broken
    clock.advance(0);
    expect(peer.restarts).toBe(2);
    expect(peer.rebuilds).toBe(0);
    expect(snap()).toMatchObject({ attempt: 2, action: 'ice-restart', reason: 'failed' });
  });

  it('rebuilds when ICE is still checking after twice the bound', () => {
    const { connect, drop, clock, peer } = setup({ iceRestartTimeoutMs: 2000, graceMs: 500 });
    connect();
    drop();
    clock.advance(500);
    peer.negotiateRestart();
    clock.advance(4000);
    clock.advance(3000);
    expect(peer.rebuilds).toBe(1);
  });

  it('gives up at the bound with a reason and an error, and retryNow starts over', () => {
    const { snap, connect, drop, clock, peer, onError, reconnector } = setup({ giveUpAfterMs: 60_000 });
    connect();
    drop();
    clock.advance(59_999);
    expect(snap().state).toBe('reconnecting');
    clock.advance(1);
    expect(snap()).toMatchObject({ state: 'failed', reason: 'restart-timeout', nextRetryInMs: null, action: null });
    expect(snap().error).toBeInstanceOf(RtcKitError);
    expect(snap().error?.code).toBe('reconnect-failed');
    expect(snap().error?.message).toMatch(/No connection for 60 s/);
    expect(onError).toHaveBeenCalledWith(snap().error);
    const attempts = peer.restarts + peer.rebuilds;
    clock.advance(120_000);
    expect(peer.restarts + peer.rebuilds).toBe(attempts); // nothing more by itself

    reconnector.retryNow();
    clock.advance(0);
    expect(snap()).toMatchObject({ state: 'reconnecting', attempt: 1, error: null });
    expect(peer.restarts + peer.rebuilds).toBe(attempts + 1);
    expect(peer.restarts).toBeGreaterThan(0);
    connect();
    expect(snap().state).toBe('connected');
  });

  it('gives up when the policy returns null, and passes it attempt, elapsed time and reason', () => {
    const policy = vi.fn(({ attempt }: { attempt: number }) => (attempt < 3 ? 1000 : null));
    const { snap, connect, fail, clock, peer } = setup({ nextRetryDelayMs: policy });
    connect();
    clock.advance(5000);
    fail();
    expect(policy).toHaveBeenLastCalledWith(
      expect.objectContaining({ attempt: 1, elapsedMs: 0, reason: 'failed', random: expect.any(Number) }),
    );
    clock.advance(1000);
    expect(peer.restarts).toBe(1);
    fail(); // the restart's verdict (it stays failed, so set it again)
    peer.set({ connectionState: 'disconnected' });
    fail();
    clock.advance(1000);
    expect(policy).toHaveBeenLastCalledWith(expect.objectContaining({ attempt: 2, elapsedMs: 1000, reason: 'failed' }));
    peer.set({ connectionState: 'disconnected' });
    fail();
    expect(snap().state).toBe('failed');
  });

  it('pauses while offline (the give-up clock stops too), and retries at once with the backoff reset when back', () => {
    const { snap, connect, drop, clock, peer, network } = setup({ giveUpAfterMs: 60_000 });
    connect();
    drop();
    clock.advance(2000);
    expect(peer.restarts).toBe(1);
    clock.advance(15_000); // stuck → attempt 2 (a rebuild) scheduled with a delay
    network.goOffline();
    expect(snap()).toMatchObject({ state: 'reconnecting', reason: 'offline', online: false, nextRetryInMs: null });
    clock.advance(10 * 60_000);
    expect(peer.restarts + peer.rebuilds).toBe(1); // nothing while offline, and no give-up
    expect(snap().state).toBe('reconnecting');

    network.goOnline();
    clock.advance(0);
    expect(peer.restarts).toBe(2); // at once, and an ICE restart again: the network is new
    expect(peer.rebuilds).toBe(0);
    expect(snap()).toMatchObject({ attempt: 1, reason: 'network-changed', online: true });
    clock.advance(59_999);
    expect(snap().state).toBe('reconnecting'); // the give-up clock started over
    clock.advance(1);
    expect(snap().state).toBe('failed');
  });

  it('retries after a give-up when the network comes back', () => {
    const { snap, connect, drop, clock, peer, network } = setup({ giveUpAfterMs: 10_000 });
    connect();
    drop();
    clock.advance(10_000);
    expect(snap().state).toBe('failed');
    network.goOffline();
    network.goOnline();
    clock.advance(0);
    expect(snap()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(peer.restarts).toBe(2);
  });

  it('restarts ICE on a connected call when the network type changes, and hurries a recovery', () => {
    const { snap, connect, drop, clock, peer, network } = setup();
    network.setType('wifi');
    connect();
    network.setType('cellular');
    expect(peer.restarts).toBe(1);
    expect(snap()).toMatchObject({ state: 'connected', iceRestarts: 1 });

    drop();
    clock.advance(500);
    network.setType('wifi'); // during the grace period: no need to wait any longer
    clock.advance(0);
    expect(peer.restarts).toBe(2);
    expect(snap()).toMatchObject({ reason: 'network-changed', attempt: 1 });
  });

  it('can be told not to restart on a network type change', () => {
    const { connect, peer, network } = setup({ restartOnNetworkChange: false });
    network.setType('wifi');
    connect();
    network.setType('cellular');
    expect(peer.restarts).toBe(0);
  });

  it("pauses while the peer's WebSocket signaling is down, shows its countdown, and retries at once when it reopens", () => {
    const signaling = fakeSignaling('open');
    const { snap, connect, drop, clock, peer, network } = setup({}, signaling);
    connect();
    expect(snap().signaling).toBe('open');
    signaling.set({ status: 'reconnecting', attempt: 1, nextRetryAt: 2500 });
    expect(snap()).toMatchObject({ state: 'connected', signaling: 'reconnecting' }); // media still flows
    drop();
    clock.advance(2000);
    expect(peer.restarts).toBe(0); // nothing can be negotiated now
    expect(snap()).toMatchObject({ state: 'reconnecting', reason: 'signaling-lost', nextRetryInMs: 500 });

    network.goOffline();
    network.goOnline();
    expect(signaling.reconnect).toHaveBeenCalledTimes(1); // hurried when the network is back

    signaling.set({ status: 'open', attempt: 0, nextRetryAt: null });
    clock.advance(0);
    expect(peer.restarts).toBe(1);
    expect(snap()).toMatchObject({ reason: 'network-changed', attempt: 1, signaling: 'open' });
  });

  it('retryNow asks a down signaling to reconnect', () => {
    const signaling = fakeSignaling('open');
    const { connect, drop, clock, reconnector } = setup({ giveUpAfterMs: 5000 }, signaling);
    connect();
    drop();
    signaling.set({ status: 'reconnecting' });
    clock.advance(5000);
    reconnector.retryNow();
    expect(signaling.reconnect).toHaveBeenCalled();
  });

  it('counts down to the next attempt once a second', () => {
    const policy = () => 3500;
    const { snap, connect, fail, clock } = setup({ nextRetryDelayMs: policy });
    connect();
    fail();
    const seen: (number | null)[] = [snap().nextRetryInMs];
    for (let i = 0; i < 4; i++) {
      clock.advance(500);
      seen.push(snap().nextRetryInMs);
      clock.advance(500);
      seen.push(snap().nextRetryInMs);
    }
    expect(seen).toEqual([3500, 3000, 3000, 2000, 2000, 1000, 1000, null, null]);
  });

  it('follows a connection the other side replaced (it rebuilt) as a recovery in flight', () => {
    const { snap, connect, peer, clock } = setup();
    connect();
    peer.replaceByOtherSide();
    expect(snap()).toMatchObject({ state: 'reconnecting', reason: 'peer-restarted', action: 'rebuild' });
    clock.advance(5000);
    connect();
    expect(snap().state).toBe('connected');
    expect(peer.restarts + peer.rebuilds).toBe(0);
  });

  it('goes idle when the call ends, and stops every timer', () => {
    const { snap, connect, drop, clock, peer } = setup();
    connect();
    drop();
    peer.set({ connectionState: 'closed', closedBy: 'remote' });
    expect(snap().state).toBe('idle');
    clock.advance(120_000);
    expect(peer.restarts).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('does nothing after the last subscriber leaves (StrictMode-safe: a quick resubscribe keeps it)', async () => {
    const { reconnector, unsubscribe, connect, drop, clock, peer } = setup();
    connect();
    unsubscribe();
    const again = reconnector.subscribe(() => {});
    await Promise.resolve();
    drop();
    clock.advance(2000);
    expect(peer.restarts).toBe(1); // still working after unsubscribe → subscribe
    again();
    await Promise.resolve();
    expect(clock.pending).toBe(0);
    drop();
    clock.advance(120_000);
    expect(peer.restarts).toBe(1);
  });

  it('refuses bounds that are not milliseconds', () => {
    const peer = fakePeer();
    expect(() => new Reconnector(peer, { graceMs: -1 })).toThrow(
      expect.objectContaining({ code: 'invalid-option', message: expect.stringContaining('graceMs') }),
    );
    expect(() => new Reconnector(peer, { iceRestartTimeoutMs: Infinity })).toThrow(/iceRestartTimeoutMs/);
    expect(() => new Reconnector(peer, { giveUpAfterMs: Number.NaN })).toThrow(/giveUpAfterMs/);
    expect(() => new Reconnector(peer, { giveUpAfterMs: Infinity })).not.toThrow();
  });
});
