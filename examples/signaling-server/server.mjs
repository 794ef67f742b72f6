#!/usr/bin/env node
// rtckit's reference signaling server: a WebSocket relay with rooms, a bearer-token check,
// message size and rate limits, listening on 127.0.0.1 by default. It is an example to copy and
// adapt, not part of the rtckit package.
//
//   node examples/signaling-server/server.mjs --port 8080 --token s3cret
//   # clients: createWebSocketSignaling('ws://127.0.0.1:8080/?room=demo', { token: 's3cret' })
//
// Protocol (what createWebSocketSignaling speaks):
//   client → server  first frame {"type":"auth","token":"…"}; then any JSON object with a string
//                    "type", relayed as is to the other members of the room (?room=… in the URL)
//   server → client  {"type":"server:ready"} once authorised; {"type":"server:refused","reason":…}
//                    for a dropped message (too-large, malformed, rate-limited); relayed messages,
//                    including those sent while the room had nobody else (held until someone joins
//                    and dropped if their sender leaves first)
//   close codes      4001 token refused or missing, 4003 room full, 4008 bad request
import { WebSocketServer } from 'ws';

export const CLOSE_CODES = /** @type {const} */ ({ unauthorized: 4001, roomFull: 4003, policy: 4008 });

/**
 * @typedef {object} SignalingServerOptions
 * @property {string} [host] Interface to listen on. Default 127.0.0.1 (loopback only).
 * @property {number} [port] Port; 0 (default) picks a free one.
 * @property {(token: string | undefined, context: { room: string }) => boolean | Promise<boolean>} [verifyToken]
 *   Decides whether a token may join a room. Default: every token is refused unless `token` is set.
 * @property {string} [token] A single shared token (what `--token` sets); ignored when verifyToken is given.
 * @property {number} [maxMessageBytes] Larger messages are refused. Default 64 KiB.
 * @property {number} [maxPeersPerRoom] Default 2 (a call).
 * @property {number} [ratePerSecond] Sustained messages per second per client. Default 50.
 * @property {number} [rateBurst] Messages a client may send at once. Default 200.
 * @property {number} [authTimeoutMs] Time to send the auth frame. Default 5000.
 * @property {number} [heartbeatMs] Ping interval; a client that misses a pong is dropped. Default 15000.
 * @property {number} [maxHeldMessages] Messages kept for the next client while one is alone in a room. Default 200.
 */

/**
 * @typedef {object} Member
 * @property {import('ws').WebSocket} socket
 * @property {string} peer
 */

/**
 * Starts the server; resolves once it listens.
 * @param {SignalingServerOptions} [options]
 */
