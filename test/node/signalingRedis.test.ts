// Scale-out over Redis: server processes (the bundled CLI) sharing a redis-server, all on
// 127.0.0.1, started and stopped here. A room spans processes; its size limit, its presence and
// the order of its messages hold across them; a process killed with SIGKILL (no goodbye) loses its
// places within the presence TTL and its clients carry on through another process.
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWebSocketSignaling, exponentialBackoff, type WebSocketConstructor } from 'rtckit/core';
import { createRedisBroker, createSignalingToken, type SignalingBroker } from 'rtckit/server';
import { rawClient, until, type RawClient } from '../helpers/signalingClients.ts';
import { startSignalingCluster, type SignalingCluster } from '../helpers/signalingCluster.ts';

// Like coturn for the ICE tests: without redis-server these are skipped with a warning, except
// under CI, where a missing server is a failure.
const redisAvailable = spawnSync('redis-server', ['--version']).status === 0;
if (!redisAvailable) {
  const message =
    'redis-server not found: the Redis scale-out tests need it (apt-get install -y redis-server, brew install redis)';
  if (process.env.CI) throw new Error(message);
  console.warn(`rtckit: ${message}; skipped.`);
}

const KEY = 'a-signing-secret-for-the-redis-tests!!';
/** Short, so that a killed process's places expire within a test. */
const PRESENCE_TTL_MS = 1500;
const token = (room: string, peer: string) => createSignalingToken({ key: KEY, room, peer });
const clusterEnv = (maxPeers: number) => ({
  SIGNALING_JWT_KEYS: KEY,
  SIGNALING_ORIGINS: 'any',
  SIGNALING_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
  SIGNALING_MAX_PEERS: String(maxPeers),
});

/** Application frames a client received (server notices left out). */
const appFrames = (client: RawClient) => client.frames.filter((frame) => !frame.startsWith('{"type":"server:'));

/**
 * Two server processes with rooms of `maxPeers`, and the test's own view of Redis (for presence:
 * what any process of the cluster would answer), started before all tests or before each.
 */
function twoProcesses(maxPeers: number, each: 'all' | 'each') {
  const current = {} as { cluster: SignalingCluster; broker: SignalingBroker };
  (each === 'all' ? beforeAll : beforeEach)(async () => {
    current.cluster = await startSignalingCluster(2, clusterEnv(maxPeers));
    current.broker = await createRedisBroker({ url: current.cluster.redisUrl });
  }, 30_000);
  (each === 'all' ? afterAll : afterEach)(async () => {
    await current.broker?.close();
    await current.cluster?.stop();
  });
  return current;
}

