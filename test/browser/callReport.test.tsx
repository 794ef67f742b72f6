// Call reports on a real call: two PeerSessions (usePeerConnection) in one page over loopback, the
// fake camera, real getStats(). useCallReport on each side delivers periodic reports with real
// bitrates and the route type, and on unmount a summary with the time to first frame; a fetch
// sink's requests are recorded in the page, and its page-hide beacon by a spy on the real
// navigator.sendBeacon (which still sends it).
import { render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  createMemorySignalingPair,
  fetchSink,
  useAdaptiveBitrate,
  useCallReport,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type CallReport,
  type CallReportMessage,
  type CallReportSinkLike,
  type CallSummary,
  type PeerSession,
  type Signaling,
} from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { selectedPair } from './helpers/selectedPair';

const slow = { timeout: 20_000, interval: 100 };

function Alice({ signaling, sink }: { signaling: Signaling; sink: CallReportSinkLike }) {
  const media = useLocalMedia({ audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, localStream: media.stream, polite: false });
  const abr = useAdaptiveBitrate(peer);
  const report = useCallReport(peer, { sink, abr, intervalMs: 1000 });
  return <output aria-label="Alice reports">{report.reports}</output>;
}

function Bob({
  signaling,
  sink,
  onSession,
}: {
  signaling: Signaling;
  sink: CallReportSinkLike;
  onSession?: (session: PeerSession) => void;
}) {
  const peer = usePeerConnection({ signaling, polite: true });
  useEffect(() => {
    onSession?.(peer.session);
  }, [peer.session, onSession]);
  const report = useCallReport(peer, { sink, intervalMs: 1000 });
  return (
    <section aria-label="Bob">
      <VideoTile stream={peer.remoteStream} label="Bob sees Alice" style={{ width: 320, height: 240 }} />
      <output aria-label="Bob reports">{report.reports}</output>
    </section>
  );
}

function Call({
  alice,
  bob,
  onBobSession,
}: {
  alice: CallReportSinkLike;
  bob: CallReportSinkLike;
  onBobSession?: (session: PeerSession) => void;
}) {
  const [[a, b]] = useState(() => createMemorySignalingPair().map(loopbackOnly));
  const [on, setOn] = useState(true);
  return (
    <>
      {on && <Alice signaling={a!} sink={alice} />}
      {on && <Bob signaling={b!} sink={bob} onSession={onBobSession} />}
      <button onClick={() => setOn(false)}>Hang up</button>
    </>
  );
}

const reports = (messages: CallReportMessage[]) => messages.filter((m): m is CallReport => m.kind === 'report');
const summaries = (messages: CallReportMessage[]) => messages.filter((m): m is CallSummary => m.kind === 'summary');
const IP = /\b\d{1,3}(\.\d{1,3}){3}\b|::1|candidate:/;

afterEach(() => document.body.replaceChildren());

