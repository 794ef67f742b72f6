// Runs the signaling server CLI (examples/signaling-server/server.mjs, bundled with rtckit/server
// from the sources by scripts/bundleSignalingServer.mjs) as a real child process on 127.0.0.1, so a test can kill it (SIGKILL, as a crash would) and start it again on
// the same port. Used from browser tests through commands (vitest.config.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { bundleSignalingServer } from '../../scripts/bundleSignalingServer.mjs';

let child: ChildProcess | null = null;
let current: { port: number; token: string } | null = null;

/** Starts the server on `port` (0: a free one) and resolves with its URL once it listens. */
export async function startSignalingProcess(options: { token: string; port?: number }) {
  if (child) throw new Error('a signaling server process is already running');
  const server = await bundleSignalingServer();
  if (child) throw new Error('a signaling server process is already running');
  const process_ = spawn(process.execPath, [server, '--port', String(options.port ?? 0), '--token', options.token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = process_;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    process_.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = /on (ws:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    process_.once('exit', (code) => reject(new Error(`the signaling server exited (${code}): ${out}`)));
  });
  current = { port: Number(new URL(url).port), token: options.token };
  return { url, port: current.port };
}

/** Kills the server with SIGKILL: its sockets die without a close handshake. */
export async function killSignalingProcess(): Promise<void> {
  const process_ = child;
  child = null;
  if (!process_ || process_.exitCode !== null || process_.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    process_.once('exit', () => resolve());
    process_.kill('SIGKILL');
  });
}

/** Starts the server again on the port it had. */
export async function restartSignalingProcess() {
  if (!current) throw new Error('no signaling server was started');
  return startSignalingProcess(current);
}

/** Stops whatever is running; call after the tests. */
export async function stopSignalingProcess(): Promise<void> {
  await killSignalingProcess();
  current = null;
}
