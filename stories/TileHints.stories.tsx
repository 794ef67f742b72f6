import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { onThisMachine } from './support/onThisMachine';
import { testRunnerOnly } from './support/storyTests';
import { TileHints } from './recipes/TileHints';
import { recipeDocs } from './support/recipeDocs';
import source from './recipes/TileHints.tsx?raw';

const meta = {
  title: 'Recipes/Receiver tile hints',
  tags: ['autodocs'],
  component: TileHints,
  args: { adaptSignaling: onThisMachine },
  parameters: {
    layout: 'padded',
    docs: recipeDocs(
      source,
      "Receiver-driven hints: the receiving side's `<VideoTile reportSize>` tells the sender how large its tile is and whether it is on screen, and the sender's `useAdaptiveBitrate` never sends more than that, nor anything while every tile is hidden. Both sides need `dataChannel: true`.",
    ),
  },
} satisfies Meta<typeof TileHints>;

export default meta;

export const TileSizes: StoryObj<typeof meta> = {
  name: 'Tile sizes',
  play: testRunnerOnly(async ({ canvasElement, userEvent }) => {
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
  }),
};