export async function startSignalingServer(options = {}) {
  const {
    host = '127.0.0.1',
    port = 0,
    maxMessageBytes = 64 * 1024,
    maxPeersPerRoom = 2,
    ratePerSecond = 50,
    rateBurst = 200,
    authTimeoutMs = 5000,
    heartbeatMs = 15_000,
    maxHeldMessages = 200,
  } = options;
  const verifyToken =
    options.verifyToken ??
    ((/** @type {string | undefined} */ token) => options.token !== undefined && token === options.token);
  /** @type {Map<string, Set<Member>>} */
  const rooms = new Map();
  // Messages sent while a client was alone in its room, for whoever joins next (a first offer
  // would otherwise be lost). Dropped when their sender leaves.
  /** @type {Map<string, { peer: string, text: string }[]>} */
  const held = new Map();
  // Anything far above the limit is cut off by ws itself (closing with 1009) before it is buffered.
  const wss = new WebSocketServer({ host, port, maxPayload: maxMessageBytes * 4 });

  wss.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const room = url.searchParams.get('room') ?? '';
    const peer = url.searchParams.get('peer') ?? Math.random().toString(36).slice(2);
    if (!/^[\w.:-]{1,128}$/.test(room) || peer.length > 128) {
      socket.close(CLOSE_CODES.policy, 'a ?room= of 1-128 letters, digits, _ . : - is required');
      return;
    }
    /** @type {Member} */
    const me = { socket, peer };
    let joined = false;
    let alive = true;
    let tokens = rateBurst;
    let refilledAt = Date.now();
    const authTimer = setTimeout(() => socket.close(CLOSE_CODES.unauthorized, 'no auth frame'), authTimeoutMs);
    socket.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, heartbeatMs);
    heartbeat.unref?.();

    /** @param {'too-large' | 'malformed' | 'rate-limited'} reason */
    const refuse = (reason) => socket.send(JSON.stringify({ type: 'server:refused', reason }));

    socket.on('message', async (data, isBinary) => {
      const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      if (!joined) {
        if (isBinary || bytes > maxMessageBytes)
          return socket.close(CLOSE_CODES.unauthorized, 'expected an auth frame');
        const frame = parse(String(data));
        if (frame?.type !== 'auth') return socket.close(CLOSE_CODES.unauthorized, 'expected an auth frame');
        clearTimeout(authTimer);
        const token = typeof frame.token === 'string' ? frame.token : undefined;
        const allowed = await Promise.resolve()
          .then(() => verifyToken(token, { room }))
          .catch(() => false);
        if (!allowed) return socket.close(CLOSE_CODES.unauthorized, 'token refused');
        if (socket.readyState !== socket.OPEN) return;
        const members = rooms.get(room) ?? new Set();
        // A client that reconnects (same ?peer=) replaces its old, possibly half-open, socket.
        for (const member of members) {
          if (member.peer === peer) {
            members.delete(member);
            member.socket.terminate();
          }
        }
        if (members.size >= maxPeersPerRoom) return socket.close(CLOSE_CODES.roomFull, 'room full');
        members.add(me);
        rooms.set(room, members);
        joined = true;
        socket.send(JSON.stringify({ type: 'server:ready' }));
        for (const { peer: from, text } of held.get(room) ?? []) if (from !== peer) socket.send(text);
        held.delete(room);
        return;
      }
      const now = Date.now();
      tokens = Math.min(rateBurst, tokens + ((now - refilledAt) / 1000) * ratePerSecond);
      refilledAt = now;
      if (tokens < 1) return refuse('rate-limited');
      tokens -= 1;
      if (bytes > maxMessageBytes) return refuse('too-large');
      if (isBinary) return refuse('malformed');
      const text = String(data);
      const message = parse(text);
      if (!message || typeof message.type !== 'string' || message.type.startsWith('server:'))
        return refuse('malformed');
      const others = [...(rooms.get(room) ?? [])].filter(
        (member) => member !== me && member.socket.readyState === member.socket.OPEN,
      );
      for (const member of others) member.socket.send(text);
      if (others.length === 0) {
        const waiting = held.get(room) ?? [];
        if (waiting.length < maxHeldMessages) waiting.push({ peer, text });
        held.set(room, waiting);
      }
    });

    socket.on('close', () => {
      clearTimeout(authTimer);
      clearInterval(heartbeat);
      const members = rooms.get(room);
      if (!members?.delete(me)) return;
      if (members.size === 0) rooms.delete(room);
      const waiting = held.get(room)?.filter((message) => message.peer !== peer);
      if (waiting?.length) held.set(room, waiting);
      else held.delete(room);
    });
    socket.on('error', () => socket.terminate());
  });

  await new Promise((resolve, reject) => {
    wss.once('listening', () => resolve(undefined));
    wss.once('error', reject);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (wss.address());
  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    /** Members of a room, for tests and monitoring. @param {string} room */
    members: (room) => [...(rooms.get(room) ?? [])],
    /** Stops listening and closes every connection. */
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve(undefined));
      }),
  };
}

/** @param {string} text @returns {Record<string, unknown> | null} */
function parse(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

// Run from the command line: node server.mjs [--host 127.0.0.1] [--port 8080] [--token secret]
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (/** @type {string} */ name) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const token = arg('token') ?? process.env.SIGNALING_TOKEN;
  if (!token) {
    console.error('Give a token: --token <secret> or SIGNALING_TOKEN=<secret>');
    process.exit(1);
  }
  const server = await startSignalingServer({ host: arg('host'), port: Number(arg('port') ?? 8080), token });
  console.log(`rtckit signaling server on ${server.url}/?room=<name>`);
}
