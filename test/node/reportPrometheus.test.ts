// The metrics as an operator sees them: the real Prometheus (Debian's `prometheus`) started here on
// 127.0.0.1 with a free port, a temporary config (scrape every second) and a temporary storage
// directory, scraping the ingest's /metrics; stopped afterwards (test/helpers/reportStack.ts).
// Reports of a degraded call and then of its recovery go in over HTTP; Prometheus's HTTP API is
// queried until the scraped series show each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callReport, callSummary, degradedReport } from '../helpers/callReportMessages.ts';
import { prometheusAvailable, startReportStack, type ReportStack } from '../helpers/reportStack.ts';

// Like redis-server for the scale-out tests: skipped with a warning without it, except under CI.
const available = prometheusAvailable();
if (!available) {
  const message = 'prometheus not found: the metrics scrape test needs it (apt-get install -y prometheus)';
  if (process.env.CI) throw new Error(message);
  console.warn(`rtckit: ${message}; skipped.`);
}

const CALL = 'ca11000000000001';

describe.runIf(available)('call report metrics scraped by a real Prometheus', () => {
  let stack: ReportStack;
  beforeAll(async () => {
    stack = await startReportStack();
  }, 60_000);
  afterAll(() => stack?.stop());
  const query = (promql: string) => stack.query(promql);

  const poll = (promql: string) =>
    expect.poll(() => query(promql), { timeout: 20_000, interval: 250, message: promql });

  const post = async (...messages: unknown[]) => {
    const response = await fetch(stack.ingestUrl, {
      method: 'POST',
      body: JSON.stringify({ messages }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('alice')}` },
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
