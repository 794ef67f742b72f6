// A real coturn for the ICE tests, run by the Vitest main process (browser commands, node tests).
// Each server listens on 127.0.0.1 only, on a free port, with a generated config in its own temp
// directory, logs to stdout (kept in memory for failure messages), and is stopped by the test.
//
// What the relay path needs on one machine (found by testing Chromium 150 against coturn 4.6.1):
// - `relay-ip=127.0.0.1` makes every relayed address a loopback one, and coturn refuses loopback
//   peers by default: without `allow-loopback-peers` its CreatePermission answers 403, and a
//   relay-only call goes `failed` within milliseconds (Chromium fires no icecandidateerror for it).
// - Chromium reaches a TURN server on 127.0.0.1 with or without `--allow-loopback-in-peer-connection`
//   and with or without camera permission: without the flag it sends from the machine's other
//   address, which Linux delivers over `lo` all the same.
// - Chromium gives up on a silent STUN/TURN server only after about 40 s (error 701); a closed TCP
//   port fails at once. The probe's own timeout is what bounds an unreachable UDP server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How clients authenticate: a static long-term user, or TURN REST credentials from a shared secret. */
export type TurnAuth = { readonly kind: 'static' } | { readonly kind: 'secret' };

export interface TurnServerInfo {
  readonly id: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly realm: string;
  /** Static user (for `kind: 'static'`). */
  readonly username: string | null;
  readonly password: string | null;
  /** Shared secret (for `kind: 'secret'`). */
  readonly secret: string | null;
}

interface Running {
  readonly info: TurnServerInfo;
  readonly child: ChildProcess;
  readonly dir: string;
  log: string;
}

const HOST = '127.0.0.1';
const REALM = 'rtckit.test';
const running = new Map<string, Running>();
let nextId = 1;

/** The turnserver binary: `TURNSERVER_PATH`, or Debian's coturn on the PATH. */
export function turnServerPath(): string | null {
  const fromEnv = process.env.TURNSERVER_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const found = spawnSync('sh', ['-c', 'command -v turnserver'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : null;
}

/** Whether coturn can run here, and if not, what to do about it. */
export function turnServerStatus(): { available: boolean; required: boolean; message: string } {
  const path = turnServerPath();
  const required = Boolean(process.env.CI);
  if (path) return { available: true, required, message: `coturn: ${path}` };
  return {
    available: false,
    required,
    message:
      'The TURN tests need coturn\'s turnserver, which was not found. Install it (Debian/Ubuntu: "sudo apt-get ' +
      'install -y coturn"; macOS: "brew install coturn") or point TURNSERVER_PATH at the binary.',
  };
}

/** A port that is free on 127.0.0.1 for both UDP and TCP right now. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.bind(0, HOST, () => {
        const { port } = socket.address();
        socket.close(() => resolve(port));
      });
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, HOST, () => server.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error('no free port on 127.0.0.1');
}

/** Starts coturn on 127.0.0.1 and resolves once it answers a STUN binding request. */
export async function startTurnServer(auth: TurnAuth): Promise<TurnServerInfo> {
  const binary = turnServerPath();
  if (!binary) throw new Error(turnServerStatus().message);
  const dir = await mkdtemp(join(tmpdir(), 'rtckit-coturn-'));
  const port = await freePort();
  // Relay ports: a random block of 200 above the ephemeral range Linux hands out (32768-60999).
  const minPort = 61_000 + Math.floor(Math.random() * 20) * 200;
  const id = String(nextId++);
  const info: TurnServerInfo = {
    id,
    host: HOST,
    port,
    realm: REALM,
    username: auth.kind === 'static' ? 'alice' : null,
    password: auth.kind === 'static' ? randomBytes(9).toString('base64url') : null,
    secret: auth.kind === 'secret' ? randomBytes(18).toString('base64url') : null,
  };
  const config = [
    `listening-ip=${HOST}`,
    `relay-ip=${HOST}`,
    `listening-port=${port}`,
    `min-port=${minPort}`,
    `max-port=${minPort + 199}`,
    `realm=${REALM}`,
    ...(auth.kind === 'static'
      ? ['lt-cred-mech', `user=${info.username}:${info.password}`]
      : ['use-auth-secret', `static-auth-secret=${info.secret}`]),
    'fingerprint',
    // Both peers' relayed addresses are on 127.0.0.1: coturn must relay between loopback addresses.
    'allow-loopback-peers',
    'no-cli',
    'no-tls',
    'no-dtls',
    'no-software-attribute',
    'log-file=stdout',
    'simple-log',
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `userdb=${join(dir, 'turndb')}`,
  ];
  await writeFile(join(dir, 'turnserver.conf'), `${config.join('\n')}\n`);

  const child = spawn(binary, ['-c', join(dir, 'turnserver.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server: Running = { info, child, dir, log: '' };
  const append = (chunk: Buffer) => {
    server.log = (server.log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  running.set(id, server);
  watchExit();
  try {
    await waitUntilAnswering(port, child, 10_000);
  } catch (error) {
    await stopTurnServer(id);
    throw new Error(`coturn did not start: ${(error as Error).message}\n${server.log}`, { cause: error });
  }
  return info;
}

/** Stops one server (SIGTERM, then SIGKILL after 3 s) and removes its directory. */
export async function stopTurnServer(id: string): Promise<void> {
  const server = running.get(id);
  if (!server) return;
  running.delete(id);
  watchExit();
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
  await rm(server.dir, { recursive: true, force: true });
}

export async function stopAllTurnServers(): Promise<void> {
  await Promise.all([...running.keys()].map((id) => stopTurnServer(id)));
}

/** The last lines coturn wrote, for failure messages. */
export function turnServerLog(id: string): string {
  return running.get(id)?.log ?? '';
}

/** Whether the process of server `id` is still running (for the harness's own test). */
export function turnServerPid(id: string): number | null {
  return running.get(id)?.child.pid ?? null;
}

// If the test process exits without stopping its servers, do not leave coturn behind. Listened to
// only while a server runs, so loading this module several times adds no lasting listeners.
const killAll = () => {
  for (const { child } of running.values()) child.kill('SIGKILL');
};
function watchExit(): void {
  if (running.size === 0) process.off('exit', killAll);
  else if (!process.listeners('exit').includes(killAll)) process.on('exit', killAll);
}

/** Sends STUN binding requests until one is answered. */
function waitUntilAnswering(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const transaction = randomBytes(12);
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), transaction]);
    const finish = (error?: Error) => {
      clearInterval(timer);
      clearTimeout(deadline);
      child.off('exit', onExit);
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) => finish(new Error(`turnserver exited with ${code}`));
    socket.on('message', (message) => {
      // A binding success response (0x0101) to our transaction.
      if (message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transaction)) finish();
    });
    socket.on('error', () => {});
    const send = () => socket.send(request, port, HOST);
    const timer = setInterval(send, 50);
    const deadline = setTimeout(
      () => finish(new Error(`no STUN answer on ${HOST}:${port} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', onExit);
    send();
  });
}
