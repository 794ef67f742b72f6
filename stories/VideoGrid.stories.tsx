import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { VideoGrid, VideoTile } from 'rtckit';
import { useSyntheticVideo } from './support/syntheticVideo';
import { tileStyle } from './tileStyle';
import { testRunnerOnly } from './support/storyTests';

const NAMES = ['Ana', 'Ben', 'Chi', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lu'];

/** Twelve tiles of one test picture in a grid that scrolls: tiles out of view pause. */
function ScrollingGrid({ minTileWidth }: { minTileWidth: number }) {
  const picture = useSyntheticVideo('Test picture');
  return (
    // It scrolls, so it must be a tab stop for keyboards to scroll it (axe scrollable-region-focusable).
    <VideoGrid minTileWidth={minTileWidth} tabIndex={0} style={{ width: 480, maxHeight: 260, overflow: 'auto' }}>
      {NAMES.map((name) => (
        <VideoTile key={name} stream={picture} label={name} style={{ ...tileStyle(140), width: '100%' }} />
      ))}
    </VideoGrid>
  );
}

const meta = {
  title: 'Components/VideoGrid',
  component: ScrollingGrid,
  args: { minTileWidth: 140 },
  parameters: {
    docs: {
      description: {
        component:
          '`VideoGrid` lays out `VideoTile`s; inside it, tiles pause while scrolled out of view and report their size and visibility to the sender (with `useAdaptiveBitrate`). Scroll the grid and watch the off-screen tiles stop.',
      },
    },
  },
} satisfies Meta<typeof ScrollingGrid>;

export default meta;

const videoOf = (figure: HTMLElement) => figure.querySelector('video')!;

export const Scrolling: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const grid = canvas.getByRole('group', { name: 'Participants' });
    const first = canvas.getByRole('figure', { name: 'Ana' });
    const last = canvas.getByRole('figure', { name: 'Lu' });
    await waitFor(() => expect(first).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
    await waitFor(() => expect(videoOf(last).paused).toBe(true));
    grid.scrollTop = grid.scrollHeight;
    await waitFor(() => expect(videoOf(first).paused).toBe(true));
    await waitFor(() => expect(videoOf(last).paused).toBe(false));
    await waitFor(() => expect(last).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
  }),
};
