// Runs in the Vitest main process (as browser commands): the reference signaling server and
// @roamhq/wrtc peers in child processes, all on 127.0.0.1, all stopped by stopInterop().
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSignalingServer } from '../helpers/startSignalingServer.ts';

export interface WrtcReport {
  readonly framesReceived: number;
  readonly width: number;
  readonly height: number;
  readonly dataMessages: string[];
  readonly connectionState: string;
  readonly errors: string[];
}

const TOKEN = 'interop-token';
let server: Awaited<ReturnType<typeof startSignalingServer>> | null = null;
const peers = new Map<string, ChildProcess>();
let nextId = 1;

export async function startInteropPeer(options: { room: string; polite: boolean }) {
  server ??= await startSignalingServer({ token: TOKEN });
  const url = `${server.url}/?room=${encodeURIComponent(options.room)}`;
  const child = fork(fileURLToPath(new URL('./wrtcPeer.mjs', import.meta.url)), [
    JSON.stringify({ url, token: TOKEN, polite: options.polite }),
  ]);
  const id = String(nextId++);
  peers.set(id, child);
  return { id, signalingUrl: server.url, token: TOKEN };
}

export function interopPeerReport(id: string): Promise<WrtcReport> {
  const child = peers.get(id);
  if (!child) throw new Error(`no wrtc peer ${id}`);
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string; report?: WrtcReport }) => {
      if (message?.type !== 'report') return;
      child.off('message', onMessage);
      resolve(message.report!);
    };
    child.on('message', onMessage);
    child.send('report');
  });
}

export async function stopInterop(): Promise<void> {
  await Promise.all(
    [...peers.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.send('stop');
        }),
    ),
  );
  peers.clear();
  await server?.close();
  server = null;
}
