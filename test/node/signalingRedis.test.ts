// Scale-out over Redis: two server processes (the bundled CLI) sharing a redis-server, both on
// 127.0.0.1, started and stopped here. A room spans both. (Size limit, presence expiry and the
// killed-process reconnect are not yet tested here: see the branch report.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBroker, createSignalingToken, type SignalingBroker } from 'rtckit/server';
import { rawClient, until } from '../helpers/signalingClients.ts';
import { startSignalingCluster, type SignalingCluster } from '../helpers/signalingCluster.ts';

const KEY = 'a-signing-secret-for-the-redis-tests!!';
const token = (room: string, peer: string) => createSignalingToken({ key: KEY, room, peer });
let cluster: SignalingCluster;
let broker: SignalingBroker;

beforeAll(async () => {
  cluster = await startSignalingCluster(2, {
    SIGNALING_JWT_KEYS: KEY,
    SIGNALING_ORIGINS: 'any',
    SIGNALING_PRESENCE_TTL_MS: '1500',
  });
  // The test's own view of Redis, for presence.
  broker = await createRedisBroker({ url: cluster.redisUrl });
}, 30_000);
afterAll(async () => {
  await broker?.close();
  await cluster?.stop();
});

const join = async (server: number, room: string, peer: string) =>
  rawClient(`${cluster.servers[server]!.url}/?room=${room}`, await token(room, peer));

describe('signaling over Redis, two processes', () => {
  it('relays within a room that spans both processes, including what was held for a later member', async () => {
    const a = await join(0, 'span', 'alice');
    await until(a.ready);
    a.socket.send('{"type":"offer","n":1}');
    const b = await join(1, 'span', 'bob');
    await until(() => expect(b.frames).toEqual(['{"type":"server:ready"}', '{"type":"offer","n":1}']));
    b.socket.send('{"type":"answer"}');
    await until(() => expect(a.frames).toContain('{"type":"answer"}'));
    for (let i = 0; i < 20; i++) a.socket.send(`{"type":"app","i":${i}}`);
    await until(() => expect(b.frames.filter((frame) => frame.includes('"i"'))).toHaveLength(20));
    // In order, none lost or doubled.
    expect(b.frames.slice(2).map((frame) => JSON.parse(frame).i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a.frames).not.toContain('{"type":"offer","n":1}');
    a.socket.close();
    b.socket.close();
  });
});
