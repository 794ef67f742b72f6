// useIceProbe and the IceProbe panel in jsdom with scripted servers, under StrictMode (test/setup.ts).
import { act, fireEvent, render, renderHook, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceProbe, useIceProbe, type IceProbeResult } from 'rtckit';
import { FakeIceNetwork } from 'rtckit/testing';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const TURN = { username: 'alice', credential: 'secret' };
const SERVERS: RTCIceServer[] = [
  { urls: 'stun:s.test' },
  { urls: 'turn:t.test', ...TURN },
  { urls: 'turn:bad.test', username: 'alice', credential: 'wrong' },
  { urls: 'turn:silent.test', ...TURN },
];

function network() {
  return new FakeIceNetwork({
    'stun:s.test': {
      candidates: [
        { type: 'host', afterMs: 1 },
        { type: 'srflx', afterMs: 25 },
      ],
    },
    'turn:t.test': { candidates: [{ type: 'relay', afterMs: 40 }], rttMs: 9 },
    'turn:bad.test': { candidates: [], errors: [{ errorCode: 401, errorText: 'Unauthorized.', afterMs: 30 }] },
  });
}

const flush = () => act(() => vi.advanceTimersByTimeAsync(5000));

describe('IceProbe', () => {
  it('is an accessible table: caption, column headers, a row per server with its result, and a Check button', async () => {
    const net = network();
    render(<IceProbe iceServers={SERVERS} options={{ RTCPeerConnection: net.RTCPeerConnection, timeoutMs: 3000 }} />);
    const table = screen.getByRole('table', { name: 'ICE servers' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Server', 'Result', 'Candidates', 'First candidate', 'Server response', 'Relay round trip']);
    expect(within(table).getByRole('cell', { name: 'Not checked yet.' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Not checked yet.');
    expect(net.connections).toHaveLength(0); // nothing runs until asked

    fireEvent.click(screen.getByRole('button', { name: 'Check servers' }));
    expect(table.closest('[data-rtckit-ice-probe]')).toHaveAttribute('data-state', 'running');
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    await flush();

    const row = (url: string) => screen.getByRole('rowheader', { name: url }).closest('tr')!;
    const cells = (url: string) =>
      within(row(url))
        .getAllByRole('cell')
        .map((td) => td.textContent);
    expect(cells('stun:s.test')).toEqual(['Pass', 'host, srflx', '1 ms', '25 ms', '–']);
    expect(cells('turn:t.test')).toEqual(['Pass', 'relay', '40 ms', '40 ms', '9 ms']);
    expect(cells('turn:bad.test')).toEqual(['Fail authentication failed', '–', '–', '–', '–']);
    expect(cells('turn:silent.test')).toEqual(['Fail unreachable', '–', '–', '–', '–']);
    expect(row('turn:bad.test')).toHaveAttribute('data-state', 'fail');
    expect(row('turn:bad.test')).toHaveAttribute('data-failure', 'auth-failed');
    expect(row('stun:s.test')).toHaveAttribute('data-state', 'pass');
    expect(within(row('turn:bad.test')).getByText('Fail')).toHaveAttribute('data-state', 'fail');
    expect(screen.getByRole('status')).toHaveTextContent('2 of 4 passed.');
    expect(screen.getByRole('button', { name: 'Check again' })).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('secret'); // credentials are never shown
    expect(net.openConnections).toBe(0);
  });

  it('Cancel stops the check and says so', async () => {
    const net = network();
    render(<IceProbe iceServers={SERVERS} options={{ RTCPeerConnection: net.RTCPeerConnection, timeoutMs: 3000 }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check servers' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('status')).toHaveTextContent('Cancelled; 2 of 4 passed.');
    expect(screen.getByRole('rowheader', { name: 'turn:silent.test' }).closest('tr')).toHaveAttribute(
      'data-state',
      'cancelled',
    );
    expect(net.openConnections).toBe(0);
  });

  it('with auto, checks on mount, once, and again when the servers change by value', async () => {
    const net = network();
    const options = { RTCPeerConnection: net.RTCPeerConnection, timeoutMs: 3000, auto: true };
    const { rerender } = render(<IceProbe iceServers={[{ urls: 'stun:s.test' }]} options={options} />);
    await flush();
    expect(screen.getByRole('status')).toHaveTextContent('1 of 1 passed.');
    // StrictMode ran the effect twice; the first run was cancelled, one finished.
    expect(net.openConnections).toBe(0);
    const made = net.connections.length;
    rerender(<IceProbe iceServers={[{ urls: 'stun:s.test' }]} options={options} />);
    await flush();
    expect(net.connections.length).toBe(made); // same servers, new array: no new check
    rerender(<IceProbe iceServers={[{ urls: 'turn:t.test', ...TURN }]} options={options} />);
    await flush();
    expect(screen.getByRole('rowheader', { name: 'turn:t.test' })).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'stun:s.test' })).toBeNull();
  });

  it('shows why a check could not run', async () => {
    render(<IceProbe iceServers={[]} options={{ auto: true }} />);
    await flush();
    expect(screen.getByRole('alert')).toHaveTextContent('iceServers is empty');
    expect(screen.getByRole('table', { name: 'ICE servers' }).closest('[data-state]')).toHaveAttribute(
      'data-state',
      'error',
    );
  });

  it('shows a probe run elsewhere, and forwards ref and props to the root', () => {
    const result: IceProbeResult = {
      serverIndex: 0,
      url: 'turn:x.test',
      kind: 'turn',
      status: 'fail',
      failure: 'relay-failed',
      reachable: true,
      timedOut: false,
      candidateTypes: ['relay'],
      firstCandidateMs: 12.4,
      serverResponseMs: 12.4,
      relayConnected: false,
      rttMs: null,
      candidateErrors: [],
      error: null,
      durationMs: 40,
    };
    const ref = { current: null as HTMLDivElement | null };
    render(
      <IceProbe
        ref={ref}
        probe={{ status: 'done', results: [result] }}
        label="Network check"
        className="panel"
        data-testid="root"
      />,
    );
    expect(ref.current).toBe(screen.getByTestId('root'));
    expect(ref.current).toHaveClass('panel');
    const row = screen.getByRole('rowheader', { name: 'turn:x.test' }).closest('tr')!;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((td) => td.textContent),
    ).toEqual(['Fail relay does not connect', 'relay', '12 ms', '12 ms', 'no connection']);
    expect(screen.getByRole('table', { name: 'Network check' })).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull(); // nothing to run
  });
});

describe('useIceProbe', () => {
  it('returns { status, results, error, run, cancel } and cancels a running check on unmount', async () => {
    const net = new FakeIceNetwork({});
    const { result, unmount } = renderHook(() =>
      useIceProbe([{ urls: 'stun:silent.test' }], { RTCPeerConnection: net.RTCPeerConnection, timeoutMs: 60_000 }),
    );
    expect(result.current).toMatchObject({ status: 'idle', results: [], error: null });
    const first = result.current;
    act(() => void result.current.run());
    expect(result.current.status).toBe('running');
    expect(result.current.run).toBe(first.run); // stable functions
    expect(result.current.cancel).toBe(first.cancel);
    expect(net.openConnections).toBe(1);
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(net.openConnections).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
