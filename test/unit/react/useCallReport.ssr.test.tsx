// @vitest-environment node
// useCallReport and its sinks where window, navigator and document do not exist (SSR/RSC).
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as rtckit from 'rtckit';

// Made at import, as an app would: creating a sink must touch no browser API.
const sink = rtckit.beaconSink('/api/call-reports');

describe('useCallReport in plain Node', () => {
  it('renders idle, with the sinks made at import, and touches nothing', () => {
    expect(typeof navigator === 'undefined' || typeof window === 'undefined').toBe(true);
    function Call() {
      const [signaling] = rtckit.createMemorySignalingPair();
      const peer = rtckit.usePeerConnection({ signaling: signaling! });
      const report = rtckit.useCallReport(peer, { sink, intervalMs: 5000 });
      return <output data-state={report.state}>{report.reports}</output>;
    }
    expect(renderToString(<Call />)).toContain('data-state="idle"');
    expect(sink.counts).toEqual({ queued: 0, sent: 0, dropped: 0, failed: 0 });
  });

  it('refuses to download a support dump without a document, with a typed error', () => {
    expect(() => rtckit.downloadSupportDump('{}\n')).toThrow(
      expect.objectContaining({ code: 'support-dump-unavailable' }),
    );
  });
});
