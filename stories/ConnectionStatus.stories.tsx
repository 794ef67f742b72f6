import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type CSSProperties } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { ConnectionStatus, useAutoReconnect } from 'rtckit';
import { createRtcKitError, FakeNetworkStatus } from 'rtckit/testing';
import { fakePeer } from '../test/helpers/fakePeer';
import { testRunnerOnly } from './support/storyTests';

/** A toast look for the stories; the component itself is unstyled. */
const toast: CSSProperties = {
  padding: '10px 14px',
  borderRadius: 8,
  background: '#1f2430',
  color: '#fff',
  font: '14px system-ui, sans-serif',
  minWidth: 320,
  minHeight: 20,
};

const meta = {
  title: 'Components/ConnectionStatus',
  component: ConnectionStatus,
  args: { style: toast },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof ConnectionStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Connected: Story = {
  args: { status: { state: 'connected' } },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toBeEmptyDOMElement();
    await expect(canvas.queryByRole('button')).toBeNull();
  }),
};

export const Reconnecting: Story = {
  args: { status: { state: 'reconnecting', reason: 'disconnected', attempt: 2, nextRetryInMs: 4200, retryNow: fn() } },
  play: testRunnerOnly(async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting… The connection dropped.');
    await expect(canvasElement).toHaveTextContent('Next try in 5 s');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry now' }));
    await expect(args.status.retryNow).toHaveBeenCalledOnce();
  }),
};

export const Offline: Story = {
  args: { status: { state: 'reconnecting', reason: 'offline', nextRetryInMs: null, retryNow: fn() } },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Reconnecting… You are offline.');
  }),
};

export const SignalingLost: Story = {
  name: 'Signaling server lost',
  args: { status: { state: 'reconnecting', reason: 'signaling-lost', nextRetryInMs: 2500, retryNow: fn() } },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('The server cannot be reached.');
  }),
};

export const Failed: Story = {
  args: {
    status: {
      state: 'failed',
      reason: 'failed',
      error: createRtcKitError('reconnect-failed', { detail: 'No connection for 60 s.' }),
      retryNow: fn(),
    },
  },
  play: testRunnerOnly(async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('alert')).toHaveTextContent(/^Could not reconnect\. The connection failed\. Check/);
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(args.status.retryNow).toHaveBeenCalledOnce();
  }),
};

export const OtherWords: Story = {
  name: 'In another language',
  args: {
    status: { state: 'reconnecting', reason: 'offline', nextRetryInMs: 3000, retryNow: fn() },
    labels: {
      reconnecting: 'Reconnexion…',
      retryNow: 'Réessayer',
      retryingIn: (s: number) => `Prochain essai dans ${s} s`,
      reasons: { offline: 'Vous êtes hors ligne.' },
    },
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnexion… Vous êtes hors ligne.');
    await expect(canvas.getByRole('button', { name: 'Réessayer' })).toBeInTheDocument();
  }),
};

/**
 * The real `useAutoReconnect` (and its `Reconnector`) on a fake connection and a fake network, in
 * real time: drop the connection and watch the banner, the grace period, the ICE restart and the
 * countdown; go offline and back.
 */
function DrivenByAFake() {
  const [peer] = useState(() => fakePeer());
  const [network] = useState(() => new FakeNetworkStatus());
  const reconnect = useAutoReconnect(peer, { network, graceMs: 1000, giveUpAfterMs: 20_000 });
  const set = (connectionState: RTCPeerConnectionState) => peer.set({ connectionState });
  return (
    <div style={{ display: 'grid', gap: 12, font: '14px system-ui, sans-serif' }}>
      <ConnectionStatus status={reconnect} style={toast} aria-label="Call status" />
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <button onClick={() => set('connected')}>Connection: connected</button>
        <button onClick={() => set('disconnected')}>Connection: disconnected</button>
        <button onClick={() => set('failed')}>Connection: failed</button>
        <button onClick={() => network.goOffline()}>Go offline</button>
        <button onClick={() => network.goOnline()}>Go online</button>
      </div>
      <output aria-label="Reconnector">
        {`state ${reconnect.state}, attempt ${reconnect.attempt}, ICE restarts ${reconnect.iceRestarts}, rebuilds ${reconnect.rebuilds}`}
      </output>
    </div>
  );
}

export const WithAFakeConnection: StoryObj = {
  name: 'Driven by a fake connection',
  render: () => <DrivenByAFake />,
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const banner = canvas.getByLabelText('Call status');
    const engine = canvas.getByRole('status', { name: 'Reconnector' });
    await userEvent.click(canvas.getByRole('button', { name: 'Connection: connected' }));
    await expect(banner).toHaveAttribute('data-state', 'connected');

    await userEvent.click(canvas.getByRole('button', { name: 'Connection: disconnected' }));
    await expect(banner).toHaveAttribute('data-state', 'reconnecting');
    await expect(within(banner).getByRole('status')).toHaveTextContent('The connection dropped.');
    // After the 1 s grace period: the first ICE restart.
    await waitFor(() => expect(engine).toHaveTextContent('attempt 1, ICE restarts 1'), { timeout: 3000 });

    await userEvent.click(canvas.getByRole('button', { name: 'Go offline' }));
    await expect(within(banner).getByRole('status')).toHaveTextContent('You are offline.');
    await userEvent.click(canvas.getByRole('button', { name: 'Go online' }));
    await waitFor(() => expect(engine).toHaveTextContent('ICE restarts 2'), { timeout: 3000 });

    await userEvent.click(canvas.getByRole('button', { name: 'Connection: connected' }));
    await expect(banner).toHaveAttribute('data-state', 'connected');
  }),
};