describe('useCallReport on a real call (Chromium and Firefox, StrictMode)', () => {
  it('reports real bitrates and the route, and sends a summary with the time to first frame on unmount', async () => {
    const alice: CallReportMessage[] = [];
    const bob: CallReportMessage[] = [];
    let bobSession: PeerSession | undefined;
    render(<Call alice={(m) => alice.push(m)} bob={(m) => bob.push(m)} onBobSession={(s) => (bobSession = s)} />);
    await waitFor(
      () => expect(screen.getByRole('figure', { name: 'Bob sees Alice' }).dataset.state).toBe('playing'),
      slow,
    );
    // No STUN or TURN server: the pair is local host to remote host or peer-reflexive. Peer-reflexive
    // when the peer's checks come from an address whose candidate loopbackOnly dropped (its socket
    // on the machine's own address reaching our 127.0.0.1 or ::1); rtckit reports that as 'srflx'.
    let routeType: 'host' | 'srflx' = 'host';
    await waitFor(async () => {
      const latest = reports(bob).at(-1);
      expect(latest?.inbound.bitrate ?? 0).toBeGreaterThan(50_000);
      expect(latest?.quality.mos).not.toBeNull();
      const pair = await selectedPair(bobSession!.getSnapshot().pc!);
      expect(pair).toMatchObject({ local: 'host', remote: expect.stringMatching(/^(host|prflx)$/), protocol: 'udp' });
      routeType = pair.remote === 'host' ? 'host' : 'srflx';
      expect(latest?.route).toEqual({ type: routeType, protocol: 'udp', relayProtocol: null });
    }, slow);
    await waitFor(() => {
      const latest = reports(alice).at(-1);
      expect(latest?.outbound.bitrate ?? 0).toBeGreaterThan(50_000);
      expect(latest?.abr?.rung).toEqual(expect.any(String));
    }, slow);
    const latest = reports(bob).at(-1)!;
    // The browser this tier runs in, told by its own engine rather than by the report's parser.
    const firefox = 'mozInnerScreenX' in window;
    expect(latest.browser.name).toBe(firefox ? 'firefox' : 'chrome');
    expect(latest.connectionState).toBe('connected');
    // Bob only receives: Firefox measures a round trip only for what it sends and, since ESR
    // 153.8, its selected pair's STUN answers (reported in whole ms: 0 on loopback); before that,
    // no pair RTT, and the report said unknown rather than inventing one.
    if (firefox && latest.rttMs !== null) expect(latest.rttMs).toBeLessThan(50);
    else expect(latest.rttMs).toEqual(firefox ? null : expect.any(Number));
    // StrictMode mounted everything twice; one reporter per side reports, numbering from 1 without gaps.
    expect(reports(bob).map((r) => r.seq)).toEqual(reports(bob).map((_, i) => i + 1));
    expect(summaries(bob)).toEqual([]);

    screen.getByRole('button', { name: 'Hang up' }).click();
    await waitFor(() => expect(summaries(bob)).toHaveLength(1), slow);
    const summary = summaries(bob)[0]!;
    expect(summary.endReason).toMatch(/^(unsubscribed|closed)$/);
    expect(summary.timeToFirstFrameMs).toBeGreaterThan(0);
    expect(summary.timeToFirstFrameMs).toBeLessThan(summary.durationMs);
    expect(summary.samples).toBeGreaterThan(0);
    expect(summary.mos.min).toBeGreaterThan(1);
    expect(summary.timeInRouteMs[routeType]).toBeGreaterThan(0);
    expect(summary.timeInRouteMs.relay).toBeUndefined();
    const levelTime = Object.values(summary.timeInLevelMs).reduce((a, b) => a + b, 0);
    expect(levelTime).toBe(summary.durationMs);
    await waitFor(() => expect(summaries(alice)).toHaveLength(1), slow);
    expect(Object.values(summaries(alice)[0]!.timeInRungMs).length).toBeGreaterThan(0);
    // Loopback addresses were in the real stats; none is in what left the reporters.
    expect(JSON.stringify([...alice, ...bob])).not.toMatch(IP);
  });

  it('posts batches through a fetch sink and flushes the rest by sendBeacon on pagehide', async () => {
    const posted: string[] = [];
    // The sink finds navigator.sendBeacon itself; the real one still sends (to this test server, which ignores it).
    const sendBeacon = vi.spyOn(navigator, 'sendBeacon');
    onTestFinished(() => sendBeacon.mockRestore());
    const sink = fetchSink('/rtckit-call-reports', {
      batchSize: 2,
      flushIntervalMs: 60_000,
      fetch: async (_url, init) => {
        posted.push(init?.body as string);
        return new Response(null, { status: 204 });
      },
    });
    render(<Call alice={() => {}} bob={sink} />);
    await waitFor(() => expect(posted.length).toBeGreaterThanOrEqual(1), slow);
    const first = JSON.parse(posted[0]!) as { messages: CallReport[] };
    expect(first.messages.map((m) => m.seq)).toEqual([1, 2]);
    await waitFor(() => expect(sink.counts.queued).toBe(1), slow); // an odd report waits for its batch
    const postedBefore = posted.length;

    // The page-hide summary fills the batch: it goes with the waiting report by beacon, not by fetch.
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(sendBeacon.mock.calls.map(([url]) => url)).toEqual(['/rtckit-call-reports']);
    expect(sendBeacon.mock.results[0]).toEqual({ type: 'return', value: true });
    const beacon = JSON.parse(sendBeacon.mock.calls[0]![1] as string) as { messages: CallReportMessage[] };
    expect(beacon.messages.map((m) => m.kind)).toEqual(['report', 'summary']);
    expect(beacon.messages[1]).toMatchObject({ kind: 'summary', endReason: 'pagehide' });
    expect(sink.counts).toMatchObject({ queued: 0, dropped: 0, failed: 0 });
    await Promise.resolve(); // a fetch the summary started would have begun by now
    expect(posted).toHaveLength(postedBefore);
    screen.getByRole('button', { name: 'Hang up' }).click();
  });
});
