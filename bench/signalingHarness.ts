// What npm run bench:signaling drives: server processes (bench/signalingServerProcess.ts, forked
// with an IPC channel for their CPU time and memory) and clients in this process that join a room
// with a join token and hand every application frame to the phase measuring it.
import { fork, type ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { createSignalingToken } from 'rtckit/server';
import type { ServerProcessConfig, ServerProcessReport, ServerProcessRequest } from './signalingServerProcess.ts';

/** The HS256 secret of every join token in the bench (the servers verify with it). */
export const BENCH_KEY = 'the-signaling-bench-secret-of-32-bytes';

export interface ServerHandle {
  readonly name: string;
  readonly url: string;
  /**
   * CPU time the process has used so far (user + system), and how long its main thread has waited
   * runnable for a core (the machine's load, not the server's work), in µs.
   */
  cpu(): Promise<{ cpuMicros: number; waitedMicros: number }>;
  /** Heap used and RSS after two forced GCs, in bytes. */
  memory(): Promise<{ heapUsed: number; rss: number }>;
  /** How many members these rooms have in this process. */
  members(rooms: readonly string[]): Promise<number>;
  stop(): Promise<void>;
}

/** Forks a server process; resolves once it listens. */
export async function startServer(name: string, config: Omit<ServerProcessConfig, 'key'>): Promise<ServerHandle> {
  const child: ChildProcess = fork(new URL('./signalingServerProcess.js', import.meta.url), {
    execArgv: ['--expose-gc'],
    env: { ...process.env, RTCKIT_BENCH_SERVER: JSON.stringify({ ...config, key: BENCH_KEY }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // One question at a time per process: answers come back in order.
  const ask = <K extends string>(request: ServerProcessRequest | null, key: K) =>
    new Promise<Extract<ServerProcessReport, Record<K, unknown>>>((resolve, reject) => {
      const onMessage = (report: ServerProcessReport) => {
        if (!(key in report)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(report as Extract<ServerProcessReport, Record<K, unknown>>);
      };
      const onExit = (code: number | null) => reject(new Error(`${name} exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (request) child.send(request);
    });
  const { url } = await ask(null, 'url'); // sent unasked, once listening;
  return {
    name,
    url,
    cpu: async () => {
      const { cpuMicros, waitedMicros } = await ask('cpu', 'cpuMicros');
      return { cpuMicros, waitedMicros };
    },
    memory: async () => {
      const { heapUsed, rss } = await ask('memory', 'heapUsed');
      return { heapUsed, rss };
    },
    members: async (rooms) => (await ask({ members: rooms }, 'members')).members,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

export interface BenchClient {
  readonly socket: WebSocket;
  /** Called with every application frame (server notices are counted in `refusals` instead). */
  onApp: (data: Buffer) => void;
  /** `server:refused` notices received. */
  refusals: number;
  /** The close code, once closed. */
  closedWith: number | null;
}

const SERVER_NOTICE = Buffer.from('{"type":"server:');

/** Connects to `server` as `peer` of `room` with a join token; resolves once the server says ready. */
export async function joinRoom(server: ServerHandle, room: string, peer: string): Promise<BenchClient> {
  const token = await createSignalingToken({ key: BENCH_KEY, room, peer, ttlSeconds: 600 });
  const socket = new WebSocket(`${server.url}/?room=${room}`);
  const client: BenchClient = { socket, onApp: () => {}, refusals: 0, closedWith: null };
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.once('error', reject);
    socket.on('close', (code) => {
      client.closedWith = code;
      reject(new Error(`${peer} of ${room} on ${server.name} closed ${code} before server:ready`));
    });
    socket.on('message', (data: Buffer) => {
      if (data.subarray(0, SERVER_NOTICE.length).equals(SERVER_NOTICE)) {
        if (data.includes('server:ready')) resolve();
        else client.refusals++;
        return;
      }
      client.onApp(data);
    });
  });
  return client;
}

/** Closes clients and resolves once every one is closed. */
export async function closeAll(clients: readonly BenchClient[]): Promise<void> {
  await Promise.all(
    clients.map((client) =>
      client.closedWith !== null
        ? undefined
        : new Promise<void>((resolve) => {
            client.socket.once('close', () => resolve());
            client.socket.close();
          }),
    ),
  );
}

/** Resolves true once `condition()` holds (checked every 10 ms), false after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** The measuring window itself (a duration to measure over, not a wait for something). */
export const measureFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
