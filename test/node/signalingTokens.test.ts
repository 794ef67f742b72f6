// Join tokens (JWT, jose) against createSignalingServer: the peer id is the token's sub, the room
// claim must match, exp is required and bounded, keys rotate; and what the client adapter refuses.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { WebSocket, WebSocketServer } from 'ws';
import { createWebSocketSignaling, type RtcKitError, type WebSocketConstructor } from 'rtckit/core';
import { createSignalingServer, createSignalingToken, type SignalingServer } from 'rtckit/server';
import { rawClient, until } from '../helpers/signalingClients.ts';

const OLD_KEY = 'the-previous-signing-secret-of-32+bytes';
const NEW_KEY = 'the-current-signing-secret-of-32+bytes!';
const servers: SignalingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(maxLifetimeSeconds?: number) {
  const server = await createSignalingServer({
    auth: { jwt: { keys: [{ keyId: 'new', key: NEW_KEY }, OLD_KEY], maxLifetimeSeconds } },
    origins: 'any',
  });
  servers.push(server);
  return server;
}

const closeOf = async (server: SignalingServer, token: string, query = '?room=r') =>
  (await (await rawClient(`${server.url}/${query}`, token)).closed).reason;

describe('join tokens', () => {
  it('admits a token from createSignalingToken, with its sub as the peer id (not ?peer=)', async () => {
    const server = await start();
    const token = await createSignalingToken({ key: NEW_KEY, keyId: 'new', room: 'r', peer: 'alice' });
    const alice = await rawClient(`${server.url}/?room=r&peer=bob`, token);
    await until(alice.ready);
    expect(server.members('r').map((member) => member.peer)).toEqual(['alice']);
    expect(await server.presence('r')).toEqual(['alice']);
  });

  it('lets nobody take another’s place: a second connection of the same sub replaces the first (4010)', async () => {
    const server = await start();
    const bob = await rawClient(
      `${server.url}/?room=r`,
      await createSignalingToken({ key: NEW_KEY, room: 'r', peer: 'bob' }),
    );
    await until(bob.ready);
    // Mallory knows bob's peer id but holds only her own token: she joins as mallory.
    const mallory = await rawClient(
      `${server.url}/?room=r&peer=bob`,
      await createSignalingToken({ key: NEW_KEY, room: 'r', peer: 'mallory' }),
    );
    await until(mallory.ready);
    expect(bob.socket.readyState).toBe(WebSocket.OPEN);
    expect(
      server
        .members('r')
        .map((member) => member.peer)
        .sort(),
    ).toEqual(['bob', 'mallory']);
    // Bob himself, again (a reconnect): he takes his own place.
    const bobAgain = await rawClient(
      `${server.url}/?room=r`,
      await createSignalingToken({ key: NEW_KEY, room: 'r', peer: 'bob' }),
    );
    await until(bobAgain.ready);
    expect(await bob.closed).toEqual({ code: 4010, reason: 'replaced' });
  });

  it('verifies with every listed key (rotation) and refuses others', async () => {
    const server = await start();
    const old = await createSignalingToken({ key: OLD_KEY, room: 'r', peer: 'a' });
    await until((await rawClient(`${server.url}/?room=r`, old)).ready);
    const foreign = await createSignalingToken({
      key: 'some-other-secret-that-is-32-bytes-long',
      room: 'r',
      peer: 'b',
    });
    expect(await closeOf(server, foreign)).toBe('token-invalid');
    expect(await closeOf(server, 'not.a.jwt')).toBe('token-invalid');
  });

  it('accepts asymmetric keys (EdDSA): the server holds only the public key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const server = await createSignalingServer({ auth: { jwt: { keys: [publicKey] } }, origins: 'any' });
    servers.push(server);
    const token = await createSignalingToken({ key: privateKey, algorithm: 'EdDSA', room: 'r', peer: 'carol' });
    await until((await rawClient(`${server.url}/?room=r`, token)).ready);
    expect(server.members('r').map((member) => member.peer)).toEqual(['carol']);
  });

  it('refuses tokens for another room, expired, without exp, or living longer than the maximum', async () => {
    const server = await start(600);
    const key = new TextEncoder().encode(NEW_KEY);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect(await closeOf(server, await createSignalingToken({ key: NEW_KEY, room: 'other', peer: 'a' }))).toBe(
      'token-room',
    );
    expect(await closeOf(server, await sign({ room: 'r', sub: 'a', iat: now - 120, exp: now - 60 }))).toBe(
      'token-expired',
    );
    expect(await closeOf(server, await sign({ room: 'r', sub: 'a', iat: now }))).toBe('token-invalid');
    expect(await closeOf(server, await sign({ room: 'r', iat: now, exp: now + 60 }))).toBe('token-invalid');
    expect(await closeOf(server, await sign({ room: 'r', sub: 'a', iat: now, exp: now + 3600 }))).toBe(
      'token-lifetime',
    );
    expect(await closeOf(server, await sign({ room: 'r', sub: 'a', exp: now + 3600 }))).toBe('token-lifetime');
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ room: 'r', sub: 'a', iat: now, exp: now + 60 })}.`;
    expect(await closeOf(server, unsigned)).toBe('token-invalid');
  });
});

describe('createWebSocketSignaling against a hostile server', () => {
  it('drops frames over maxMessageBytes with a typed error, and keeps the connection', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) =>
      socket.on('message', () => {
        socket.send('{"type":"server:ready"}');
        socket.send(JSON.stringify({ type: 'app', data: 'x'.repeat(70 * 1024) }));
        socket.send('{"type":"app","data":"small"}');
      }),
    );
    const { port } = wss.address() as { port: number };
    const errors: RtcKitError[] = [];
    const received: unknown[] = [];
    const signaling = createWebSocketSignaling(`ws://127.0.0.1:${port}/?room=r`, {
      token: 't',
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      onError: (error) => errors.push(error),
    });
    signaling.subscribe((message) => received.push(message));
    await until(() => expect(received).toEqual(['{"type":"app","data":"small"}']));
    expect(errors.map((error) => error.code)).toEqual(['invalid-signaling-message']);
    expect(errors[0]!.message).toContain('maxMessageBytes');
    signaling.close();
    await new Promise((resolve) => wss.close(resolve));
  });

  it('never puts the query of its URL in an error', async () => {
    const errors: RtcKitError[] = [];
    const Throwing = function () {
      throw new Error('bad URL');
    } as unknown as WebSocketConstructor;
    const signaling = createWebSocketSignaling('wss://signal.example.org/?room=secret-room&token=s3cret', {
      WebSocket: Throwing,
      onError: (error) => errors.push(error),
    });
    signaling.subscribe(() => {});
    await until(() => expect(errors).toHaveLength(1));
    expect(errors[0]!.message).not.toContain('s3cret');
    expect(errors[0]!.message).not.toContain('secret-room');
    signaling.close();
  });
});
