// Issue 18's "Falls short" list against createSignalingServer, attacked as it was measured: raw
// frames on 127.0.0.1, several in one TCP write, a 10 000-message flood beside an honest call.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RtcKitError } from 'rtckit/core';
import { createSignalingServer, type CreateSignalingServerOptions, type SignalingServer } from 'rtckit/server';
import { maskedPingFrame, maskedTextFrame, quantile, rawClient, until, writeRaw } from '../helpers/signalingClients.ts';

const TOKEN = 'a-shared-token';
const servers: SignalingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<CreateSignalingServerOptions> = {}) {
  const server = await createSignalingServer({ auth: { token: TOKEN }, origins: 'any', ...options });
  servers.push(server);
  return server;
}

describe('createSignalingServer under attack', () => {
  it('accepts an auth frame and a message in the same TCP write, and never relays a later auth frame', async () => {
    const server = await start();
    const b = await rawClient(`${server.url}/?room=r&peer=bob`, TOKEN);
    await until(b.ready);
    const a = await rawClient(`${server.url}/?room=r&peer=alice`, null);
    writeRaw(
      a,
      Buffer.concat([
        maskedTextFrame(JSON.stringify({ type: 'auth', token: TOKEN })),
        maskedTextFrame('{"type":"offer","n":1}'),
        maskedTextFrame(JSON.stringify({ type: 'auth', token: TOKEN })),
        maskedTextFrame('{"type":"offer","n":2}'),
      ]),
    );
    await until(() => expect(b.frames).toContain('{"type":"offer","n":2}'));
    expect(b.frames).toEqual(['{"type":"server:ready"}', '{"type":"offer","n":1}', '{"type":"offer","n":2}']);
    expect(a.frames).toEqual(['{"type":"server:ready"}', '{"type":"server:refused","reason":"malformed"}']);
    expect(
      server
        .members('r')
        .map((member) => member.peer)
        .sort(),
    ).toEqual(['alice', 'bob']);
  });

  it('refuses an empty shared token when created, and empty, shorter or longer tokens from clients', async () => {
    await expect(createSignalingServer({ auth: { token: '' }, origins: 'any' })).rejects.toThrow(RtcKitError);
    await expect(createSignalingServer({ auth: { token: '' }, origins: 'any' })).rejects.toThrow('non-empty');
    const server = await start();
    for (const token of ['', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const client = await rawClient(`${server.url}/?room=r`, token);
      expect((await client.closed).code).toBe(4001);
    }
    const missing = await rawClient(`${server.url}/?room=r`, null);
    missing.socket.send('{"type":"auth"}');
    expect(await missing.closed).toEqual({ code: 4001, reason: 'token-missing' });
    expect(server.members('r')).toEqual([]);
  });

  it("keeps an honest pair's p95 latency low while another client floods 10 000 messages in one write", async () => {
    const server = await start();
    const a = await rawClient(`${server.url}/?room=honest&peer=a`, TOKEN);
    const b = await rawClient(`${server.url}/?room=honest&peer=b`, TOKEN);
    const flooder = await rawClient(`${server.url}/?room=flood&peer=f`, TOKEN);
    await until(() => (a.ready(), b.ready(), flooder.ready()));
    const latencies: number[] = [];
    let floodDone = false;
    let flooding = false;
    b.socket.on('message', (data) => {
      const { sentAt } = JSON.parse(String(data)) as { sentAt?: number };
      if (sentAt !== undefined && flooding) latencies.push(performance.now() - sentAt);
    });
    const ticker = setInterval(() => a.socket.send(JSON.stringify({ type: 'app', sentAt: performance.now() })), 2);
    const flood = Buffer.concat(
      Array.from({ length: 10_000 }, (_, i) => maskedTextFrame(`{"type":"app","flood":${i}}`)).concat(
        maskedPingFrame(),
      ),
    );
    // The ping goes last: a pong would say the server read all 10 000 messages. It stops reading
    // the flooder once `maxDroppedPerSecond` (500) were dropped, so no pong comes: a close does.
    let ponged = false;
    flooder.socket.once('pong', () => (ponged = true));
    void flooder.closed.then(() => (floodDone = true));
    const honestUntil = performance.now() + 500; // the honest pair keeps talking after the close
    flooding = true;
    writeRaw(flooder, flood);
    await until(() => expect(floodDone).toBe(true), 15_000);
    await until(() => expect(performance.now()).toBeGreaterThan(honestUntil));
    flooding = false;
    clearInterval(ticker);
    expect(await flooder.closed).toEqual({ code: 4008, reason: 'flooding' });
    expect(ponged).toBe(false);
    expect(latencies.length).toBeGreaterThan(5); // the honest call went on during the flood
    // Issue 18 measured about 300 ms before; the bench (npm run bench:signaling) holds 20 ms.
    expect(quantile(latencies, 0.95)).toBeLessThan(60);
    expect(flooder.frames.filter((frame) => frame.includes('rate-limited'))).toHaveLength(1);
    expect(server.members('honest')).toHaveLength(2);
  });

  it('drops what a client sends over its rate, and closes it 4008 only past maxDroppedPerSecond in a second', async () => {
    const server = await start({ limits: { rateBurst: 20, ratePerSecond: 1, maxDroppedPerSecond: 50 } });
    const talker = await rawClient(`${server.url}/?room=r&peer=talker`, TOKEN);
    const partner = await rawClient(`${server.url}/?room=r&peer=partner`, TOKEN);
    await until(() => (talker.ready(), partner.ready()));
    // 20 relayed (the burst), 40 dropped: over its rate, under the flood bound. Still a member.
    writeRaw(talker, Buffer.concat(Array.from({ length: 60 }, (_, i) => maskedTextFrame(`{"type":"app","n":${i}}`))));
    await until(() => expect(talker.frames.filter((frame) => frame.includes('rate-limited'))).toHaveLength(1));
    talker.socket.send('{"type":"app","n":"probe"}'); // dropped too, and read: the socket is open
    partner.socket.send('{"type":"app","n":"reply"}');
    await until(() => expect(talker.frames).toContain('{"type":"app","n":"reply"}'));
    expect(talker.socket.readyState).toBe(WebSocket.OPEN);
    // 20 more dropped in the same second would pass 50: closed, and the rest never relayed.
    writeRaw(talker, Buffer.concat(Array.from({ length: 200 }, (_, i) => maskedTextFrame(`{"type":"app","m":${i}}`))));
    expect(await talker.closed).toEqual({ code: 4008, reason: 'flooding' });
    // At most the one token refilled meanwhile (1 a second) let an "m" through.
    expect(partner.frames.filter((frame) => frame.includes('"m"')).length).toBeLessThanOrEqual(1);
    await until(() => expect(server.members('r').map((member) => member.peer)).toEqual(['partner']));
  });

  it('closes a member that does not read with 4009 instead of buffering its partner’s traffic', async () => {
    const server = await start({ limits: { maxBufferedBytes: 256 * 1024, rateBurst: 10_000, ratePerSecond: 10_000 } });
    const reader = await rawClient(`${server.url}/?room=r&peer=writer`, TOKEN);
    const stuck = await rawClient(`${server.url}/?room=r&peer=stuck`, TOKEN);
    await until(() => (reader.ready(), stuck.ready()));
    // The stuck client stops reading from its TCP socket: the server's send buffer fills.
    (stuck.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const [stuckOnServer] = server.members('r').filter((member) => member.peer === 'stuck');
    const closedOnServer = new Promise<number>((resolve) => stuckOnServer!.socket.on('close', (code) => resolve(code)));
    const chunk = JSON.stringify({ type: 'app', data: 'x'.repeat(60 * 1024) });
    let maxBuffered = 0;
    for (let i = 0; i < 400 && server.members('r').length === 2; i++) {
      reader.socket.send(chunk);
      await new Promise((resolve) => setImmediate(resolve));
      maxBuffered = Math.max(maxBuffered, stuckOnServer!.socket.bufferedAmount);
    }
    expect(server.members('r').map((member) => member.peer)).toEqual(['writer']);
    expect(maxBuffered).toBeLessThan(256 * 1024 + 2 * 61 * 1024);
    (stuck.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect([4009, 1006]).toContain(await closedOnServer);
  });

  it('holds messages within a byte budget for the whole process, refusing with held-full beyond it', async () => {
    const server = await start({ limits: { maxHeldBytes: 200 * 1024, rateBurst: 1000 } });
    const clients = await Promise.all(
      ['r1', 'r2', 'r3'].map((room) => rawClient(`${server.url}/?room=${room}`, TOKEN)),
    );
    await until(() => clients.forEach((client) => client.ready()));
    const message = JSON.stringify({ type: 'app', data: 'x'.repeat(30 * 1024) });
    for (const client of clients) for (let i = 0; i < 2; i++) client.socket.send(message);
    // 6 × 60 KiB (UTF-16 accounting) against 200 KiB: three held, the rest refused.
    await until(() =>
      expect(clients.flatMap((client) => client.frames).filter((frame) => frame.includes('held-full'))).toHaveLength(3),
    );
  });

  it('refuses a wrong path (404), a foreign origin (403), and accepts a listed one', async () => {
    const server = await start({ origins: ['https://app.example.org'], path: '/signal' });
    const refusal = (path: string, origin?: string) =>
      rawClient(`${server.url}${path}?room=r`, TOKEN, { headers: origin ? { Origin: origin } : {} }).then(
        () => 'opened',
        (error: Error) => error.message,
      );
    expect(await refusal('/', 'https://app.example.org')).toContain('404');
    expect(await refusal('/signal', 'https://evil.example.org')).toContain('403');
    expect(await refusal('/signal')).toContain('403');
    const ok = await rawClient(`${server.url}/signal?room=r`, TOKEN, {
      headers: { Origin: 'https://app.example.org' },
    });
    await until(ok.ready);
  });

  it('refuses options that can never be safe', async () => {
    await expect(createSignalingServer({ auth: { token: TOKEN }, origins: ['not an origin'] })).rejects.toThrow(
      RtcKitError,
    );
    await expect(
      createSignalingServer({ auth: { token: TOKEN }, origins: 'any', limits: { rateBurst: -1 } }),
    ).rejects.toThrow('limits.rateBurst');
    await expect(createSignalingServer({ auth: { jwt: { keys: ['short'] } }, origins: 'any' })).rejects.toThrow(
      '32 bytes',
    );
  });
});
