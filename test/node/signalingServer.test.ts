// The signaling server (createSignalingServer through the flat startSignalingServer options) with raw ws clients and with
// createWebSocketSignaling (ws's WebSocket injected), everything on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rawClient, until } from '../helpers/signalingClients.ts';
import { startSignalingServer } from '../helpers/startSignalingServer.ts';
import {
  createWebSocketSignaling,
  exponentialBackoff,
  type RtcKitError,
  type WebSocketConstructor,
  type WebSocketSignaling,
} from 'rtckit/core';

type Server = Awaited<ReturnType<typeof startSignalingServer>>;
let server: Server;
const TOKEN = 'good-token';

beforeEach(async () => {
  server = await startSignalingServer({ token: TOKEN, authTimeoutMs: 300, rateBurst: 20, ratePerSecond: 5 });
});
afterEach(() => server.close());

const client = (room: string, token: string | null = TOKEN, peer?: string) =>
  rawClient(`${server.url}/?room=${room}${peer ? `&peer=${peer}` : ''}`, token);

describe('reference signaling server', () => {
  it('listens on 127.0.0.1 only, on a free port', () => {
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('relays messages between the members of a room, and not across rooms', async () => {
    const a = await client('r1');
    const b = await client('r1');
    const c = await client('r2');
    await until(() => (a.ready(), b.ready(), c.ready()));
    a.socket.send('{"type":"app","data":1}');
    await until(() => expect(b.frames).toContain('{"type":"app","data":1}'));
    expect(c.frames).toEqual(['{"type":"server:ready"}']);
    expect(a.frames).toEqual(['{"type":"server:ready"}']);
  });

  it('refuses a bad token, a missing auth frame and a missing room', async () => {
    const bad = await client('r1', 'wrong');
    expect((await bad.closed).code).toBe(4001);
    const silent = await client('r1', null);
    expect((await silent.closed).code).toBe(4001); // after authTimeoutMs
    const noRoom = new WebSocket(`${server.url}/`);
    expect(await new Promise((resolve) => noRoom.on('close', resolve))).toBe(4008);
    expect(server.members('r1')).toEqual([]);
  });

  it('refuses oversized and malformed messages without affecting the other clients', async () => {
    const a = await client('r1');
    const b = await client('r1');
    await until(() => (a.ready(), b.ready()));
    a.socket.send(JSON.stringify({ type: 'app', data: 'x'.repeat(70 * 1024) }));
    a.socket.send('not json');
    a.socket.send('[1,2]');
    a.socket.send('{"no":"type"}');
    a.socket.send('{"type":"server:ready"}');
    a.socket.send(Buffer.from([1, 2, 3]));
    a.socket.send('{"type":"app","data":"still here"}');
    await until(() => expect(b.frames).toContain('{"type":"app","data":"still here"}'));
    expect(b.frames).toEqual(['{"type":"server:ready"}', '{"type":"app","data":"still here"}']);
    const refusals = a.frames.slice(1).map((frame) => JSON.parse(frame).reason);
    expect(refusals).toEqual(['too-large', 'malformed', 'malformed', 'malformed', 'malformed', 'malformed']);
    expect(a.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('rate-limits a flooding client without affecting the others, with one refusal per second', async () => {
    const a = await client('r1');
    const b = await client('r1');
    await until(() => (a.ready(), b.ready()));
    for (let i = 0; i < 100; i++) a.socket.send(`{"type":"app","data":${i}}`);
    a.socket.send('{"type":"app","data":"last"}');
    b.socket.send('{"type":"app","data":"from b"}');
    await until(() => expect(a.frames).toContain('{"type":"app","data":"from b"}'));
    await until(() => expect(a.frames.filter((f) => f.includes('rate-limited'))).toHaveLength(1));
    // Over 80 messages dropped, one refusal sent: a flood costs the server no more than dropping it.
    expect(b.frames.length - 1).toBeLessThanOrEqual(30); // the burst (20) and what refilled meanwhile
    expect(b.frames).not.toContain('{"type":"app","data":"last"}');
  });

  it('holds what a client sends while alone for the next one to join, unless the sender left', async () => {
    const a = await client('r1', TOKEN, 'alice');
    await until(() => a.ready());
    a.socket.send('{"type":"app","data":"first offer"}');
    const b = await client('r1', TOKEN, 'bob');
    await until(() => expect(b.frames).toEqual(['{"type":"server:ready"}', '{"type":"app","data":"first offer"}']));

    const c = await client('r2', TOKEN, 'carol');
    await until(() => c.ready());
    c.socket.send('{"type":"app","data":"stale"}');
    c.socket.close();
    await c.closed;
    const d = await client('r2', TOKEN, 'dave');
    await until(() => d.ready());
    // Held messages go out right behind server:ready, so anything sent later arrives after them.
    const e = await client('r2', TOKEN, 'erin');
    await until(() => e.ready());
    e.socket.send('{"type":"app","data":"marker"}');
    await until(() => expect(d.frames).toContain('{"type":"app","data":"marker"}'));
    expect(d.frames).toEqual(['{"type":"server:ready"}', '{"type":"app","data":"marker"}']);
  });

  it('refuses a third member of a two-peer room', async () => {
    await client('r1');
    await client('r1');
    const third = await client('r1');
    expect((await third.closed).code).toBe(4003);
  });

  describe('with createWebSocketSignaling', () => {
    const adapters: WebSocketSignaling[] = [];
    afterEach(() => adapters.splice(0).forEach((adapter) => adapter.close()));
    const adapter = (room: string, token: string | (() => string), onError?: (e: RtcKitError) => void) => {
      const signaling = createWebSocketSignaling(`${server.url}/?room=${room}`, {
        token,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        retry: exponentialBackoff({ initialMs: 50, maxMs: 200 }),
        onError,
      });
      adapters.push(signaling);
      return signaling;
    };

    it('rejoins its room after a disconnect, with a refreshed token, and sends what was queued meanwhile', async () => {
      let tokensFetched = 0;
      const a = adapter('call', () => (tokensFetched++, TOKEN));
      const toA: unknown[] = [];
      const toB: unknown[] = [];
      a.subscribe((m) => toA.push(m));
      await until(() => expect(a.state.getSnapshot().status).toBe('open'));
      const [memberA] = server.members('call');
      const b = adapter('call', TOKEN);
      b.subscribe((m) => toB.push(m));
      await until(() => expect(b.state.getSnapshot().status).toBe('open'));
      expect(tokensFetched).toBe(1);

      // The network drops A: the server side of its socket goes away.
      const statuses: string[] = [];
      a.state.subscribe(() => {
        const { status, queued } = a.state.getSnapshot();
        statuses.push(status);
        // Sent while the connection is down: it waits in the queue.
        if (status === 'reconnecting' && statuses.length === 1) {
          a.send({ type: 'app', data: 'sent while down' });
          expect(a.state.getSnapshot().queued).toBe(queued + 1);
        }
      });
      memberA!.socket.terminate();
      await until(() => expect(statuses).toContain('reconnecting'));
      await until(() => expect(a.state.getSnapshot().status).toBe('open'));
      expect(tokensFetched).toBeGreaterThanOrEqual(2);
      expect(server.members('call')).toHaveLength(2);
      await until(() => expect(toB).toContain('{"type":"app","data":"sent while down"}'));
      b.send({ type: 'app', data: 'welcome back' });
      await until(() => expect(toA).toContain('{"type":"app","data":"welcome back"}'));
    });

    it('gives up with signaling-unauthorized when a fixed token is refused', async () => {
      const errors: RtcKitError[] = [];
      const a = adapter('call', 'wrong', (error) => errors.push(error));
      a.subscribe(() => {});
      await until(() => expect(a.state.getSnapshot().status).toBe('closed'));
      expect(a.state.getSnapshot().error?.code).toBe('signaling-unauthorized');
      expect(errors.map((e) => e.code)).toEqual(['signaling-unauthorized']);
    });

    it('reports the server refusing a message', async () => {
      const errors: RtcKitError[] = [];
      const a = adapter('call', TOKEN, (error) => errors.push(error));
      a.subscribe(() => {});
      a.send({ type: 'app', data: 'x'.repeat(70 * 1024) });
      await until(() => expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('too-large')]));
      expect(a.state.getSnapshot().status).toBe('open');
    });
  });
});
