// Issue 19 end to end: a real call in Chromium (two PeerSessions over loopback, the fake camera)
// whose two sides report through fetchSink — cross-origin, with the join token in Authorization,
// so through the CORS preflight — to the real ingest, scraped every second by a real Prometheus
// (test/helpers/reportStack.ts, run by the Node side). Impaired through CDP, the scraped metrics
// show the degradation; after the network is restored, they show that it ended.
import { render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import {
  createMemorySignalingPair,
  fetchSink,
  useCallReport,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type CallReportSinkLike,
  type HttpSink,
  type Signaling,
} from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';

declare module 'vitest/browser' {
  interface BrowserCommands {
    reportStackStatus(): Promise<{ available: boolean; required: boolean }>;
    startReportStack(peers: string[]): Promise<{ ingestUrl: string; tokens: Record<string, string> }>;
    queryReportStack(promql: string): Promise<number | null>;
    stopReportStack(): Promise<void>;
  }
}

const status = await commands.reportStackStatus();
if (!status.available) {
  const message = 'prometheus not found: the call report metrics test needs it (apt-get install -y prometheus)';
  if (status.required) throw new Error(message);
  console.warn(`rtckit: ${message}; skipped.`);
}

function Alice({ signaling, sink }: { signaling: Signaling; sink: CallReportSinkLike }) {
  const media = useLocalMedia({ audio: true, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, localStream: media.stream, polite: false });
  useCallReport(peer, { sink, intervalMs: 1000 });
  return null;
}

function Bob({ signaling, sink }: { signaling: Signaling; sink: CallReportSinkLike }) {
  const peer = usePeerConnection({ signaling, polite: true });
  useCallReport(peer, { sink, intervalMs: 1000 });
  return <VideoTile stream={peer.remoteStream} label="Bob sees Alice" style={{ width: 320, height: 240 }} />;
}

function Call({ alice, bob }: { alice: CallReportSinkLike; bob: CallReportSinkLike }) {
  const [[a, b]] = useState(() => createMemorySignalingPair().map(loopbackOnly));
  return (
    <>
      <Alice signaling={a!} sink={alice} />
      <Bob signaling={b!} sink={bob} />
    </>
  );
}

let unmount = () => {};
impairEachTest(() => unmount());

describe.runIf(status.available)('call reports from a real call, seen in a real Prometheus', () => {
  let stack: { ingestUrl: string; tokens: Record<string, string> };
  beforeAll(async () => {
    stack = await commands.startReportStack(['alice', 'bob']);
  }, 60_000);
  afterAll(() => commands.stopReportStack());

  const query = (promql: string) => commands.queryReportStack(promql);
  /** Waits until Prometheus's answer to `promql` passes `check` (scrapes come every second). */
  const scraped = (promql: string, check: (value: number | null) => void, timeout = 30_000) =>
    vi.waitFor(async () => check(await query(promql)), { timeout, interval: 250 });
  const sinkFor = (peer: string): HttpSink =>
    fetchSink(stack.ingestUrl, {
      headers: { authorization: `Bearer ${stack.tokens[peer]}` },
      batchSize: 1,
      flushIntervalMs: 1000,
    });

  it('shows the degradation under CDP impairment, and after the network is back, that it ended', async () => {
    const alice = sinkFor('alice');
    const bob = sinkFor('bob');
    ({ unmount } = render(<Call alice={alice} bob={bob} />));
    await waitFor(() => expect(screen.getByRole('figure', { name: 'Bob sees Alice' }).dataset.state).toBe('playing'), {
      timeout: 20_000,
      interval: 100,
    });
    const fine = 'sum(rtckit_call_reports_total{level=~"excellent|good"})';
    const bad = 'sum(rtckit_call_reports_total{level=~"poor|lost"})';
    await scraped(fine, (value) => expect(value).toBeGreaterThanOrEqual(4));

    // 300 kbit/s, 10 % loss and 100 ms per socket: connectionQuality.test.tsx measured poor within 6 s.
    await impair({ kbps: 300, lossPercent: 10, latencyMs: 100 });
    const impaired = performance.now();
    await scraped(bad, (value) => expect(value).toBeGreaterThanOrEqual(4));
    const degradedAfter = performance.now() - impaired;
    // The histograms moved with it: MOS at or under 3, RTT over 150 ms.
    expect(await query('sum(rtckit_call_mos_bucket{le="3"})')).toBeGreaterThan(0);
    expect(
      await query('sum(rtckit_call_rtt_seconds_count) - sum(rtckit_call_rtt_seconds_bucket{le="0.15"})'),
    ).toBeGreaterThan(0);

    await restoreNetwork();
    const restored = performance.now();
    // It ended: in the last 5 s of scrapes no poor or lost report came in, and fine ones did.
    await scraped(
      `sum(increase(rtckit_call_reports_total{level=~"poor|lost"}[5s])) == 0 and sum(increase(rtckit_call_reports_total{level=~"excellent|good"}[5s])) > 0`,
      (value) => expect(value).toBe(0),
      60_000,
    );
    console.log(
      `Prometheus showed 4 poor reports ${Math.round(degradedAfter)} ms after the impairment, none for 5 s with fine ones coming ${Math.round(performance.now() - restored)} ms after the restore`,
    );
    expect(await query('sum(rtckit_call_reports_refused_total)')).toBe(0);
    expect(alice.counts).toMatchObject({ failed: 0, dropped: 0 });
    expect(bob.counts).toMatchObject({ failed: 0, dropped: 0 });
  }, 150_000);
});
