import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as TlsOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { RtcKitError } from '../core/errors.ts';
import { SIGNALING_CLOSE_CODES } from '../core/peer/webSocketSignaling.ts';
import { SIGNALING_NAME } from './joinToken.ts';
import { createJoinCheck, type SignalingAuth } from './signalingAuth.ts';
import { createMemoryBroker, type BrokerEvent, type RoomMember, type SignalingBroker } from './signalingBroker.ts';
import { parseJsonObject } from './parseJsonObject.ts';
import { chainHandlers, type RequestHandler } from './requestHandler.ts';
import {
  createHeldMessages,
  createRateLimiter,
  DEFAULT_SIGNALING_LIMITS,
  resolveLimits,
  type SignalingLimits,
} from './signalingLimits.ts';
import type { SignalingAuthFailure, SignalingMetrics, SignalingRefusal } from './signalingMetrics.ts';

/** Options for {@link createSignalingServer}. */
export interface CreateSignalingServerOptions {
  /** Who may join which room (a join token, a shared token, or your own check). Required. */
  readonly auth: SignalingAuth;
  /**
   * Page origins allowed to connect (`['https://app.example.org']`), checked on the upgrade
   * request (HTTP 403 otherwise); `'any'` turns the check off (for non-browser clients, or tests).
   * Required, so that leaving it open is a decision.
   */
  readonly origins: readonly string[] | 'any';
  /** The only path accepted for the upgrade (HTTP 404 otherwise). Default `'/'`. */
  readonly path?: string;
  /** Interface to listen on. Default 127.0.0.1 (loopback only; a TLS proxy in front, or `tls`). */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Overrides of {@link SignalingLimits}. */
  readonly limits?: Partial<SignalingLimits>;
  /** Room membership and messages across processes. Default: in this process only. */
  readonly broker?: SignalingBroker;
  /** Certificate options (`{ cert, key }`, as `https.createServer` takes them): the server speaks wss:. */
  readonly tls?: TlsOptions;
  /** Where connections, rooms, relayed and refused messages and auth failures are counted: `createServerMetrics()`'s result. */
  readonly metrics?: { readonly signaling: SignalingMetrics } | null;
  /**
   * Handlers for plain HTTP requests on the server's port, tried in order (`createReportIngest`,
   * `metrics.handler`); a request none takes gets 426 Upgrade Required.
   */
  readonly requestHandlers?: readonly RequestHandler[];
}

/** A running signaling server. */
export interface SignalingServer {
  /** `ws://host:port` or `wss://host:port`. */
  readonly url: string;
  readonly port: number;
  /** This process's members of a room, with their sockets (for monitoring and tests). */
  members(room: string): { readonly peer: string; readonly socket: WebSocket }[];
  /** Peer ids of the room in every process of the broker. */
  presence(room: string): Promise<string[]>;
  /** Stops listening, closes every connection (1001) and the broker. */
  close(): Promise<void>;
}

interface Connection {
  readonly socket: WebSocket;
  readonly room: string;
  member: RoomMember | null;
  alive: boolean;
}

interface LocalRoom {
  readonly members: Map<string, Connection>;
  unsubscribe: Promise<() => void>;
}

const REFUSAL_WINDOW_MS = 1000;
/** How long a closed flooder's socket stays for its close frame to go out. */
const FLOODER_LINGER_MS = 1000;

