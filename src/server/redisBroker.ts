import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import type { BrokerEvent, JoinOutcome, RoomMember, SignalingBroker } from './signalingBroker.ts';

/** Options for {@link createRedisBroker}. */
export interface RedisBrokerOptions {
  /** `redis://host:port/db`, or ioredis options. */
  readonly url?: string;
  readonly redis?: RedisOptions;
  /** Prefix of every key and channel. Default `'rtckit:signaling:'`. */
  readonly prefix?: string;
  /**
   * How long a member's place outlives its process, in ms: every process renews its members'
   * places every third of it, so the places of a process that died free up after this. Default 30 000.
   */
  readonly presenceTtlMs?: number;
  /**
   * Told of every error of the Redis connections (ioredis reconnects by itself meanwhile).
   * Default: one `console.warn` line with the error's message.
   */
  readonly onError?: (error: Error) => void;
}

// Takes a place in a room, atomically across processes: expired places are dropped, a peer
// already in the room takes its own place again (whatever its connection), a new one only while
// the room has room. Returns {1, previous connection or '', members…} or {0}. Time is Redis's.
const JOIN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local previous = ''
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  previous = redis.call('HGET', KEYS[2], ARGV[1]) or ''
elseif redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return {0}
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ttl * 2)
redis.call('PEXPIRE', KEYS[2], ttl * 2)
local result = {1, previous}
for _, peer in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do table.insert(result, peer) end
return result
`;

// Gives a place up only if it still belongs to this connection (a reconnect elsewhere may own it).
const LEAVE = `
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
end
return 0
`;

// Renews the places this process holds; returns the room's live members.
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[1], ttl * 2)
redis.call('PEXPIRE', KEYS[2], ttl * 2)
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

// The live members of a room, by Redis's clock (the one places expire by).
const PRESENCE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
`;

interface Envelope {
  /** The process that published it: a process ignores its own. */
  readonly o: string;
  readonly e: BrokerEvent;
}

/**
 * A {@link SignalingBroker} over Redis, for several server processes behind one address: rooms
 * span processes (messages travel over pub/sub, one channel per room), room size limits hold
 * across them (places in a sorted set with expiry, taken atomically), and a process that dies
 * loses its places after `presenceTtlMs`, so its clients can reconnect to another process. Needs
 * the `ioredis` package; resolves once both connections are up.
 *
 * @example
 * ```ts
 * import { createRedisBroker, createSignalingServer } from 'rtckit/server';
 *
 * const broker = await createRedisBroker({ url: process.env.REDIS_URL });
 * const server = await createSignalingServer({ auth, origins, broker });
 * ```
 */
export async function createRedisBroker(options: RedisBrokerOptions = {}): Promise<SignalingBroker> {
  const { Redis: RedisClient } = await import('ioredis');
  const prefix = options.prefix ?? 'rtckit:signaling:';
  const ttl = options.presenceTtlMs ?? 30_000;
  const connect = (): Redis =>
    options.url
      ? new RedisClient(options.url, { lazyConnect: true, ...options.redis })
      : new RedisClient({ lazyConnect: true, ...options.redis });
  const commands = connect();
  const subscriber = connect();
  await Promise.all([commands.connect(), subscriber.connect()]);
  // ioredis reconnects by itself (and subscribes again); without a listener each lost connection
  // would print an "Unhandled error event" with a stack. Calls made meanwhile fail or wait, and
  // the server refuses joins it cannot place (4003 broker-unavailable).
  let closing = false;
  const onError = options.onError ?? ((error: Error) => console.warn(`rtckit signaling: Redis: ${error.message}`));
  for (const connection of [commands, subscriber]) {
    connection.on('error', (error: Error) => {
      if (!closing) onError(error);
    });
  }
  const processId = randomUUID();
  const keys = (room: string) => [`${prefix}places:${room}`, `${prefix}conns:${room}`];
  const channel = (room: string) => `${prefix}room:${room}`;
  const listeners = new Map<string, (event: BrokerEvent) => void>();
  // The members of each room this process serves, as last seen in Redis and in join/left events.
  const known = new Map<string, Set<string>>();
  // Counts join/left news per room: a renewal whose answer was computed before the latest news
  // must not overwrite it (it would drop a member who just joined, and its messages would be held).
  const news = new Map<string, number>();
  const learn = (room: string) => news.set(room, (news.get(room) ?? 0) + 1);
  // This process's own members, whose places it renews.
  const mine = new Map<string, Map<string, string>>();

  subscriber.on('message', (from: string, text: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === processId) return;
    const room = from.slice(channel('').length);
    const event = envelope.e;
    if (event.kind === 'joined') known.get(room)?.add(event.member.peer);
    if (event.kind === 'left') known.get(room)?.delete(event.member.peer);
    if (event.kind !== 'message') learn(room);
    listeners.get(room)?.(event);
  });

  const renew = setInterval(() => {
    for (const [room, members] of mine) {
      const args = [...members].flatMap(([peer, conn]) => [peer, conn]);
      const asked = news.get(room);
      commands
        .eval(RENEW, 2, ...keys(room), ttl, ...args)
        .then((peers) => {
          if (known.has(room) && news.get(room) === asked) known.set(room, new Set(peers as string[]));
        })
        .catch(() => {});
    }
  }, ttl / 3);
  renew.unref();

  return {
    async join(room, member: RoomMember, maxPeers): Promise<JoinOutcome> {
      const result = (await commands.eval(JOIN, 2, ...keys(room), member.peer, member.conn, maxPeers, ttl)) as (
        number | string
      )[];
      if (result[0] !== 1) return { joined: false, reason: 'room-full' };
      const [, previous, ...peers] = result as [number, string, ...string[]];
      known.set(room, new Set(peers));
      learn(room);
      const members = mine.get(room) ?? new Map<string, string>();
      members.set(member.peer, member.conn);
      mine.set(room, members);
      return { joined: true, replaced: previous ? { peer: member.peer, conn: previous } : null };
    },
    async leave(room, member) {
      const members = mine.get(room);
      if (members?.get(member.peer) === member.conn) members.delete(member.peer);
      if (members?.size === 0) mine.delete(room);
      known.get(room)?.delete(member.peer);
      learn(room);
      await commands.eval(LEAVE, 2, ...keys(room), member.peer, member.conn);
    },
    publish(room, event) {
      const envelope: Envelope = { o: processId, e: event };
      void commands.publish(channel(room), JSON.stringify(envelope)).catch(() => {});
    },
    async subscribe(room, listener) {
      listeners.set(room, listener);
      await subscriber.subscribe(channel(room));
      return () => {
        if (listeners.get(room) !== listener) return;
        listeners.delete(room);
        known.delete(room);
        news.delete(room);
        void subscriber.unsubscribe(channel(room)).catch(() => {});
      };
    },
    count: (room) => known.get(room)?.size ?? 0,
    presence: async (room) => (await commands.eval(PRESENCE, 1, keys(room)[0]!)) as string[],
    async close() {
      closing = true;
      clearInterval(renew);
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}
