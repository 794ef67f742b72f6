import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import {
  createMemorySignalingPair,
  useAdaptiveBitrate,
  useLocalMedia,
  usePeerConnection,
  useStats,
  VideoTile,
  type Signaling,
} from 'rtckit';
import { onThisMachine } from './support/onThisMachine';

const SIZES = {
  Small: { width: 160, height: 120 },
  Medium: { width: 320, height: 240 },
  Large: { width: 640, height: 480 },
  Hidden: null,
} as const;
type Size = keyof typeof SIZES;

function Alice({ signaling }: { signaling: Signaling }) {
  const media = useLocalMedia({ audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true, polite: false });
  const abr = useAdaptiveBitrate(peer);
  const sending = useStats(peer.pc, {
    select: (s) => {
      const video = s.latest?.outbound.video;
      if (!video || video.streams.every((stream) => stream.active === false)) return 'nothing';
      return video.frameWidth ? `${video.frameWidth}×${video.frameHeight}` : '—';
    },
  });
  return (
    <section aria-label="Alice" style={{ display: 'grid', gap: 4, alignContent: 'start' }}>
      <strong>Alice (sending her camera, 640×480)</strong>
      <span>
        Bob&apos;s tile:{' '}
        <output aria-label="Bob's tile">
          {abr.tile ? `${abr.tile.width}×${abr.tile.height}${abr.tile.visible ? '' : ', hidden'}` : 'not reported'}
        </output>
      </span>
      <span>
        Reason: <output aria-label="Reason">{abr.reason}</output>
      </span>
      <span>
        Sending: <output aria-label="Sending">{sending}</output>
      </span>
    </section>
  );
}

function Bob({ signaling }: { signaling: Signaling }) {
  const peer = usePeerConnection({ signaling, dataChannel: true, polite: true });
  useAdaptiveBitrate(peer); // reports Bob's tiles to Alice
  const [size, setSize] = useState<Size>('Large');
  const box = SIZES[size];
  return (
    <section aria-label="Bob" style={{ display: 'grid', gap: 8, alignContent: 'start' }}>
      <fieldset style={{ display: 'flex', gap: 12 }}>
        <legend>Bob&apos;s tile</legend>
        {(Object.keys(SIZES) as Size[]).map((name) => (
          <label key={name}>
            <input type="radio" name="size" checked={size === name} onChange={() => setSize(name)} /> {name}
          </label>
        ))}
      </fieldset>
      <div style={{ display: box ? 'block' : 'none' }}>
        <VideoTile
          stream={peer.remoteStream}
          label="Bob sees Alice"
          reportSize
          fit="contain"
          style={{ ...(box ?? SIZES.Small), background: '#1f2430', color: '#fff' }}
        />
      </div>
    </section>
  );
}

/**
 * Receiver-driven hints: Bob's `<VideoTile reportSize>` reports its size and whether it is on
 * screen over the session's data channel, and Alice's `useAdaptiveBitrate` never sends more than
 * the largest visible tile shows — and nothing while it is hidden. Pick a tile size and watch what
 * Alice's encoder sends (from her `getStats()`).
 */
function TileHints() {
  const [[alice, bob]] = useState(() => createMemorySignalingPair().map(onThisMachine));
  return (
    <div style={{ display: 'flex', gap: 24, alignItems: 'start' }}>
      <Alice signaling={alice!} />
      <Bob signaling={bob!} />
    </div>
  );
}

const meta = {
  title: 'Recipes/Receiver tile hints',
  component: TileHints,
  parameters: {
    layout: 'padded',
    docs: {
      source: {
        code: `// The receiving side: its tiles report their size (both sides run useAdaptiveBitrate).
const peer = usePeerConnection({ signaling, dataChannel: true });
useAdaptiveBitrate(peer);
<VideoTile stream={peer.remoteStream} label="Alice" reportSize />

// The sending side: never more than the largest visible tile, nothing while all are hidden.
const abr = useAdaptiveBitrate(peer); // abr.tile, abr.reason === 'receiver-tile' | 'receiver-hidden'`,
      },
    },
  },
} satisfies Meta<typeof TileHints>;

export default meta;

export const TileSizes: StoryObj<typeof meta> = {
  name: 'Tile sizes',
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const slow = { timeout: 15_000 };
    const sending = () => canvas.getByRole('status', { name: 'Sending' });
    await waitFor(
      () => expect(canvas.getByRole('figure', { name: 'Bob sees Alice' })).toHaveAttribute('data-state', 'playing'),
      slow,
    );
    await waitFor(() => expect(canvas.getByRole('status', { name: "Bob's tile" })).toHaveTextContent('640×480'), slow);
    await waitFor(() => expect(sending()).toHaveTextContent('640×480'), slow);

    await userEvent.click(canvas.getByRole('radio', { name: 'Small' }));
    await waitFor(
      () => expect(canvas.getByRole('status', { name: 'Reason' })).toHaveTextContent('receiver-tile'),
      slow,
    );
    await waitFor(() => expect(sending()).toHaveTextContent('160×120'), slow);

    await userEvent.click(canvas.getByRole('radio', { name: 'Hidden' }));
    await waitFor(
      () => expect(canvas.getByRole('status', { name: 'Reason' })).toHaveTextContent('receiver-hidden'),
      slow,
    );
    await waitFor(() => expect(sending()).toHaveTextContent('nothing'), slow);

    await userEvent.click(canvas.getByRole('radio', { name: 'Medium' }));
    await waitFor(() => expect(sending()).toHaveTextContent('320×240'), slow);
  },
};
