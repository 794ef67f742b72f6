import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type CSSProperties } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  ConnectionStatus,
  createMemorySignalingPair,
  useAutoReconnect,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type Signaling,
} from 'rtckit';
import { onThisMachine } from './support/onThisMachine';
import { useSyntheticVideo } from './support/syntheticVideo';
import { tileStyle } from './tileStyle';
import { testRunnerOnly } from './support/storyTests';

const toast: CSSProperties = {
  padding: '8px 12px',
  borderRadius: 8,
  background: '#1f2430',
  color: '#fff',
  minHeight: 20,
};

/** A short name for a connection: the end of its SDP session id (one per RTCPeerConnection). */
function connectionId(pc: RTCPeerConnection | null): string {
  return /^o=\S+ (\d+)/m.exec(pc?.localDescription?.sdp ?? '')?.[1]?.slice(-4) ?? '…';
}

function Side({ name, signaling, stream }: { name: string; signaling: Signaling; stream: MediaStream | null }) {
  const peer = usePeerConnection({ signaling, localStream: stream });
  const reconnect = useAutoReconnect(peer);
  return (
    <figure style={{ margin: 0, display: 'grid', gap: 8, width: 320 }}>
      <VideoTile stream={peer.remoteStream} label={`${name} sees the other side`} style={tileStyle(320)} />
      <ConnectionStatus status={reconnect} aria-label={`${name} status`} style={toast} />
      <output aria-label={`${name} call`}>
        {`${name}: ${reconnect.state} · connection ${connectionId(peer.pc)} · ICE restarts ${reconnect.iceRestarts}`}
      </output>
      <div style={{ display: 'flex', gap: 8 }}>
        <button onClick={peer.restartIce}>{`${name}: restart ICE`}</button>
        <button onClick={peer.session.rebuild}>{`${name}: new connection`}</button>
      </div>
    </figure>
  );
}

/**
 * A real call between two `RTCPeerConnection`s in this page, each side with `useAutoReconnect`
 * and a `ConnectionStatus`. "New connection" replaces that side's connection the way the
 * reconnector does when an ICE restart cannot help (`session.rebuild()`): the other side follows
 * (its reconnector reports `reason: 'peer-restarted'` for a moment), and the video comes back on
 * new connections without the app doing anything. To see a real outage, turn off the network of the
 * machine for ten seconds or more (devtools' "Offline" does not cut WebRTC).
 */
function LiveAutoReconnect() {
  const media = useLocalMedia({ audio: false, video: { width: 640, height: 480 } });
  const bobVideo = useSyntheticVideo('Bob');
  const [[alice, bob]] = useState(() => createMemorySignalingPair().map(onThisMachine));
  const [started, setStarted] = useState(false);
  if (!started && media.status === 'live') setStarted(true);
  return started ? (
    <div style={{ display: 'flex', gap: 24 }}>
      <Side name="Alice" signaling={alice!} stream={media.stream} />
      <Side name="Bob" signaling={bob!} stream={bobVideo} />
    </div>
  ) : (
    <p role="status">Starting the camera…</p>
  );
}

const meta = {
  title: 'Live/Auto-reconnect',
  component: LiveAutoReconnect,
  parameters: {
    layout: 'padded',
    docs: {
      source: {
        code: `const peer = usePeerConnection({ signaling, localStream: media.stream });
const reconnect = useAutoReconnect(peer); // { state, attempt, nextRetryInMs, reason, retryNow, … }

<VideoTile stream={peer.remoteStream} label="Them" />
<ConnectionStatus status={reconnect} />`,
      },
    },
  },
} satisfies Meta<typeof LiveAutoReconnect>;

export default meta;

export const TwoPeers: StoryObj<typeof meta> = {
  name: 'Two peers, one rebuilds its connection',
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const bobSees = await canvas.findByRole('figure', { name: 'Bob sees the other side' }, { timeout: 10_000 });
    await waitFor(() => expect(bobSees).toHaveAttribute('data-state', 'playing'), { timeout: 15_000 });
    await waitFor(() => expect(canvas.getByLabelText('Alice status')).toHaveAttribute('data-state', 'connected'));
    const before = bobSees.querySelector('video')!.srcObject;
    const aliceCall = canvas.getByRole('status', { name: 'Alice call' });
    const aliceConnection = /connection (\S+)/.exec(aliceCall.textContent ?? '')?.[1];

    await userEvent.click(canvas.getByRole('button', { name: 'Bob: new connection' }));
    // Alice's side follows with a new connection of its own, and the call is back on both.
    await waitFor(
      () => {
        expect(aliceCall).not.toHaveTextContent(`connection ${aliceConnection}`);
        expect(aliceCall).toHaveTextContent(/connected · connection \d+/);
        expect(canvas.getByLabelText('Bob status')).toHaveAttribute('data-state', 'connected');
        expect(bobSees.querySelector('video')!.srcObject).not.toBe(before);
        expect(bobSees).toHaveAttribute('data-state', 'playing');
      },
      { timeout: 15_000 },
    );
  }),
};
