// useAutoReconnect's wiring in jsdom (StrictMode, from test/setup.ts): a fake peer and a virtual
// clock, with ConnectionStatus showing the result. Real outages are in test/network/.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConnectionStatus, useAutoReconnect, type AutoReconnectPeer, type UseAutoReconnectOptions } from 'rtckit';
import { FakeNetworkStatus } from 'rtckit/testing';
import { fakePeer } from '../../helpers/fakePeer';
import { VirtualClock } from 'rtckit/testing';

function Banner({ peer, options }: { peer: AutoReconnectPeer; options?: UseAutoReconnectOptions }) {
  const reconnect = useAutoReconnect(peer, options);
  return (
    <>
      <span data-testid="attempt">{reconnect.attempt}</span>
      <ConnectionStatus status={reconnect} />
    </>
  );
}

function setup(options: UseAutoReconnectOptions = {}) {
  const clock = new VirtualClock();
  const network = new FakeNetworkStatus();
  const peer = fakePeer();
  const all = { clock, network, giveUpAfterMs: 10_000, ...options };
  const view = render(<Banner peer={peer} options={all} />);
  const state = () => view.container.querySelector('[data-state]')!.getAttribute('data-state');
  const advance = (ms: number) => act(() => clock.advance(ms));
  return { clock, network, peer, view, state, advance, all };
}

describe('useAutoReconnect', () => {
  it('follows the peer: connected, reconnecting with a countdown, failed, and back via the button', () => {
    const { peer, state, advance } = setup({ nextRetryDelayMs: ({ attempt }) => (attempt === 1 ? 0 : 2500) });
    expect(state()).toBe('idle');
    act(() => peer.set({ connectionState: 'connected' }));
    expect(state()).toBe('connected');
    act(() => peer.set({ connectionState: 'failed' }));
    expect(state()).toBe('reconnecting');
    expect(screen.getByRole('status')).toHaveTextContent('The connection failed.');
    advance(0);
    expect(peer.restarts).toBe(1);
    expect(screen.getByTestId('attempt')).toHaveTextContent('1');
    advance(10_000);
    expect(state()).toBe('failed');
    expect(screen.getByRole('alert')).toHaveTextContent('Could not reconnect.');
    const attempts = peer.restarts + peer.rebuilds;

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    advance(0);
    expect(state()).toBe('reconnecting');
    expect(peer.restarts + peer.rebuilds).toBe(attempts + 1);
    act(() => peer.set({ connectionState: 'disconnected' }));
    act(() => peer.set({ connectionState: 'failed' }));
    advance(0);
    expect(document.querySelector('[data-rtckit-countdown]')).toHaveTextContent('Next try in 3 s');
    advance(1000);
    expect(document.querySelector('[data-rtckit-countdown]')).toHaveTextContent('Next try in 2 s');
    act(() => peer.set({ connectionState: 'connected' }));
    expect(state()).toBe('connected');
  });

  it('accepts usePeerConnection’s result (its session) and a missing peer', () => {
    const clock = new VirtualClock();
    const peer = fakePeer();
    const { container, rerender } = render(
      <Banner peer={{ session: peer as never }} options={{ clock, network: null }} />,
    );
    act(() => peer.set({ connectionState: 'connected' }));
    expect(container.querySelector('[data-state]')).toHaveAttribute('data-state', 'connected');
    rerender(<Banner peer={null} />);
    expect(container.querySelector('[data-state]')).toHaveAttribute('data-state', 'idle');
  });

  it('applies new options on the next render', () => {
    const { peer, view, all, advance } = setup({ graceMs: 2000 });
    act(() => peer.set({ connectionState: 'connected' }));
    view.rerender(<Banner peer={peer} options={{ ...all, graceMs: 100 }} />);
    act(() => peer.set({ connectionState: 'disconnected' }));
    advance(100);
    expect(peer.restarts).toBe(1);
  });

  it('leaves no timer behind after unmount', async () => {
    const { peer, view, clock } = setup();
    act(() => peer.set({ connectionState: 'connected' }));
    act(() => peer.set({ connectionState: 'disconnected' }));
    expect(clock.pending).toBeGreaterThan(0);
    view.unmount();
    await act(() => Promise.resolve());
    expect(clock.pending).toBe(0);
    act(() => clock.advance(120_000));
    expect(peer.restarts).toBe(0);
  });
});