/**
 * A WebSocket signaling server to deploy: rooms, join tokens (a JWT's `sub` is the peer id), an
 * Origin allowlist, fair limits (rate, size, backpressure, a byte budget for held messages), and
 * scale-out over a {@link SignalingBroker} (Redis: {@link createRedisBroker}). It speaks what
 * `createWebSocketSignaling` speaks. Node only (`rtckit/server`); needs the `ws` package.
 *
 * Close codes (every reason, and what the client does: docs/signaling-close-codes.md): 4001
 * token refused or missing (the reason says which:
 * `token-missing`, `token-invalid`, `token-expired`, `token-lifetime`, `token-room`,
 * `token-refused`, `auth-timeout`, `expected-auth`), 4003 room full, 4008 bad request (room or
 * peer name, too many messages before `server:ready`, `flooding`: over `limits.maxDroppedPerSecond`
 * messages dropped by the rate limit in a second), 4009 too slow (its unsent data passed
 * `limits.maxBufferedBytes`), 4010 replaced (the same peer joined again), 1001 server shutting
 * down, 1009 frame far over the size limit. HTTP 404 wrong path, 403 origin not allowed, 503 too
 * many connections.
 *
 * @throws {RtcKitError} `'invalid-option'` for an auth that would admit anybody (an empty token), bad limits or origins.
 * @example
 * ```ts
 * import { createSignalingServer } from 'rtckit/server';
 *
 * const server = await createSignalingServer({
 *   auth: { jwt: { keys: [process.env.SIGNALING_SECRET!] } },
 *   origins: ['https://app.example.org'],
 *   host: '127.0.0.1', // behind your TLS proxy
 *   port: 8080,
 * });
 * ```
 */