describe.runIf(redisAvailable)('signaling over Redis, two processes', () => {
  const processes = twoProcesses(3, 'all');
  const clients: RawClient[] = [];
  afterEach(async () => {
    const open = clients.splice(0);
    for (const client of open) client.socket.close();
    await Promise.all(open.map((client) => client.closed));
  });

  const join = async (server: number, room: string, peer: string) => {
    const client = await rawClient(`${processes.cluster.servers[server]!.url}/?room=${room}`, await token(room, peer));
    clients.push(client);
    return client;
  };
  const joined = async (server: number, room: string, peer: string) => {
    const client = await join(server, room, peer);
    await until(client.ready);
    return client;
  };
  const presence = async (room: string) => (await processes.broker.presence(room)).sort();

  it('relays within a room that spans both processes, including what was held for a later member', async () => {
    const a = await joined(0, 'span', 'alice');
    a.socket.send('{"type":"offer","n":1}');
    const b = await join(1, 'span', 'bob');
    await until(() => expect(b.frames).toEqual(['{"type":"server:ready"}', '{"type":"offer","n":1}']));
    b.socket.send('{"type":"answer"}');
    await until(() => expect(a.frames).toContain('{"type":"answer"}'));
    expect(a.frames).not.toContain('{"type":"offer","n":1}');
  });

  it('relays in order across processes: two senders at once, members on both sides, none lost or doubled', async () => {
    const alice = await joined(0, 'order', 'alice');
    const bob = await joined(1, 'order', 'bob');
    const carol = await joined(1, 'order', 'carol');
    const count = 150; // under the default burst (200): nothing is rate-limited
    const numbers = Array.from({ length: count }, (_, i) => i);
    for (const i of numbers) {
      alice.socket.send(`{"type":"app","from":"alice","i":${i}}`);
      bob.socket.send(`{"type":"app","from":"bob","i":${i}}`);
    }
    const from = (client: RawClient, sender: string) =>
      appFrames(client)
        .map((frame) => JSON.parse(frame) as { from: string; i: number })
        .filter((message) => message.from === sender)
        .map((message) => message.i);
    await until(() => {
      expect(from(carol, 'alice')).toHaveLength(count);
      expect(from(carol, 'bob')).toHaveLength(count);
      expect(from(bob, 'alice')).toHaveLength(count);
      expect(from(alice, 'bob')).toHaveLength(count);
    });
    // Through Redis (alice → bob, carol; bob → alice) and within a process (bob → carol) alike.
    expect(from(bob, 'alice')).toEqual(numbers);
    expect(from(carol, 'alice')).toEqual(numbers);
    expect(from(carol, 'bob')).toEqual(numbers);
    expect(from(alice, 'bob')).toEqual(numbers);
    expect(from(alice, 'alice')).toEqual([]);
    expect(from(bob, 'bob')).toEqual([]);
  });

  it('gives a member joining on the other process, while its partner keeps sending, every message once and in order', async () => {
    const alice = await joined(0, 'stream', 'alice');
    const bob = await join(1, 'stream', 'bob'); // connected, its auth frame sent: the join is under way
    // Alice sends every millisecond or so while bob's join goes through, and a little after: some
    // messages are held for him, some relayed live once his process has him.
    let sent = 0;
    let sentAfterReady = 0;
    while (sent < 190 && sentAfterReady < 20) {
      alice.socket.send(`{"type":"app","i":${sent++}}`);
      if (bob.frames.includes('{"type":"server:ready"}')) sentAfterReady++;
      await new Promise((resolve) => setTimeout(resolve, 1)); // the sender's pace, not a wait for anything
    }
    expect(sentAfterReady).toBeGreaterThan(0); // bob joined mid-stream
    await until(() => expect(appFrames(bob).length).toBeGreaterThanOrEqual(sent));
    expect(appFrames(bob).map((frame) => JSON.parse(frame).i)).toEqual(Array.from({ length: sent }, (_, i) => i));
  });

  it('enforces the room size over both processes: a full room refuses 4003 wherever the members are', async () => {
    await joined(0, 'full', 'alice');
    const bob = await joined(1, 'full', 'bob');
    await joined(0, 'full', 'carol');
    for (const server of [0, 1]) {
      const dave = await join(server, 'full', 'dave');
      expect(await dave.closed).toEqual({ code: 4003, reason: 'room-full' });
    }
    expect(await presence('full')).toEqual(['alice', 'bob', 'carol']);
    // A place given up on one process can be taken on the other.
    bob.socket.close();
    await expect.poll(() => presence('full')).toEqual(['alice', 'carol']);
    await joined(0, 'full', 'dave');
    expect(await presence('full')).toEqual(['alice', 'carol', 'dave']);
  });

  it('gives the last place to exactly one of several peers joining at once on both processes', async () => {
    await joined(0, 'race', 'alice');
    await joined(1, 'race', 'bob');
    const contenders = await Promise.all(['c1', 'c2', 'c3', 'c4'].map((peer, i) => join(i % 2, 'race', peer)));
    await until(() => {
      const ready = contenders.filter((client) => client.frames.includes('{"type":"server:ready"}'));
      const closed = contenders.filter((client) => client.socket.readyState === WebSocket.CLOSED);
      expect([ready.length, closed.length]).toEqual([1, 3]);
    });
    for (const client of contenders.filter((client) => client.socket.readyState === WebSocket.CLOSED)) {
      expect((await client.closed).code).toBe(4003);
    }
    expect(await presence('race')).toHaveLength(3);
  });

  it('sees a join and a leave on one process from the other: presence, relaying, holding', async () => {
    const bob = await joined(1, 'seen', 'bob');
    expect(await presence('seen')).toEqual(['bob']);
    const alice = await joined(0, 'seen', 'alice');
    expect(await presence('seen')).toEqual(['alice', 'bob']);
    // Bob's process knows alice is there: what bob sends goes to her at once, nothing is held.
    bob.socket.send('{"type":"app","n":1}');
    await until(() => expect(appFrames(alice)).toEqual(['{"type":"app","n":1}']));

    const events: string[] = [];
    const unsubscribe = await processes.broker.subscribe('seen', (event) => events.push(`${event.kind}`));
    alice.socket.close();
    await alice.closed;
    // A leave is told at once (long before any expiry: alice's process is alive and renewing),
    // to Redis and to the room's channel, which bob's process hears as this test does.
    await expect.poll(() => presence('seen'), { timeout: PRESENCE_TTL_MS / 2 }).toEqual(['bob']);
    await until(() => expect(events).toEqual(['left']));
    unsubscribe();
    // Bob's process knows he is alone again: what he sends now is held for whoever joins next.
    bob.socket.send('{"type":"app","n":2}');
    const carol = await join(0, 'seen', 'carol');
    await until(() => expect(appFrames(carol)).toEqual(['{"type":"app","n":2}']));
  });

  it('replaces a peer that joins again on the other process (4010), so one identity holds one place', async () => {
    const first = await joined(0, 'again', 'alice');
    const bob = await joined(1, 'again', 'bob');
    const second = await joined(1, 'again', 'alice');
    expect(await first.closed).toEqual({ code: 4010, reason: 'replaced' });
    expect(await presence('again')).toEqual(['alice', 'bob']);
    bob.socket.send('{"type":"app","to":"the new alice"}');
    await until(() => expect(appFrames(second)).toEqual(['{"type":"app","to":"the new alice"}']));
    expect(appFrames(first)).toEqual([]);
  });
});

