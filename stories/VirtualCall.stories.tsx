import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { QualityBadge, StatsOverlay, useConnectionQuality, VideoTile } from 'rtckit';
import { tileStyle } from './tileStyle';
import { useVirtualCall, withVirtualCall } from './support/virtualCall';
import { testRunnerOnly } from './support/storyTests';

/**
 * A remote tile with its quality badge and stats overlay inside a virtual call: switch the
 * toolbar's **Network** control (clean, lossy, capped, black hole) and watch every component
 * follow, with no camera and no second peer. Decorate any story with `withVirtualCall` and read
 * the connection with `useVirtualCall()`.
 */
function RemoteParticipant() {
  const { pc, remoteStream } = useVirtualCall();
  const quality = useConnectionQuality(pc);
  return (
    <div style={{ position: 'relative', width: 480 }}>
      <VideoTile stream={remoteStream} label="Remote participant" style={tileStyle(480)} />
      <StatsOverlay
        pc={pc}
        style={{ position: 'absolute', top: 8, left: 8, background: '#000a', color: '#fff', fontSize: 12, padding: 6 }}
      />
      <div style={{ position: 'absolute', right: 8, bottom: 8, color: '#fff' }}>
        <QualityBadge quality={quality} />
      </div>
    </div>
  );
}

const meta = {
  title: 'Components/Virtual call',
  component: RemoteParticipant,
  decorators: [withVirtualCall],
  parameters: { layout: 'padded' },
} satisfies Meta<typeof RemoteParticipant>;

export default meta;
type Story = StoryObj<typeof meta>;

const levelOf = (canvasElement: HTMLElement) =>
  canvasElement.querySelector('[data-quality]')?.getAttribute('data-quality');

export const Clean: Story = {
  globals: { network: 'clean' },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await waitFor(() => expect(levelOf(canvasElement)).toMatch(/excellent|good/), { timeout: 5000 });
    await waitFor(() => expect(within(canvasElement).getByRole('figure')).toHaveAttribute('data-state', 'playing'));
  }),
};

export const Lossy: Story = {
  globals: { network: 'lossy' },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await waitFor(() => expect(levelOf(canvasElement)).toBe('poor'), { timeout: 8000 });
    expect(within(canvasElement).getByRole('button', { name: /Poor\..*loss/i })).toBeInTheDocument();
  }),
};

export const Capped: Story = {
  globals: { network: 'capped' },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await waitFor(() => expect(levelOf(canvasElement)).toBe('poor'), { timeout: 8000 });
    expect(
      within(canvasElement).getByRole('button', { name: /Poor\..*(bandwidth|bitrate|round-trip)/i }),
    ).toBeInTheDocument();
  }),
};

export const BlackHole: Story = {
  globals: { network: 'black-hole' },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await waitFor(() => expect(levelOf(canvasElement)).toBe('lost'), { timeout: 8000 });
  }),
};
