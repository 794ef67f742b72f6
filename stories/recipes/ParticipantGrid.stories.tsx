import type { Meta, StoryObj } from '@storybook/react-vite';
import { useCallback, useEffect, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { createMemorySignalingPair, useAdaptiveBitrate, useLocalMedia, usePeerConnection } from 'rtckit';
import { onThisMachine } from '../support/onThisMachine';
import { ParticipantGrid, type Participant } from './ParticipantGrid';
import { recipeDocs } from '../support/recipeDocs';
import source from './ParticipantGrid.tsx?raw';
import { testRunnerOnly } from '../support/storyTests';

const COUNT = 25;
const NAMES = Array.from({ length: COUNT }, (_, i) => `Participant ${i + 1}`);

interface LinkState extends Participant {
  /** Whether the sender is sending video at all (false while its tile is off screen). */
  readonly sending: boolean | null;
}

/**
 * Stands in for one remote participant: a sender (this page's camera, shared by all 25) and a
 * receiver connected over in-page signaling, with adaptive bitrate on both ends so the receiver's
 * tile reaches the sender. Renders nothing; the grid shows the receiving end.
 */
function LoopbackParticipant({
  name,
  camera,
  onChange,
}: {
  name: string;
  camera: MediaStream | null;
  onChange: (state: LinkState) => void;
}) {
  const [[senderEnd, receiverEnd]] = useState(() => createMemorySignalingPair().map(onThisMachine));
  const sender = usePeerConnection({ signaling: senderEnd!, localStream: camera, dataChannel: true, polite: false });
  const abr = useAdaptiveBitrate(sender);
  const receiver = usePeerConnection({ signaling: receiverEnd!, dataChannel: true, polite: true });
  useAdaptiveBitrate(receiver); // reports the tile's size and visibility to the sender
  const sending = abr.applied ? abr.applied.active : null;
  useEffect(
    () => onChange({ id: name, name, stream: receiver.remoteStream, pc: receiver.pc, sending }),
    [onChange, name, receiver.remoteStream, receiver.pc, sending],
  );
  return null;
}

/** Twenty-five live tiles from 25 loopback connections in this page. */
function TwentyFiveTiles() {
  const camera = useLocalMedia({ audio: false, video: { width: 320, height: 240, frameRate: 15 } });
  const [links, setLinks] = useState<ReadonlyMap<string, LinkState>>(new Map());
  const onChange = useCallback((state: LinkState) => setLinks((prev) => new Map(prev).set(state.id, state)), []);
  const participants = NAMES.flatMap((name) => links.get(name) ?? []);
  const paused = participants.filter((p) => p.sending === false).length;
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 760 }}>
      {NAMES.map((name) => (
        <LoopbackParticipant key={name} name={name} camera={camera.stream} onChange={onChange} />
      ))}
      <p>
        Senders paused because their tile is off screen: <output aria-label="Senders paused">{paused}</output> of{' '}
        {COUNT}. Scroll the grid to change it.
      </p>
      <ParticipantGrid participants={participants} />
    </div>
  );
}

const meta = {
  title: 'Recipes/Grid of 25',
  tags: ['autodocs'],
  component: TwentyFiveTiles,
  parameters: {
    layout: 'padded',
    docs: recipeDocs(
      source,
      'A 25-tile grid that stays fast: off-screen tiles pause, their senders stop sending, and a stats tick re-renders only the badges whose level changed (`npm run bench:grid`).',
    ),
  },
} satisfies Meta<typeof TwentyFiveTiles>;

export default meta;

const videoOf = (figure: HTMLElement) => figure.querySelector('video')!;

export const TwentyFive: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const grid = await canvas.findByRole('group', { name: 'Participants' });
    const first = () => canvas.getByRole('figure', { name: NAMES[0] });
    const last = () => canvas.getByRole('figure', { name: NAMES[COUNT - 1] });
    await waitFor(() => expect(within(grid).getAllByRole('figure')).toHaveLength(COUNT), { timeout: 20_000 });
    // The first tiles are on screen and play; the last ones are scrolled away, paused, and their
    // senders are asked to send nothing.
    await waitFor(() => expect(first()).toHaveAttribute('data-state', 'playing'), { timeout: 30_000 });
    await waitFor(() => expect(videoOf(last()).paused).toBe(true), { timeout: 10_000 });
    await waitFor(
      () => expect(Number(canvas.getByRole('status', { name: 'Senders paused' }).textContent)).toBeGreaterThan(0),
      {
        timeout: 20_000,
      },
    );
    grid.scrollTop = grid.scrollHeight;
    await waitFor(() => expect(videoOf(first()).paused).toBe(true), { timeout: 10_000 });
    await waitFor(() => expect(last()).toHaveAttribute('data-state', 'playing'), { timeout: 30_000 });
    await waitFor(() => expect(videoOf(last()).paused).toBe(false), { timeout: 10_000 });
  }),
};
