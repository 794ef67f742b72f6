// What an operator runs, for tests: the report ingest and /metrics on one HTTP server on 127.0.0.1,
// and Debian's `prometheus` scraping it every second (a free port, a temporary config and storage
// directory, stopped and removed afterwards). Used by the node test directly and by the network
// tier's real-Chromium test through commands (vitest.config.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createReportIngest,
  createServerMetrics,
  createSignalingToken,
  type ReportIngestLimits,
} from '../../src/server/index.ts';

/** Whether the `prometheus` binary is here. */
export const prometheusAvailable = () => spawnSync('prometheus', ['--version']).status === 0;

export interface ReportStack {
  /** Where reports are posted. */
  readonly ingestUrl: string;
  /** A join token for `peer`, signed with the ingest's key. */
  token(peer: string): Promise<string>;
  /** The value of an instant PromQL query's single series, `null` when it has none (or Prometheus is not answering). */
  query(promql: string): Promise<number | null>;
  stop(): Promise<void>;
}

const KEY = 'a-signing-secret-for-the-report-stack!!';

/** A TCP port nobody listens on right now on 127.0.0.1 (the kernel's pick, released). */
async function freeTcpPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls `check` until it holds (every `intervalMs`, `timeoutMs` at most); throws `what` otherwise. */
async function until(check: () => Promise<boolean>, what: () => string, timeoutMs = 30_000, intervalMs = 200) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Starts the ingest (with `origins: 'any'`, for a page served by another origin) and Prometheus,
 * and resolves once Prometheus has scraped the metrics at least once, so every later value is
 * scraped from the start.
 */
export async function startReportStack(limits: Partial<ReportIngestLimits> = {}): Promise<ReportStack> {
  const metrics = await createServerMetrics();
  const ingest = createReportIngest({ auth: { jwt: { keys: [KEY] } }, metrics, origins: 'any', limits });
  const server: Server = createServer((request, response) =>
    ingest(request, response, () => metrics.handler(request, response)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dir = await mkdtemp(join(tmpdir(), 'rtckit-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: rtckit',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n'),
  );
  const port = await freeTcpPort();
  const prometheusUrl = `http://127.0.0.1:${port}`;
  const prometheus: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  prometheus.stderr?.on('data', (chunk: Buffer) => (log = (log + String(chunk)).slice(-4000)));
  const exited = new Promise((resolve) => prometheus.once('exit', resolve));

  const stop = async () => {
    if (prometheus.exitCode === null && prometheus.signalCode === null) {
      prometheus.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  };
  const query = async (promql: string): Promise<number | null> => {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`).catch(() => null);
    if (!response?.ok) return null;
    const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
    const [series] = body.data.result;
    return series ? Number(series.value[1]) : null;
  };

  try {
    await until(
      async () => (await fetch(`${prometheusUrl}/-/ready`).catch(() => null))?.status === 200,
      () => `Prometheus did not become ready: ${log}`,
    );
    await until(
      async () => (await query('up{job="rtckit"}')) === 1,
      () => `Prometheus did not scrape ${target}: ${log}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ingestUrl: `http://${target}/call-reports`,
    token: (peer) => createSignalingToken({ key: KEY, room: 'report-stack', peer, ttlSeconds: 600 }),
    query,
    stop,
  };
}

// For the browser commands: one stack at a time.
let current: ReportStack | null = null;

/** Starts the one stack of the browser tier; resolves with the ingest URL and a token per peer. */
export async function startBrowserReportStack(peers: readonly string[]) {
  if (current) throw new Error('a report stack is already running');
  current = await startReportStack({ ratePerSecond: 20, rateBurst: 50 });
  const tokens = Object.fromEntries(await Promise.all(peers.map(async (peer) => [peer, await current!.token(peer)])));
  return { ingestUrl: current.ingestUrl, tokens: tokens as Record<string, string> };
}

export const queryBrowserReportStack = (promql: string) => {
  if (!current) throw new Error('no report stack is running');
  return current.query(promql);
};

export async function stopBrowserReportStack(): Promise<void> {
  const stack = current;
  current = null;
  await stack?.stop();
}