export async function createSignalingServer(options: CreateSignalingServerOptions): Promise<SignalingServer> {
  const check = createJoinCheck(options.auth);
  const limits = resolveLimits(DEFAULT_SIGNALING_LIMITS, options.limits, 'createSignalingServer');
  const allowOrigin = originCheck(options.origins);
  const { host = '127.0.0.1', port = 0, path = '/' } = options;
  const broker = options.broker ?? createMemoryBroker();
  const held = createHeldMessages(limits.maxHeldMessages, limits.maxHeldBytes);
  const rooms = new Map<string, LocalRoom>();
  const connections = new Set<Connection>();
  const { WebSocketServer } = await import('ws');
  // allowSynchronousEvents: false — ws hands over one message per connection per event-loop turn,
  // so a client that sends 10 000 messages in one TCP write cannot hold the loop for the others.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes * 4,
    allowSynchronousEvents: false,
  });
  const http: HttpServer = options.tls ? createHttpsServer(options.tls) : createHttpServer();
  const metrics = options.metrics?.signaling;
  const handlers = options.requestHandlers ?? [];

  http.on('request', (request, response) =>
    chainHandlers(handlers, request, response, () => response.writeHead(426, { Connection: 'close' }).end()),
  );
  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refusal =
      url.pathname !== path
        ? '404 Not Found'
        : !allowOrigin(request.headers.origin)
          ? '403 Forbidden'
          : connections.size >= limits.maxConnections
            ? '503 Service Unavailable'
            : null;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, url, socket));
  });

  const localRoom = (room: string): LocalRoom => {
    let local = rooms.get(room);
    if (!local) {
      const created: LocalRoom = { members: new Map(), unsubscribe: Promise.resolve(() => {}) };
      created.unsubscribe = broker.subscribe(room, (event) => onBrokerEvent(room, created, event));
      local = created;
      rooms.set(room, local);
      metrics?.rooms(1);
    }
    return local;
  };

  const onBrokerEvent = (room: string, local: LocalRoom, event: BrokerEvent) => {
    if (event.kind === 'message') {
      for (const [peer, connection] of local.members) if (peer !== event.from.peer) sendTo(connection, event.text);
    } else if (event.kind === 'joined') {
      const stale = local.members.get(event.member.peer);
      if (stale && stale.member?.conn !== event.member.conn) evict(stale, SIGNALING_CLOSE_CODES.replaced, 'replaced');
      // Someone joined elsewhere: what this process held for the room goes to them.
      for (const message of held.take(room, event.member.peer)) {
        broker.publish(room, { kind: 'message', from: { peer: message.peer, conn: '' }, text: message.text });
      }
    }
  };

  const sendTo = (connection: Connection, text: string) => {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      evict(connection, SIGNALING_CLOSE_CODES.tooSlow, 'too-slow');
      return;
    }
    socket.send(text);
  };

  /** Takes a connection out of its room now and closes it; it is terminated if the close cannot get through. */
  const evict = (connection: Connection, code: number, reason: string) => {
    // A replaced connection's place belongs to its successor now: nothing to give up in the broker.
    leaveRoom(connection, code === SIGNALING_CLOSE_CODES.replaced);
    connection.socket.close(code, reason);
    setTimeout(() => connection.socket.terminate(), 1000).unref();
  };

  const leaveRoom = (connection: Connection, replaced = false) => {
    const { member, room } = connection;
    if (!member) return;
    connection.member = null;
    const local = rooms.get(room);
    if (local?.members.get(member.peer) === connection) {
      local.members.delete(member.peer);
      if (!replaced) {
        held.dropFrom(room, member.peer);
        void broker.leave(room, member).catch(() => {});
        broker.publish(room, { kind: 'left', member });
      }
    }
    if (local && local.members.size === 0) {
      rooms.delete(room);
      metrics?.rooms(-1);
      void local.unsubscribe.then((stop) => stop()).catch(() => {});
    }
  };

  const accept = (socket: WebSocket, url: URL, transport: Socket) => {
    const room = url.searchParams.get('room') ?? '';
    const askedPeer = url.searchParams.get('peer');
    const connection: Connection = { socket, room, member: null, alive: true };
    connections.add(connection);
    metrics?.connections(1);
    const refuseAuth = (reason: SignalingAuthFailure) => {
      metrics?.authFailed(reason);
      socket.close(SIGNALING_CLOSE_CODES.unauthorized, reason);
    };
    const authTimer = setTimeout(() => refuseAuth('auth-timeout'), limits.authTimeoutMs);
    socket.on('pong', () => (connection.alive = true));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearTimeout(authTimer);
      connections.delete(connection);
      metrics?.connections(-1);
      leaveRoom(connection);
    });
    if (!SIGNALING_NAME.test(room) || (askedPeer !== null && !SIGNALING_NAME.test(askedPeer))) {
      socket.close(SIGNALING_CLOSE_CODES.policy, 'a ?room= of 1-128 letters, digits, _ . : @ - is required');
      return;
    }
    let phase: 'auth' | 'checking' | 'joined' | 'closing' = 'auth';
    const early: { data: Buffer; isBinary: boolean }[] = [];
    const limiter = createRateLimiter(limits.ratePerSecond, limits.rateBurst, performance.now.bind(performance));
    let rateRefusedAt = -Infinity;
    let droppedInWindow = 0;
    // Dropping costs little per message, but a flood queued behind it (one TCP write of 10 000
    // messages) would still be framed and handed over one by one: stop reading instead, so that on
    // a machine with no spare core the honest connections do not wait behind it.
    const closeFlooder = () => {
      phase = 'closing';
      socket.pause();
      socket.close(SIGNALING_CLOSE_CODES.policy, 'flooding');
      // Paused, it will not read the client's close frame either: send ours and the end of the
      // stream at once (the client closes on both), and drop the socket once they had time to go
      // out (destroyed with the flood unread, it resets, which would discard unsent data).
      transport.end();
      setTimeout(() => socket.terminate(), FLOODER_LINGER_MS).unref();
    };

    const refuse = (reason: SignalingRefusal) => {
      metrics?.refused(reason);
      socket.send(`{"type":"server:refused","reason":"${reason}"}`);
    };

    const join = async (frame: Record<string, unknown>) => {
      const token = typeof frame.token === 'string' ? frame.token : undefined;
      const decision = await check(token, room).catch(() => ({ refused: 'token-refused' as const }));
      if (socket.readyState !== socket.OPEN) return;
      if ('refused' in decision) return refuseAuth(decision.refused);
      const framePeer = typeof frame.peer === 'string' && SIGNALING_NAME.test(frame.peer) ? frame.peer : null;
      const peer = decision.peer ?? framePeer ?? askedPeer ?? randomUUID();
      const member: RoomMember = { peer, conn: randomUUID() };
      const local = localRoom(room);
      await local.unsubscribe; // subscribed before joining, so nothing published meanwhile is missed
      const outcome = await broker.join(room, member, limits.maxPeersPerRoom).catch(() => null);
      if (socket.readyState !== socket.OPEN) {
        if (outcome?.joined) void broker.leave(room, member).catch(() => {});
        return;
      }
      if (!outcome?.joined)
        return socket.close(SIGNALING_CLOSE_CODES.roomFull, outcome ? 'room-full' : 'broker-unavailable');
      const stale = local.members.get(peer);
      if (stale) evict(stale, SIGNALING_CLOSE_CODES.replaced, 'replaced');
      // evict() may have emptied and dropped the room; take it again.
      const current = localRoom(room);
      current.members.set(peer, connection);
      connection.member = member;
      broker.publish(room, { kind: 'joined', member });
      phase = 'joined';
      socket.send('{"type":"server:ready"}');
      for (const message of held.take(room, peer)) socket.send(message.text);
      for (const { data, isBinary } of early.splice(0)) relay(data, isBinary);
    };

    const relay = (data: Buffer, isBinary: boolean) => {
      // The rate check comes first and costs next to nothing: a flood is dropped, not parsed.
      if (!limiter.take()) {
        const now = performance.now();
        if (now - rateRefusedAt >= REFUSAL_WINDOW_MS) {
          rateRefusedAt = now;
          droppedInWindow = 0;
          refuse('rate-limited');
        }
        if (++droppedInWindow > limits.maxDroppedPerSecond) closeFlooder();
        return;
      }
      if (data.byteLength > limits.maxMessageBytes) return refuse('too-large');
      if (isBinary) return refuse('malformed');
      const text = data.toString();
      const message = parseJsonObject(text);
      const type = message?.type;
      // An auth frame after joining would hand the token to the other members.
      if (typeof type !== 'string' || type.startsWith('server:') || type === 'auth') return refuse('malformed');
      const member = connection.member;
      const local = rooms.get(room);
      if (!member || !local) return;
      // Alone as far as this process knows: held, not published. A member joining elsewhere right
      // now gets it once, in order, when its `joined` arrives (published as well, it would reach
      // that member live and then again, behind what was held before it).
      if (broker.count(room) <= 1) {
        if (held.hold(room, { peer: member.peer, text })) metrics?.relayed();
        else refuse('held-full');
        return;
      }
      for (const other of local.members.values()) if (other !== connection) sendTo(other, text);
      broker.publish(room, { kind: 'message', from: member, text });
      metrics?.relayed();
    };

    socket.on('message', (raw, isBinary) => {
      const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      if (phase === 'joined') return relay(data, isBinary);
      if (phase === 'closing') return; // what a flooder had queued before it stopped being read
      if (phase === 'checking') {
        // Sent right behind the auth frame (even in the same TCP write): handled once joined.
        if (early.length >= limits.rateBurst) return socket.close(SIGNALING_CLOSE_CODES.policy, 'too-many-early');
        early.push({ data, isBinary });
        return;
      }
      const frame = !isBinary && data.byteLength <= limits.maxMessageBytes ? parseJsonObject(data.toString()) : null;
      if (frame?.type !== 'auth') return refuseAuth('expected-auth');
      phase = 'checking';
      clearTimeout(authTimer);
      void join(frame);
    });
  };

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const scheme = options.tls ? 'wss' : 'ws';
  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    members: (room) =>
      [...(rooms.get(room)?.members ?? [])].map(([peer, connection]) => ({ peer, socket: connection.socket })),
    presence: (room) => broker.presence(room),
    async close() {
      clearInterval(heartbeat);
      for (const { socket } of connections) socket.close(1001, 'going-away');
      for (const { socket } of connections) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await broker.close();
    },
  };
}

function originCheck(origins: readonly string[] | 'any'): (origin: string | undefined) => boolean {
  if (origins === 'any') return () => true;
  if (!Array.isArray(origins)) {
    throw new RtcKitError('invalid-option', {
      detail: "createSignalingServer: origins must be a list of origins or 'any'.",
    });
  }
  const allowed = new Set(
    origins.map((origin) => {
      try {
        return new URL(origin).origin;
      } catch {
        throw new RtcKitError('invalid-option', {
          detail: 'createSignalingServer: every entry of origins must be an origin such as https://app.example.org.',
        });
      }
    }),
  );
  return (origin) => origin !== undefined && allowed.has(origin);
}
