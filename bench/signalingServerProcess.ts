// One server process of npm run bench:signaling, run as a child with an IPC channel: rtckit's
// createSignalingServer (from the sources) as a deployment runs it — join tokens, default limits
// unless told otherwise, Redis when given a URL — or, as the relay-rate baseline, the bare relay a
// careful user would write with ws alone. The bench reads the process's CPU time and memory (after
// a forced GC) over IPC, never through its sockets.
import { readFileSync } from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import { createRedisBroker, createSignalingServer, type SignalingLimits } from 'rtckit/server';

export interface ServerProcessConfig {
  readonly kind: 'rtckit' | 'bare-ws';
  /** The HS256 key of the join tokens (rtckit). */
  readonly key: string;
  readonly redisUrl?: string;
  readonly limits?: Partial<SignalingLimits>;
}

/**
 * CPU time (and how long the main thread has waited for a core, runnable, on this shared machine);
 * memory after a forced GC; how many members these rooms have in this process.
 */
export type ServerProcessRequest = 'cpu' | 'memory' | { readonly members: readonly string[] };
export type ServerProcessReport =
  | { readonly url: string }
  | { readonly cpuMicros: number; readonly waitedMicros: number }
  | { readonly heapUsed: number; readonly rss: number }
  | { readonly members: number };

/**
 * Rooms and nothing else: the auth frame is answered, every other text frame with a string `type`
 * goes to the other members of the room. No token check, limits, holding or backpressure.
 */
async function startBareRelay(): Promise<{ url: string; members(room: string): unknown[] }> {
  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (socket, request) => {
    const room = new URL(request.url ?? '/', 'http://localhost').searchParams.get('room') ?? '';
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members);
    socket.on('message', (data) => {
      const text = String(data);
      const type = (JSON.parse(text) as { type?: unknown }).type;
      if (type === 'auth') {
        members.add(socket);
        socket.send('{"type":"server:ready"}');
      } else if (typeof type === 'string') {
        for (const other of members) if (other !== socket) other.send(text);
      }
    });
    socket.on('close', () => members.delete(socket));
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}`, members: (room) => [...(rooms.get(room) ?? [])] };
}

const config = JSON.parse(process.env.RTCKIT_BENCH_SERVER ?? '{}') as ServerProcessConfig;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('Run by bench/signaling.ts (node --expose-gc, with an IPC channel).');
const send = (report: ServerProcessReport) => process.send!(report);

const server =
  config.kind === 'bare-ws'
    ? await startBareRelay()
    : await createSignalingServer({
        auth: { jwt: { keys: [config.key] } },
        origins: 'any',
        limits: config.limits,
        broker: config.redisUrl ? await createRedisBroker({ url: config.redisUrl }) : undefined,
      });

process.on('message', (request: ServerProcessRequest) => {
  if (request === 'cpu') {
    const { user, system } = process.cpuUsage();
    // schedstat: time on a CPU, time runnable on a run queue, timeslices (ns; Linux only).
    const waitedNs = Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1] ?? Number.NaN);
    send({ cpuMicros: user + system, waitedMicros: waitedNs / 1000 });
  } else if (typeof request === 'object') {
    send({ members: request.members.reduce((n, room) => n + server.members(room).length, 0) });
  } else {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    send({ heapUsed, rss });
  }
});
// The parent going away (the bench stopped or crashed) takes this process with it.
process.on('disconnect', () => process.exit(0));
send({ url: server.url });
