import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useLocalMedia, VideoTile } from 'rtckit';
import { tileStyle } from './tileStyle';
import { testRunnerOnly } from './support/storyTests';

/**
 * The live camera: `useLocalMedia` captures, `VideoTile` shows it. Turn the camera off and the
 * camera light goes out (the track is stopped); the tile shows its placeholder.
 */
function LocalCamera() {
  const media = useLocalMedia({ video: { width: 640, height: 480 } });
  return (
    <div style={{ display: 'grid', gap: 12, width: 480 }}>
      <VideoTile stream={media.stream} local label="You" style={tileStyle(480)} />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <button onClick={() => media.setVideoEnabled(!media.videoEnabled)} aria-pressed={!media.videoEnabled}>
          {media.videoEnabled ? 'Turn camera off' : 'Turn camera on'}
        </button>
        <button onClick={() => media.setAudioEnabled(!media.audioEnabled)} aria-pressed={!media.audioEnabled}>
          {media.audioEnabled ? 'Mute' : 'Unmute'}
        </button>
        <span>
          Status: <output>{media.status}</output>
        </span>
      </div>
      {media.error && (
        <p role="alert">
          {media.error.message} {media.error.hint} <button onClick={media.restart}>Try again</button>
        </p>
      )}
    </div>
  );
}

const meta = {
  title: 'Live/Local camera',
  component: LocalCamera,
  parameters: {
    docs: {
      source: {
        code: `const media = useLocalMedia({ video: { width: 640, height: 480 } });
return (
  <>
    <VideoTile stream={media.stream} local label="You" />
    <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>Camera</button>
    <button onClick={() => media.setAudioEnabled(!media.audioEnabled)}>Mic</button>
  </>
);`,
      },
    },
  },
} satisfies Meta<typeof LocalCamera>;

export default meta;

export const Live: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const tile = canvas.getByRole('figure', { name: 'You' });
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
    expect(tile.querySelector('video')!.videoWidth).toBeGreaterThan(0);

    await userEvent.click(canvas.getByRole('button', { name: 'Turn camera off' }));
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'no-video'));
    await userEvent.click(canvas.getByRole('button', { name: 'Turn camera on' }));
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
  }),
};
