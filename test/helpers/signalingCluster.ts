// Several signaling server processes sharing a Redis, all on 127.0.0.1, for the scale-out tests:
// redis-server (redisServer.ts), server processes from the bundled CLI
// (scripts/bundleSignalingServer.mjs), and a TCP balancer in front of them that, like a load
// balancer, skips a backend that is down. Everything is stopped by stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { bundleSignalingServer } from '../../scripts/bundleSignalingServer.mjs';
import { startRedisServer, stopChild, waitForOutput, type RedisServer } from './redisServer.ts';

const HOST = '127.0.0.1';

export interface SignalingProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGKILL, as a crash: its sockets die without a close handshake, its Redis places stay until they expire. */
  kill(): Promise<void>;
}

export interface SignalingCluster {
  readonly redisUrl: string;
  readonly servers: SignalingProcess[];
  /** `ws://127.0.0.1:port` of the balancer in front of every server. */
  readonly balancerUrl: string;
  stop(): Promise<void>;
}

/** Starts redis-server and `count` server processes with `env` (SIGNALING_* variables). */
export async function startSignalingCluster(count: number, env: Record<string, string>): Promise<SignalingCluster> {
  const redis: RedisServer = await startRedisServer();
  const children: ChildProcess[] = [];
  let balancer: Server | null = null;
  const sockets = new Set<Socket>();
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (balancer ? balancer.close(() => resolve()) : resolve()));
    // The servers first: each gives its places up in Redis on the way out.
    await Promise.all(children.map((child) => stopChild(child)));
    await redis.stop();
  };
  try {
    const redisUrl = redis.url;
    const cli = await bundleSignalingServer();
    const servers = await Promise.all(
      Array.from({ length: count }, async () => {
        const child = spawn(process.execPath, [cli], {
          env: { ...process.env, SIGNALING_PORT: '0', SIGNALING_REDIS_URL: redisUrl, ...env },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        const [, url] = await waitForOutput(child, /on (ws:\/\/127\.0\.0\.1:\d+)/);
        return { url: url!, port: Number(new URL(url!).port), child, kill: () => stopChild(child, 'SIGKILL') };
      }),
    );
    // Round robin over the backends; one that refuses the connection is skipped, as a balancer's health check would.
    let next = 0;
    balancer = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      const tryBackend = (tries: number) => {
        const server = servers[next++ % servers.length]!;
        const upstream = createConnection({ host: HOST, port: server.port });
        sockets.add(upstream);
        upstream.once('connect', () => {
          client.pipe(upstream);
          upstream.pipe(client);
        });
        upstream.once('error', () => {
          upstream.destroy();
          if (tries > 1) tryBackend(tries - 1);
          else client.destroy();
        });
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      };
      tryBackend(servers.length);
    });
    await new Promise<void>((resolve) => balancer!.listen(0, HOST, () => resolve()));
    const { port } = balancer.address() as AddressInfo;
    return { redisUrl, servers, balancerUrl: `ws://${HOST}:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
