import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useCallReport, VideoTile, type CallSummary } from 'rtckit';
import { useLoopbackCall } from './support/loopbackCall';
import { testRunnerOnly } from './support/storyTests';

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** The summary as an operator reads it: one row per field. */
function SummaryTable({ summary }: { summary: CallSummary }) {
  const levels = Object.entries(summary.timeInLevelMs)
    .filter(([, ms]) => ms > 0)
    .map(([level, ms]) => `${level} ${seconds(ms)}`)
    .join(', ');
  const rows: [string, string][] = [
    ['Duration', seconds(summary.durationMs)],
    ['Time to first frame', seconds(summary.timeToFirstFrameMs)],
    ['Time in each quality level', levels || '—'],
    ['MOS mean / minimum', `${summary.mos.mean ?? '—'} / ${summary.mos.min ?? '—'}`],
    ['Freezes', `${summary.freezes.count} (${seconds(summary.freezes.durationMs)})`],
    ['Reconnects', `${summary.reconnects.count} (${seconds(summary.reconnects.totalMs)} in all)`],
    [
      'Route',
      Object.entries(summary.timeInRouteMs)
        .map(([route, ms]) => `${route} ${seconds(ms ?? 0)}`)
        .join(', ') || '—',
    ],
  ];
  return (
    <table aria-label="Call summary" style={{ borderCollapse: 'collapse' }}>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row" style={{ textAlign: 'left', paddingRight: 16, fontWeight: 500 }}>
              {name}
            </th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A real call inside this page (your camera out through one RTCPeerConnection and back through
 * another), reported by `useCallReport` on the receiving side every two seconds. The table is the
 * summary so far — what a sink receives when the call ends — and the JSON the latest periodic
 * report, redacted as it would be sent.
 */
function LiveCallReport() {
  const { call, error } = useLoopbackCall();
  const report = useCallReport(call?.receiver ?? null, { intervalMs: 2000 });
  if (error) return <p role="alert">{error}</p>;
  return (
    <div style={{ display: 'grid', gap: 12, width: 520 }}>
      <VideoTile
        stream={call?.remoteStream ?? null}
        label="Received video"
        style={{ width: 320, aspectRatio: '4 / 3', background: '#1f2430', color: '#fff' }}
      />
      <p>
        Reports sent: <output data-testid="reports">{report.reports}</output> ·{' '}
        <button onClick={() => report.downloadSupportDump()}>Download support dump</button>
      </p>
      {report.summary ? <SummaryTable summary={report.summary} /> : <p>Waiting for the first report…</p>}
      {/* A named, focusable region, so a keyboard can scroll it too. */}
      <pre
        role="region"
        aria-label="Latest report"
        tabIndex={0}
        style={{ fontSize: 11, maxHeight: 240, overflow: 'auto' }}
      >
        {report.latest ? JSON.stringify(report.latest, null, 2) : ''}
      </pre>
    </div>
  );
}

const meta = {
  title: 'Live/Call report',
  component: LiveCallReport,
  parameters: {
    docs: {
      source: {
        code: `const sink = beaconSink('/api/call-reports'); // once, outside the component

const report = useCallReport(peer, { sink, abr, reconnect }); // abr, reconnect: the hooks' results
// report.latest: the newest periodic report; report.summary: the summary so far (final on unmount)
<button onClick={() => report.downloadSupportDump()}>Download support dump</button>`,
      },
    },
  },
} satisfies Meta<typeof LiveCallReport>;

export default meta;

export const Live: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = await canvas.findByRole('table', { name: 'Call summary' }, { timeout: 15_000 });
    // Video has arrived once the summary has a time to first frame; bitrate needs a second sample.
    await waitFor(
      () => expect(within(table).getByRole('row', { name: /Time to first frame/ })).toHaveTextContent(/\d+\.\d s/),
      { timeout: 15_000 },
    );
    await waitFor(
      () => {
        const latest = JSON.parse(canvas.getByLabelText('Latest report').textContent || '{}') as {
          inbound?: { bitrate?: number | null };
          route?: { type?: string };
        };
        expect(latest.inbound?.bitrate ?? 0).toBeGreaterThan(0);
        expect(latest.route?.type).toMatch(/^(host|srflx|relay)$/);
      },
      { timeout: 15_000 },
    );
    expect(canvas.getByLabelText('Latest report').textContent).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
  }),
};
