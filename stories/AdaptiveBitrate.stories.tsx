import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import {
  ABR_MODES,
  createMemorySignalingPair,
  useAdaptiveBitrate,
  useLocalMedia,
  usePeerConnection,
  useStats,
  VideoTile,
  type AbrMode,
  type Signaling,
} from 'rtckit';
import { onThisMachine } from './support/onThisMachine';
import { tileStyle } from './tileStyle';
import { testRunnerOnly } from './support/storyTests';

/** What Alice's encoder is really sending, from her own getStats(). */
function useSent(pc: RTCPeerConnection | null) {
  return useStats(pc, {
    select: (s) => {
      const video = s.latest?.outbound.video;
      return video?.frameWidth
        ? `${video.frameWidth}×${video.frameHeight}, ${Math.round(video.framesPerSecond ?? 0)} fps, ${Math.round((video.bitrate ?? 0) / 1000)} kbit/s`
        : '—';
    },
  });
}

function Alice({ signaling }: { signaling: Signaling }) {
  const media = useLocalMedia({ audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true, polite: false });
  const abr = useAdaptiveBitrate(peer);
  const sent = useSent(peer.pc);
  return (
    <section aria-label="Alice" style={{ display: 'grid', gap: 8, alignContent: 'start' }}>
      <VideoTile stream={media.stream} local label="Alice (camera)" style={tileStyle(240)} />
      <label>
        Mode{' '}
        <select value={abr.mode} onChange={(event) => abr.setMode(event.target.value as AbrMode)}>
          {ABR_MODES.map((mode) => (
            <option key={mode}>{mode}</option>
          ))}
        </select>
      </label>
      <label>
        Highest rung{' '}
        <select value={abr.maxRung} onChange={(event) => abr.setMaxRung(Number(event.target.value) || null)}>
          {abr.ladder.map((rung, index) => (
            <option key={rung.id} value={index}>
              {index === 0 ? `${rung.id} (no cap)` : rung.id}
            </option>
          ))}
        </select>
      </label>
      <ol aria-label="Ladder" style={{ margin: 0, paddingLeft: 20 }}>
        {abr.ladder.map((rung, index) => (
          <li
            key={rung.id}
            aria-current={index === abr.rungIndex || undefined}
            // Capped rungs in a grey that still reads (7:1 on white), not faded by opacity (2.8:1).
            style={{
              fontWeight: index === abr.rungIndex ? 'bold' : undefined,
              color: index < abr.maxRung ? '#595959' : undefined,
            }}
          >
            {rung.id}: up to {rung.height}p, {rung.maxFramerate} fps, {rung.maxBitrate / 1000} kbit/s
          </li>
        ))}
      </ol>
      <p style={{ margin: 0 }}>
        Rung <output aria-label="Current rung">{abr.rung?.id ?? '—'}</output> because{' '}
        <output aria-label="Reason">{abr.reason}</output>
        {abr.holding && (
          <>
            {' '}
            (holding: <output aria-label="Holding">{abr.holding}</output>)
          </>
        )}
      </p>
      <p style={{ margin: 0 }}>
        Sending <output aria-label="Sending">{sent}</output>
      </p>
    </section>
  );
}

function Bob({ signaling }: { signaling: Signaling }) {
  const peer = usePeerConnection({ signaling, dataChannel: true, polite: true });
  return (
    <section aria-label="Bob">
      <VideoTile stream={peer.remoteStream} label="Bob sees Alice" style={tileStyle(480)} />
    </section>
  );
}

/**
 * Adaptive bitrate on a real call between two `RTCPeerConnection`s in this page. Alice's
 * `useAdaptiveBitrate(peer)` reads her stats every second and picks a rung of the ladder; on this
 * clean link it stays at the best rung her 640×480 camera can fill. Storybook cannot impair the
 * network, so change what it may do instead: cap the ladder, or switch mode, and watch what her
 * encoder really sends (read back from `getStats()`). Throttle the network in DevTools to watch
 * it step down by itself.
 */
function AdaptiveBitrate() {
  const [[alice, bob]] = useState(() => createMemorySignalingPair().map(onThisMachine));
  return (
    <div style={{ display: 'flex', gap: 24, alignItems: 'start' }}>
      <Alice signaling={alice!} />
      <Bob signaling={bob!} />
    </div>
  );
}

const meta = {
  title: 'Live/Adaptive bitrate',
  component: AdaptiveBitrate,
  parameters: {
    layout: 'padded',
    docs: {
      source: {
        code: `const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true });
const abr = useAdaptiveBitrate(peer); // { rung, ladder, mode, reason, setMode, setMaxRung, … }

<select value={abr.mode} onChange={(e) => abr.setMode(e.target.value)}>…</select>
<select value={abr.maxRung} onChange={(e) => abr.setMaxRung(Number(e.target.value) || null)}>…</select>
<p>Sending {abr.rung?.id} because {abr.reason}</p>`,
      },
    },
  },
} satisfies Meta<typeof AdaptiveBitrate>;

export default meta;

export const TwoPeers: StoryObj<typeof meta> = {
  name: 'Two peers',
  play: testRunnerOnly(async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const slow = { timeout: 15_000 };
    await waitFor(
      () => expect(canvas.getByRole('figure', { name: 'Bob sees Alice' })).toHaveAttribute('data-state', 'playing'),
      slow,
    );
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Current rung' })).toHaveTextContent('540p30'), slow);
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Sending' })).toHaveTextContent(/^640×480/), slow);
    expect(canvas.getByRole('list', { name: 'Ladder' }).querySelector('[aria-current]')).toHaveTextContent(/^540p30/);

    // A cap moves the rung at once, and the encoder follows.
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Highest rung' }), '270p30');
    await expect(canvas.getByRole('status', { name: 'Current rung' })).toHaveTextContent('270p30');
    await expect(canvas.getByRole('status', { name: 'Reason' })).toHaveTextContent('capped');
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Sending' })).toHaveTextContent(/^360×270/), slow);

    // Screen-share mode keeps the resolution and gives up frame rate and bitrate instead.
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Mode' }), 'maintain-resolution');
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Sending' })).toHaveTextContent(/^640×480/), slow);

    // Off: the controller lets go.
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Mode' }), 'off');
    await expect(canvas.getByRole('status', { name: 'Current rung' })).toHaveTextContent('—');
    await expect(canvas.getByRole('status', { name: 'Reason' })).toHaveTextContent('off');
  }),
};
