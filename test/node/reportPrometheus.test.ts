// The metrics as an operator sees them: the real Prometheus (Debian's `prometheus`) started here on
// 127.0.0.1 with a free port, a temporary config (scrape every second) and a temporary storage
// directory, scraping the ingest's /metrics; stopped afterwards. Reports of a degraded call and
// then of its recovery go in over HTTP; Prometheus's HTTP API is queried until the scraped series
// show each.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReportIngest, createServerMetrics, createSignalingToken } from 'rtckit/server';
import { callReport, callSummary, degradedReport } from '../helpers/callReportMessages.ts';

// Like redis-server for the scale-out tests: skipped with a warning without it, except under CI.
const prometheusAvailable = spawnSync('prometheus', ['--version']).status === 0;
if (!prometheusAvailable) {
  const message = 'prometheus not found: the metrics scrape test needs it (apt-get install -y prometheus)';
  if (process.env.CI) throw new Error(message);
  console.warn(`rtckit: ${message}; skipped.`);
}

const KEY = 'a-signing-secret-for-the-prometheus-test';
const CALL = 'ca11000000000001';

/** A port nobody listens on right now (the kernel's pick, released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.runIf(prometheusAvailable)('call report metrics scraped by a real Prometheus', () => {
  let server: Server;
  let ingestUrl: string;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  let dir: string;
  let prometheusLog = '';

  beforeAll(async () => {
    const metrics = await createServerMetrics();
    const ingest = createReportIngest({ auth: { jwt: { keys: [KEY] } }, metrics });
    server = createServer((request, response) => ingest(request, response, () => metrics.handler(request, response)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    ingestUrl = `http://${target}/call-reports`;

    dir = await mkdtemp(join(tmpdir(), 'rtckit-prometheus-'));
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
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog = (prometheusLog + String(chunk)).slice(-4000)));
    // vi.waitFor, as expect.poll works only inside a test.
    await vi.waitFor(
      async () => {
        const ready = await fetch(`${prometheusUrl}/-/ready`).catch(() => null);
        if (ready?.status !== 200) throw new Error(`Prometheus is not ready: ${prometheusLog.slice(-500)}`);
      },
      { timeout: 30_000, interval: 200 },
    );
    // The scrape target is up before any report goes in, so the first values are scraped from zero.
    await vi.waitFor(
      async () => {
        if ((await query('up{job="rtckit"}')) !== 1) throw new Error('Prometheus has not scraped /metrics yet');
      },
      { timeout: 30_000, interval: 250 },
    );
  }, 60_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The value of an instant query's single series (`null` when it has none). */
  async function query(promql: string): Promise<number | null> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`).catch(() => null);
    if (!response?.ok) return null;
    const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
    const [series] = body.data.result;
    return series ? Number(series.value[1]) : null;
  }

  const poll = (promql: string) =>
    expect.poll(() => query(promql), { timeout: 20_000, interval: 250, message: promql });

  const post = async (...messages: unknown[]) => {
    const token = await createSignalingToken({ key: KEY, room: 'call-room', peer: 'alice' });
    const response = await fetch(ingestUrl, {
      method: 'POST',
      body: JSON.stringify({ messages }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(204);
  };

  it('shows the degradation of a call, then that it ended', async () => {
    // Degraded: three poor reports (MOS 2.1, RTT 800 ms, 36 s frozen per minute, one loss).
    await post(degradedReport(1, CALL), degradedReport(2, CALL), degradedReport(3, CALL));
    await poll('rtckit_call_reports_total{level="poor"}').toBe(3);
    expect(await query('rtckit_call_mos_bucket{le="2.5"}')).toBe(3);
    expect(await query('rtckit_call_rtt_seconds_count - ignoring(le) rtckit_call_rtt_seconds_bucket{le="0.5"}')).toBe(
      3,
    );
    expect(
      await query(
        'rtckit_call_freeze_seconds_per_minute_count - ignoring(le) rtckit_call_freeze_seconds_per_minute_bucket{le="20"}',
      ),
    ).toBe(3);
    expect(await query('rtckit_call_reconnects_total{reason="disconnected"}')).toBe(1);
    expect(await query('rtckit_call_reports_total{level="excellent"}')).toBe(0);

    // Recovered: four excellent reports (MOS 4.4, RTT 40 ms, nothing frozen), then the summary.
    const recovered = [4, 5, 6, 7].map((seq) =>
      callReport({
        callId: CALL,
        seq,
        t: seq * 10_000,
        reconnect: { state: 'connected', attempt: 0, reason: null, losses: 1, byReason: { disconnected: 1 } },
      }),
    );
    await post(...recovered, callSummary({ callId: CALL, reconnects: { byReason: { disconnected: 1 } } }));
    await poll('rtckit_call_reports_total{level="excellent"}').toBe(4);
    // The degradation ended: no poor report since, the new MOS values all above 4, the loss not counted again.
    expect(await query('rtckit_call_reports_total{level="poor"}')).toBe(3);
    expect(await query('rtckit_call_mos_count - ignoring(le) rtckit_call_mos_bucket{le="4"}')).toBe(4);
    expect(await query('rtckit_call_freeze_seconds_per_minute_bucket{le="0"}')).toBe(4);
    expect(await query('rtckit_call_reconnects_total{reason="disconnected"}')).toBe(1);
    expect(await query('rtckit_call_summaries_total{end_reason="ended"}')).toBe(1);
    // As rates: poor reports stopped coming (none in the last scrapes) while excellent ones came.
    await poll('increase(rtckit_call_reports_total{level="poor"}[5s])').toBe(0);
    expect(await query('increase(rtckit_call_reports_total{level="excellent"}[1m])')).toBeGreaterThan(0);
  }, 60_000);
});
