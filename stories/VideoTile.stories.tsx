import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useMemo } from 'react';
import { useLocalMedia, VideoTile } from 'rtckit';
import { FakeMediaDevices } from 'rtckit/testing';
import { tileStyle } from './tileStyle';
import { testRunnerOnly } from './support/storyTests';

const tile = tileStyle(320);

/** A tile on the real (in tests: Chromium's fake) camera. */
function LiveTile(props: { fit?: 'cover' | 'contain'; mirror?: boolean }) {
  const media = useLocalMedia({ audio: false });
  return <VideoTile stream={media.stream} local label="You" style={tile} {...props} />;
}

/** Capture denied by the browser: the tile shows the error and a way to retry in its placeholder. */
function DeniedTile() {
  const mediaDevices = useMemo(() => new FakeMediaDevices({ failWith: 'NotAllowedError' }), []);
  const media = useLocalMedia({ mediaDevices });
  return (
    <VideoTile stream={media.stream} local label="You" style={tile}>
      {media.error ? (
        <div role="alert" style={{ padding: 16, textAlign: 'center' }}>
          <strong>{media.error.message}</strong>
          <p>{media.error.hint}</p>
          <button onClick={media.restart}>Try again</button>
        </div>
      ) : (
        <span>Starting camera…</span>
      )}
    </VideoTile>
  );
}

const meta = {
  title: 'Components/VideoTile',
  component: VideoTile,
  args: { stream: null, label: 'Alice', style: tile },
} satisfies Meta<typeof VideoTile>;

export default meta;
type Story = StoryObj<typeof meta>;

export const LiveCamera: Story = {
  render: () => <LiveTile />,
  play: testRunnerOnly(async ({ canvasElement }) => {
    const tile = within(canvasElement).getByRole('figure', { name: 'You' });
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
    expect(tile).toHaveAttribute('data-mirrored', 'true');
  }),
};

export const LiveCameraContain: Story = {
  render: () => <LiveTile fit="contain" mirror={false} />,
  play: testRunnerOnly(async ({ canvasElement }) => {
    const tile = within(canvasElement).getByRole('figure', { name: 'You' });
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'playing'), { timeout: 10_000 });
    expect(tile).toHaveAttribute('data-fit', 'contain');
    expect(tile).not.toHaveAttribute('data-mirrored');
  }),
};

/** No stream (camera off, or a participant without video): the label is the placeholder. */
export const Placeholder: Story = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const tile = within(canvasElement).getByRole('figure', { name: 'Alice' });
    expect(tile).toHaveAttribute('data-state', 'no-video');
    expect(tile).toHaveTextContent('Alice');
  }),
};

export const CustomPlaceholder: Story = {
  args: {
    children: (
      <span aria-hidden style={{ fontSize: 48, borderRadius: '50%', background: '#4b5563', padding: 24 }}>
        AL
      </span>
    ),
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const tile = within(canvasElement).getByRole('figure', { name: 'Alice' });
    expect(tile).toHaveTextContent('AL');
  }),
};

export const PermissionDenied: Story = {
  render: () => <DeniedTile />,
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('denied');
    expect(canvas.getByRole('figure', { name: 'You' })).toHaveAttribute('data-state', 'no-video');
  }),
};
