// useCallReport's wiring in jsdom (StrictMode, from test/setup.ts): a connection whose shared
// collector the test feeds, on a virtual clock. Real calls are in test/browser/callReport.test.tsx.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SharedRegistry,
  sharedStatsCollector,
  useCallReport,
  type CallReportMessage,
  type StatsCollectorRegistry,
  type UseCallReportOptions,
} from 'rtckit';
import { VirtualClock } from 'rtckit/testing';
import { receiverReports } from '../../helpers/syntheticReports';

function Report({ pc, options }: { pc: RTCPeerConnection | null; options: UseCallReportOptions }) {
  const report = useCallReport(pc, options);
  return (
    <>
      <output data-testid="state">{report.state}</output>
      <output data-testid="reports">{report.reports}</output>
      <output data-testid="bitrate">{report.latest?.inbound.bitrate ?? '—'}</output>
      <output data-testid="level-time">{report.summary?.timeInLevelMs.excellent ?? '—'}</output>
      <button onClick={() => report.downloadSupportDump('call.jsonl')}>Download support dump</button>
    </>
  );
}

function setup() {
  const clock = new VirtualClock();
  const pc = { connectionState: 'connected', getStats: () => new Promise(() => {}) } as unknown as RTCPeerConnection;
  const statsRegistry: StatsCollectorRegistry = new SharedRegistry();
  const messages: CallReportMessage[] = [];
  const options: UseCallReportOptions = {
    clock,
    statsRegistry,
    qualityRegistry: new SharedRegistry(),
    intervalMs: 2000,
    pageEvents: null,
    sink: (message) => messages.push(message),
  };
  const collector = sharedStatsCollector(pc, { registry: statsRegistry });
  const script = receiverReports();
  let call = 0;
  const run = (seconds: number) =>
    act(() => {
      for (let i = 0; i < seconds; i++) {
        collector.ingest(new Map(script(call++).map((s) => [s.id, s])), 'connected');
        clock.advance(1000);
      }
    });
  return { pc, options, messages, run };
}

afterEach(() => vi.unstubAllGlobals());

describe('useCallReport', () => {
  it('shows the latest report and summary so far, and sends one summary on unmount (StrictMode mounts twice)', async () => {
    const { pc, options, messages, run } = setup();
    const view = render(<Report pc={pc} options={options} />);
    expect(screen.getByTestId('state')).toHaveTextContent('reporting');
    run(6);
    expect(screen.getByTestId('reports')).toHaveTextContent('3');
    expect(screen.getByTestId('bitrate')).toHaveTextContent('800000');
    expect(screen.getByTestId('level-time')).toHaveTextContent('5000');
    view.unmount();
    await act(() => Promise.resolve());
    const summaries = messages.filter((m) => m.kind === 'summary');
    expect(summaries).toEqual([expect.objectContaining({ endReason: 'unsubscribed', durationMs: 6000 })]);
    expect(messages.filter((m) => m.kind === 'report').map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('shows the idle snapshot without a connection, and reports once one is given', () => {
    const { pc, options, run } = setup();
    const view = render(<Report pc={null} options={options} />);
    expect(screen.getByTestId('state')).toHaveTextContent('idle');
    view.rerender(<Report pc={pc} options={options} />);
    run(2);
    expect(screen.getByTestId('reports')).toHaveTextContent('1');
  });

  it('downloads the support dump as a JSON Lines file from a click', async () => {
    const { pc, options, run } = setup();
    const blobs: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:dump'),
        revokeObjectURL: () => {},
      }),
    );
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    render(<Report pc={pc} options={options} />);
    run(3);
    fireEvent.click(screen.getByRole('button', { name: 'Download support dump' }));
    expect(clicks.map((link) => [link.download, link.href])).toEqual([['call.jsonl', 'blob:dump']]);
    const lines = (await blobs[0]!.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((line) => line.type)).toEqual(['header', 'stats', 'stats', 'report']);
  });
});
