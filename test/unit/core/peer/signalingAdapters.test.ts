import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createBroadcastSignaling,
  createMemorySignalingPair,
  createWebSocketSignaling,
  exponentialBackoff,
  type Clock,
} from 'rtckit/core';
import { FakeSocket } from '../../../helpers/fakeSocket';

afterEach(() => vi.useRealTimers());

describe('createMemorySignalingPair', () => {
  it('delivers JSON text to the other end, asynchronously and in order', async () => {
    const [a, b] = createMemorySignalingPair();
    const got: unknown[] = [];
    b.subscribe((message) => got.push(message));
    for (let i = 0; i < 20; i++) a.send({ type: 'app', data: i });
    expect(got).toEqual([]);
    await vi.waitFor(() => expect(got).toHaveLength(20));
    expect(got.map((text) => JSON.parse(text as string).data)).toEqual([...Array(20).keys()]);
  });

  it('delivers nothing after close, and nothing to the sender itself', () => {
    vi.useFakeTimers();
    const [a, b] = createMemorySignalingPair();
    const toA = vi.fn();
    const toB = vi.fn();
    a.subscribe(toA);
    b.subscribe(toB);
    a.send({ type: 'bye' });
    b.close();
    a.send({ type: 'bye' });
    // Every delivery the pair scheduled has run (the same step delivers to an open end, below).
    vi.runAllTimers();
    expect(toA).not.toHaveBeenCalled();
    expect(toB).not.toHaveBeenCalled();

    const [c, d] = createMemorySignalingPair();
    const toD = vi.fn();
    d.subscribe(toD);
    c.send({ type: 'bye' });
    vi.runAllTimers();
    expect(toD).toHaveBeenCalledOnce();
  });

  it('delivers the same text twice when it is sent twice, and once per subscription', async () => {
    const [a, b] = createMemorySignalingPair();
    const got: unknown[] = [];
    const listener = (message: unknown) => got.push(message);
    const unsubscribe = b.subscribe(listener);
    b.subscribe(listener);
    a.send({ type: 'bye' });
    a.send({ type: 'bye' });
    await vi.waitFor(() => expect(got).toHaveLength(4));
    unsubscribe();
    a.send({ type: 'app', data: 'last' });
    await vi.waitFor(() => expect(got).toHaveLength(5));
    expect(got).toEqual([...Array(4).fill('{"type":"bye"}'), '{"type":"app","data":"last"}']);
  });
});

describe('createBroadcastSignaling', () => {
  it('connects two ends of the same name, not other names', async () => {
    const a = createBroadcastSignaling('room');
    const b = createBroadcastSignaling('room');
    const other = createBroadcastSignaling('elsewhere');
    const toB = vi.fn();
    const toOther = vi.fn();
    b.subscribe(toB);
    other.subscribe(toOther);
    a.send({ type: 'app', data: 'hi' });
    await vi.waitFor(() => expect(toB).toHaveBeenCalledWith('{"type":"app","data":"hi"}'));
    expect(toOther).not.toHaveBeenCalled();
    [a, b, other].forEach((s) => s.close());
  });
});

function fakeClock(): Clock & { advance(ms: number): void; now(): number } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    random: () => 0.5,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id as never;
    },
    clearTimeout: (id) => {
      timers = timers.filter((timer) => timer.id !== (id as unknown as number));
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      due.forEach((timer) => timer.fn());
    },
  };
}

