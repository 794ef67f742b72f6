import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { createMemorySignalingPair, StatsOverlay, useLocalMedia, usePeerConnection, VideoTile } from 'rtckit';
import { onThisMachine } from '../support/onThisMachine';
import { useSyntheticVideo } from '../support/syntheticVideo';
import { tileStyle } from '../tileStyle';
import { QualityDashboard } from './QualityDashboard';
import { recipeDocs } from '../support/recipeDocs';
import source from './QualityDashboard.tsx?raw';
import { testRunnerOnly } from '../support/storyTests';

/** A real call in this page (your camera one way, a test picture back), with the dashboard on your side. */
function CallWithDashboard() {
  const [[mine, theirs]] = useState(() => createMemorySignalingPair().map(onThisMachine));
  const media = useLocalMedia({ audio: false });
  const me = usePeerConnection({ signaling: mine!, localStream: media.stream });
  const picture = useSyntheticVideo('Remote');
  usePeerConnection({ signaling: theirs!, localStream: picture });
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'start' }}>
      <div style={{ position: 'relative' }}>
        <VideoTile stream={me.remoteStream} label="Remote participant" style={tileStyle(320)} />
        <StatsOverlay
          pc={me.pc}
          style={{
            position: 'absolute',
            top: 8,
            left: 8,
            background: '#000a',
            color: '#fff',
            fontSize: 11,
            padding: 6,
          }}
        />
      </div>
      <QualityDashboard pc={me.pc} />
    </div>
  );
}

const meta = {
  title: 'Recipes/Quality dashboard',
  tags: ['autodocs'],
  component: CallWithDashboard,
  parameters: {
    layout: 'padded',
    docs: recipeDocs(
      source,
      'Quality level and reasons, a table of both directions, and sparklines of the last minute.',
    ),
  },
} satisfies Meta<typeof CallWithDashboard>;

export default meta;

export const LiveCall: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dashboard = canvas.getByRole('region', { name: 'Connection quality' });
    const timeout = { timeout: 10_000 };
    await waitFor(
      () =>
        expect(dashboard.querySelector('[data-quality]')).toHaveAttribute(
          'data-quality',
          expect.stringMatching(/excellent|good/),
        ),
      timeout,
    );
    const table = within(dashboard).getByRole('table');
    const videoRow = within(table).getByRole('row', { name: /Video bitrate/ });
    await waitFor(() => expect(videoRow.textContent).toMatch(/Video bitrate\d+ kbit\/s\d+ kbit\/s/), timeout);
    // Bytes can arrive (a bitrate) before the first decoded frame gives a resolution.
    await waitFor(
      () => expect(within(table).getByRole('row', { name: /Resolution/ }).textContent).toMatch(/\d+×\d+/),
      timeout,
    );
    await waitFor(
      () =>
        expect(within(dashboard).getByRole('img', { name: /Round-trip time over the last [2-9]/ })).toBeInTheDocument(),
      timeout,
    );
  }),
};
