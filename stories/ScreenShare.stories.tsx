import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useScreenShare, VideoTile } from 'rtckit';
import { tileStyle } from './tileStyle';
import { testRunnerOnly } from './support/storyTests';

/** Share a screen, window or tab; the browser's own "Stop sharing" button ends it here too. */
function ScreenShareDemo() {
  const share = useScreenShare();
  return (
    <div style={{ display: 'grid', gap: 12, width: 480 }}>
      <VideoTile stream={share.stream} label="Your screen" fit="contain" style={tileStyle(480, '16 / 9')} />
      <button onClick={share.sharing ? share.stop : share.start}>
        {share.sharing ? 'Stop sharing' : 'Share screen'}
      </button>
      {share.error && share.error.code !== 'share-cancelled' && <p role="alert">{share.error.message}</p>}
    </div>
  );
}

const meta = { title: 'Components/Screen share', component: ScreenShareDemo } satisfies Meta<typeof ScreenShareDemo>;
export default meta;

export const Share: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Share screen' }));
    const tile = canvas.getByRole('figure', { name: 'Your screen' });
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Stop sharing' }));
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'no-video'));
  }),
};