describe('createWebSocketSignaling', () => {
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('connects on subscribe, authenticates, queues until ready, and adds a peer id to the URL', async () => {
    FakeSocket.instances = [];
    const signaling = createWebSocketSignaling('wss://signal.example/?room=1', { token: 'T', WebSocket: FakeSocket });
    signaling.send({ type: 'hello' });
    expect(FakeSocket.instances).toHaveLength(0); // nothing until someone listens
    const got = vi.fn();
    signaling.subscribe(got);
    await flush();
    const [socket] = FakeSocket.instances;
    expect(socket!.url).toMatch(/^wss:\/\/signal\.example\/\?room=1&peer=\w+$/);
    socket!.open();
    expect(socket!.sent).toEqual(['{"type":"auth","token":"T"}']);
    expect(signaling.state.getSnapshot()).toMatchObject({ status: 'connecting', queued: 1 });
    socket!.ready();
    expect(socket!.sent.slice(1)).toEqual(['{"type":"hello"}']);
    expect(signaling.state.getSnapshot()).toMatchObject({ status: 'open', queued: 0 });
    socket!.onmessage!({ data: '{"type":"bye"}' });
    expect(got).toHaveBeenCalledWith('{"type":"bye"}');
    signaling.close();
  });

  it('reconnects with backoff from the injected clock, fetching a fresh token each time', async () => {
    FakeSocket.instances = [];
    const clock = fakeClock();
    let fetched = 0;
    const signaling = createWebSocketSignaling('ws://127.0.0.1:1/?room=1', {
      token: () => `token-${++fetched}`,
      WebSocket: FakeSocket,
      clock,
      retry: exponentialBackoff({ initialMs: 100, factor: 2, jitter: 0 }),
    });
    signaling.subscribe(() => {});
    await flush();
    FakeSocket.instances[0]!.drop();
    expect(signaling.state.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    clock.advance(99);
    await flush();
    expect(FakeSocket.instances).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1]!.drop();
    clock.advance(199);
    await flush();
    expect(FakeSocket.instances).toHaveLength(2);
    clock.advance(1);
    await flush();
    const third = FakeSocket.instances[2]!;
    third.open();
    expect(third.sent[0]).toBe('{"type":"auth","token":"token-3"}');
    third.ready();
    expect(signaling.state.getSnapshot()).toMatchObject({ status: 'open', attempt: 0 });
    signaling.close();
  });

  it('gives up when the retry policy says so', async () => {
    FakeSocket.instances = [];
    const clock = fakeClock();
    const onError = vi.fn();
    const signaling = createWebSocketSignaling('ws://127.0.0.1:1/?room=1', {
      WebSocket: FakeSocket,
      clock,
      onError,
      retry: exponentialBackoff({ initialMs: 10, maxAttempts: 1 }),
    });
    signaling.subscribe(() => {});
    await flush();
    FakeSocket.instances[0]!.drop();
    clock.advance(100);
    await flush();
    FakeSocket.instances[1]!.drop();
    expect(signaling.state.getSnapshot().status).toBe('closed');
    expect(signaling.state.getSnapshot().error?.code).toBe('signaling-failed');
    expect(onError).toHaveBeenLastCalledWith(expect.objectContaining({ code: 'signaling-failed' }));
  });

  it('retries a refused token once with a fresh one when token is a function, then gives up', async () => {
    FakeSocket.instances = [];
    const clock = fakeClock();
    const signaling = createWebSocketSignaling('ws://127.0.0.1:1/?room=1', {
      token: () => 'expired',
      WebSocket: FakeSocket,
      clock,
      retry: exponentialBackoff({ initialMs: 10 }),
    });
    signaling.subscribe(() => {});
    await flush();
    FakeSocket.instances[0]!.drop(4001, 'token refused');
    expect(signaling.state.getSnapshot().status).toBe('reconnecting');
    clock.advance(100);
    await flush();
    FakeSocket.instances[1]!.drop(4001, 'token refused');
    expect(signaling.state.getSnapshot()).toMatchObject({
      status: 'closed',
      error: { code: 'signaling-unauthorized' },
    });
  });

  it('closes the socket after the last listener leaves (deferred, so StrictMode keeps it)', async () => {
    FakeSocket.instances = [];
    const signaling = createWebSocketSignaling('ws://127.0.0.1:1/?room=1', { WebSocket: FakeSocket });
    const unsubscribe = signaling.subscribe(() => {});
    await flush();
    unsubscribe();
    const again = signaling.subscribe(() => {});
    await flush();
    expect(FakeSocket.instances).toHaveLength(1);
    expect(FakeSocket.instances[0]!.readyState).toBe(0);
    again();
    await flush();
    expect(FakeSocket.instances[0]!.readyState).toBe(3);
    expect(signaling.state.getSnapshot().status).toBe('idle');
  });
});

describe('exponentialBackoff', () => {
  it('grows by the factor up to the cap, with jitter from the given random number', () => {
    const policy = exponentialBackoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 });
    expect([1, 2, 3, 4, 5, 6].map((attempt) => policy({ attempt, elapsedMs: 0, random: 1 }))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(policy({ attempt: 2, elapsedMs: 0, random: 0 })).toBe(100);
  });

  it('gives up after maxAttempts or maxElapsedMs', () => {
    const policy = exponentialBackoff({ maxAttempts: 3, maxElapsedMs: 5000 });
    expect(policy({ attempt: 3, elapsedMs: 0, random: 0 })).not.toBeNull();
    expect(policy({ attempt: 4, elapsedMs: 0, random: 0 })).toBeNull();
    expect(policy({ attempt: 1, elapsedMs: 5000, random: 0 })).toBeNull();
  });
});
