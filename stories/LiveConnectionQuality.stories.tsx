import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { QualityBadge, StatsOverlay, useConnectionQuality, VideoTile } from 'rtckit';
import { useLoopbackCall } from './support/loopbackCall';
import { testRunnerOnly } from './support/storyTests';

/**
 * A real call inside this page: your camera goes out through one RTCPeerConnection and comes back
 * through another. The badge and the overlay read the receiver's `getStats()` every second; hover
 * or focus the badge for the sparklines. (Throttle the network in DevTools to watch it drop.)
 */
function LiveQuality() {
  const { call, error } = useLoopbackCall();
  const uplink = useConnectionQuality(call?.sender ?? null, { select: (q) => q.level });
  if (error) return <p role="alert">{error}</p>;
  return (
    <div style={{ display: 'grid', gap: 8, width: 480 }}>
      <div style={{ position: 'relative' }}>
        <VideoTile
          stream={call?.remoteStream ?? null}
          label="Received video"
          style={{ width: 480, aspectRatio: '4 / 3', background: '#1f2430', color: '#fff' }}
        />
        <StatsOverlay
          pc={call?.receiver ?? null}
          style={{ position: 'absolute', top: 8, left: 8, background: 'rgba(0,0,0,0.6)', color: '#fff', padding: 6 }}
        />
      </div>
      <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        <span>
          Receiving: <QualityBadge pc={call?.receiver ?? null} data-testid="downlink" />
        </span>
        <span>
          Sending: <output data-testid="uplink">{uplink}</output>
        </span>
      </div>
    </div>
  );
}

const meta = {
  title: 'Live/Connection quality',
  component: LiveQuality,
  parameters: {
    docs: {
      source: {
        code: `const quality = useConnectionQuality(pc); // { level, score, mos, reasons, uplink, downlink }
return (
  <div style={{ position: 'relative' }}>
    <VideoTile stream={remoteStream} label="Alice" />
    <StatsOverlay pc={pc} style={{ position: 'absolute', top: 8, left: 8 }} />
    <QualityBadge pc={pc} />
  </div>
);`,
      },
    },
  },
} satisfies Meta<typeof LiveQuality>;

export default meta;

export const Live: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(
      () =>
        expect(canvas.getByTestId('downlink')).toHaveAttribute(
          'data-quality',
          expect.stringMatching(/^(excellent|good)$/),
        ),
      { timeout: 15_000 },
    );
    await waitFor(() => expect(canvas.getByTestId('uplink')).toHaveTextContent(/^(excellent|good)$/), {
      timeout: 15_000,
    });
    // A level can come from the first sample; a bitrate needs a second one (it is a delta), so wait
    // for that sample rather than assume it has arrived with the level.
    await waitFor(
      () =>
        expect(canvas.getByRole('group', { name: 'Connection statistics' })).toHaveTextContent(
          /Receiving video\d+ kbit\/s/,
        ),
      { timeout: 15_000 },
    );
  }),
};