describe.runIf(redisAvailable)('signaling over Redis, a process killed mid-call (SIGKILL)', () => {
  const processes = twoProcesses(2, 'each');

  it('frees the places of its peers within the presence TTL: the others see them gone, the room takes someone new', async () => {
    const [a, b] = processes.cluster.servers as [SignalingCluster['servers'][0], SignalingCluster['servers'][0]];
    const alice = await rawClient(`${a.url}/?room=gone`, await token('gone', 'alice'));
    const bob = await rawClient(`${b.url}/?room=gone`, await token('gone', 'bob'));
    await until(() => (alice.ready(), bob.ready()));
    await a.kill();
    const killedAt = performance.now();
    expect((await alice.closed).code).toBe(1006); // no close frame: the process just vanished
    // Alice's place outlives her process for a while: the room is still full.
    const early = await rawClient(`${b.url}/?room=gone`, await token('gone', 'carol'));
    expect((await early.closed).code).toBe(4003);

    // Her last renewal was at most a third of the TTL before the kill, so she is gone within the TTL.
    await expect
      .poll(() => processes.broker.presence('gone'), { timeout: PRESENCE_TTL_MS * 2, interval: 20 })
      .toEqual(['bob']);
    const goneAfterMs = performance.now() - killedAt;
    expect(goneAfterMs).toBeLessThanOrEqual(PRESENCE_TTL_MS + 250);
    expect(goneAfterMs).toBeGreaterThanOrEqual((PRESENCE_TTL_MS * 2) / 3 - 250);
    const carol = await rawClient(`${b.url}/?room=gone`, await token('gone', 'carol'));
    await until(carol.ready);
    bob.socket.send('{"type":"app","to":"carol"}');
    await until(() => expect(appFrames(carol)).toEqual(['{"type":"app","to":"carol"}']));
    for (const client of [bob, carol]) client.socket.close();
  });

  it("lets its clients reconnect through the balancer to the other process and the call continue in the peer's own place", async () => {
    const b = processes.cluster.servers[1]!;
    const bob = await rawClient(`${b.url}/?room=call`, await token('call', 'bob'));
    await until(bob.ready);
    let tokens = 0;
    const received: unknown[] = [];
    // The balancer's first connection goes to the first process, the one killed below.
    const alice = createWebSocketSignaling(`${processes.cluster.balancerUrl}/?room=call`, {
      token: () => (tokens++, token('call', 'alice')),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      retry: exponentialBackoff({ initialMs: 50, maxMs: 200 }),
    });
    try {
      alice.subscribe((message) => received.push(message));
      await until(() => expect(alice.state.getSnapshot().status).toBe('open'));
      alice.send({ type: 'app', data: 1 });
      await until(() => expect(appFrames(bob)).toEqual(['{"type":"app","data":1}']));

      const statuses: string[] = [];
      alice.state.subscribe(() => statuses.push(alice.state.getSnapshot().status));
      await processes.cluster.servers[0]!.kill();
      await until(() => expect(statuses).toContain('reconnecting'));
      alice.send({ type: 'app', data: 2 }); // queued while down
      // Back well before her old place expires: she takes her own place, the room (of 2) does not refuse her.
      await until(() => expect(alice.state.getSnapshot().status).toBe('open'), PRESENCE_TTL_MS);
      expect(tokens).toBe(2);
      expect(await processes.broker.presence('call')).toHaveLength(2);
      await until(() => expect(appFrames(bob)).toEqual(['{"type":"app","data":1}', '{"type":"app","data":2}']));
      bob.socket.send('{"type":"app","data":3}');
      await until(() => expect(received).toContain('{"type":"app","data":3}'));
      expect(bob.socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      alice.close();
      bob.socket.close();
    }
  });
});
