import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useState } from 'react';
import {
  createMemorySignalingPair,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type Signaling,
  type UsePeerConnectionResult,
} from 'rtckit';
import { onThisMachine } from './support/onThisMachine';
import { tileStyle } from './tileStyle';
import { useSyntheticVideo } from './support/syntheticVideo';
import { testRunnerOnly } from './support/storyTests';

const tile = tileStyle(320);

function Status({ name, peer }: { name: string; peer: UsePeerConnectionResult }) {
  return (
    <span>
      {name}: <output aria-label={`${name} connection`}>{peer.connectionState}</output>
      {peer.closedBy && ` (closed by ${peer.closedBy})`}
    </span>
  );
}

/** Alice: the camera, and the buttons that end the call and start the next one. */
function Alice({
  signaling,
  stream,
  onCallAgain,
}: {
  signaling: Signaling;
  stream: MediaStream | null;
  onCallAgain: () => void;
}) {
  const peer = usePeerConnection({ signaling, localStream: stream, dataChannel: true });
  const closed = peer.connectionState === 'closed';
  return (
    <figure style={{ margin: 0, display: 'grid', gap: 8 }}>
      <VideoTile stream={stream} local label="Alice (camera)" style={tile} />
      <VideoTile stream={peer.remoteStream} label="Alice sees Bob" style={tile} />
      <Status name="Alice" peer={peer} />
      <div style={{ display: 'flex', gap: 8 }}>
        <button onClick={peer.restartIce} disabled={closed}>
          Restart ICE
        </button>
        <button onClick={peer.close} disabled={closed}>
          Hang up
        </button>
        {/* Both buttons stay in place (one disabled), so the keyboard focus is not lost. */}
        <button onClick={onCallAgain} disabled={!closed}>
          Call again
        </button>
      </div>
    </figure>
  );
}

/** Bob: a synthetic picture, as if from another machine. */
function Bob({ signaling }: { signaling: Signaling }) {
  const video = useSyntheticVideo('Bob');
  const peer = usePeerConnection({ signaling, localStream: video, dataChannel: true });
  return (
    <figure style={{ margin: 0, display: 'grid', gap: 8 }}>
      <VideoTile stream={video} label="Bob (test picture)" style={tile} />
      <VideoTile stream={peer.remoteStream} label="Bob sees Alice" style={tile} />
      <Status name="Bob" peer={peer} />
    </figure>
  );
}

const newSignalingPair = () => createMemorySignalingPair().map(onThisMachine);

/**
 * A real call between two `RTCPeerConnection`s in this page: `usePeerConnection` on each side,
 * talking over `createMemorySignalingPair()`. Alice sends the camera, Bob a test picture; each
 * side shows what it receives. The call starts once the camera is live. Switch the camera
 * resolution and the new track goes out with `replaceTrack`, without renegotiating. Hang up closes
 * Alice's connection (Bob's follows, `closedBy: 'remote'`); Call again starts a new call, with a
 * new connection on each side over a new signaling pair.
 */
function LiveCall() {
  const [hd, setHd] = useState(false);
  const media = useLocalMedia({ audio: false, video: hd ? { width: 1280, height: 720 } : { width: 640, height: 480 } });
  const [call, setCall] = useState(() => ({ number: 1, signaling: newSignalingPair() }));
  const callAgain = () => setCall(({ number }) => ({ number: number + 1, signaling: newSignalingPair() }));
  // The call starts once the camera is live (and stays up while its resolution changes).
  const [started, setStarted] = useState(false);
  if (!started && media.status === 'live') setStarted(true);
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <div style={{ display: 'flex', gap: 24 }}>
        {started ? (
          <>
            {/* A new key per call: both sides mount afresh, with new connections. */}
            <Alice
              key={`alice-${call.number}`}
              signaling={call.signaling[0]!}
              stream={media.stream}
              onCallAgain={callAgain}
            />
            <Bob key={`bob-${call.number}`} signaling={call.signaling[1]!} />
          </>
        ) : (
          <p role="status">Starting the camera…</p>
        )}
      </div>
      <label>
        <input type="checkbox" checked={hd} onChange={(event) => setHd(event.target.checked)} /> Camera at 1280×720
      </label>
      {media.error && <p role="alert">{`${media.error.message} ${media.error.hint}`}</p>}
    </div>
  );
}

const meta = {
  title: 'Live/Live call',
  component: LiveCall,
  parameters: {
    layout: 'padded',
    docs: {
      source: {
        code: `const [aliceSignaling, bobSignaling] = useState(() => createMemorySignalingPair())[0];
const media = useLocalMedia();

// Alice
const alice = usePeerConnection({ signaling: aliceSignaling, localStream: media.stream, dataChannel: true });
<VideoTile stream={alice.remoteStream} label="Alice sees Bob" />

// Bob
const bob = usePeerConnection({ signaling: bobSignaling, localStream: testPicture, dataChannel: true });
<VideoTile stream={bob.remoteStream} label="Bob sees Alice" />`,
      },
    },
  },
} satisfies Meta<typeof LiveCall>;

export default meta;

export const TwoPeersInOnePage: StoryObj<typeof meta> = {
  name: 'Two peers in one page',
  play: testRunnerOnly(async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const bobSees = await canvas.findByRole('figure', { name: 'Bob sees Alice' }, { timeout: 10_000 });
    const aliceSees = canvas.getByRole('figure', { name: 'Alice sees Bob' });
    await waitFor(() => expect(bobSees).toHaveAttribute('data-state', 'playing'), { timeout: 15_000 });
    await waitFor(() => expect(aliceSees).toHaveAttribute('data-state', 'playing'), { timeout: 15_000 });
    await waitFor(() =>
      expect(canvas.getByRole('status', { name: 'Alice connection' })).toHaveTextContent('connected'),
    );
    const video = bobSees.querySelector('video')!;
    expect(video.videoWidth / video.videoHeight).toBeCloseTo(4 / 3, 2);

    // A new camera track at another size replaces the old one on the same sender.
    await userEvent.click(canvas.getByRole('checkbox', { name: /1280/ }));
    // (The encoder may scale it down under load, so look at the shape: 4:3 before, 16:9 now.)
    await waitFor(() => expect(video.videoWidth / video.videoHeight).toBeCloseTo(16 / 9, 2), { timeout: 15_000 });

    await userEvent.click(canvas.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Bob connection' })).toHaveTextContent('closed'));
    expect(canvas.getByRole('button', { name: 'Hang up' })).toBeDisabled();

    // Call again: a new call on new connections, with video both ways again.
    await userEvent.click(canvas.getByRole('button', { name: 'Call again' }));
    await waitFor(
      () => {
        expect(canvas.getByRole('status', { name: 'Alice connection' })).toHaveTextContent(/^connected$/);
        expect(canvas.getByRole('status', { name: 'Bob connection' })).toHaveTextContent(/^connected$/);
        expect(canvas.getByRole('figure', { name: 'Bob sees Alice' })).toHaveAttribute('data-state', 'playing');
        expect(canvas.getByRole('figure', { name: 'Alice sees Bob' })).toHaveAttribute('data-state', 'playing');
      },
      { timeout: 15_000 },
    );
    expect(canvas.getByRole('button', { name: 'Call again' })).toBeDisabled();
  }),
};
