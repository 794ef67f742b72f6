// A throwaway redis-server (Debian's) for the scale-out tests and npm run bench:signaling: on
// 127.0.0.1, a free port, no persistence, stopped by stop(). No Vitest here: the bench runs in plain Node.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../turn/turnServer.ts';

const HOST = '127.0.0.1';

/** Waits for `pattern` on a child's stdout; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}: ${out}`)));
  });
}

/** Stops a child (SIGTERM unless told otherwise) and resolves once it has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export interface RedisServer {
  /** `redis://127.0.0.1:port`. */
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = () => stopChild(child);
  try {
    await waitForOutput(child, /Ready to accept connections/);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://${HOST}:${port}`, child, stop };
}
