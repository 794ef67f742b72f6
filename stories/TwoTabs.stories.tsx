import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useState } from 'react';
import { createBroadcastSignaling, PeerSession, usePeerConnection, VideoTile } from 'rtckit';
import { onThisMachine } from './support/onThisMachine';
import { syntheticVideo, useSyntheticVideo } from './support/syntheticVideo';

/**
 * A call between two tabs of one browser, with no server: open this story in a second tab (the
 * "Open in new tab" button) and the two connect over a `BroadcastChannel`. Each tab sends a
 * moving test picture with its own name. `polite: 'auto'` lets the tabs agree who gives way.
 */
function TwoTabs({ room = 'rtckit-two-tabs' }: { room?: string }) {
  const [name] = useState(() => `Tab ${Math.floor(Math.random() * 900 + 100)}`);
  const [signaling] = useState(() => onThisMachine(createBroadcastSignaling(room)));
  const video = useSyntheticVideo(name);
  const peer = usePeerConnection({ signaling, localStream: video, polite: 'auto' });
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <p>
        This is <strong>{name}</strong> in room <code>{room}</code>: open this story in another tab.
      </p>
      <div style={{ display: 'flex', gap: 16 }}>
        <VideoTile stream={video} label={name} style={{ width: 320, aspectRatio: '4 / 3', background: '#1f2430' }} />
        <VideoTile
          stream={peer.remoteStream}
          label="The other tab"
          style={{
            width: 320,
            aspectRatio: '4 / 3',
            background: '#1f2430',
            color: '#fff',
            display: 'grid',
            placeItems: 'center',
          }}
        >
          <span>Waiting for the other tab…</span>
        </VideoTile>
      </div>
      <span>
        Connection: <output aria-label="connection">{peer.connectionState}</output>
      </span>
    </div>
  );
}

const meta = {
  title: 'Recipes/Two tabs (BroadcastChannel)',
  component: TwoTabs,
  parameters: {
    docs: {
      source: {
        code: `const [signaling] = useState(() => createBroadcastSignaling('my-room'));
const peer = usePeerConnection({ signaling, localStream, polite: 'auto' });
return <VideoTile stream={peer.remoteStream} label="The other tab" />;`,
      },
    },
  },
} satisfies Meta<typeof TwoTabs>;

export default meta;

export const OpenInTwoTabs: StoryObj<typeof meta> = {
  name: 'Open in two tabs',
  args: { room: 'rtckit-two-tabs' },
  // Alone, it waits for the other tab: no picture yet, and no connection.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('figure', { name: 'The other tab' })).toHaveAttribute('data-state', 'no-video');
    expect(canvas.getByRole('status', { name: 'connection' }).textContent).not.toBe('connected');
  },
};

/** The test plays the other tab itself: a second BroadcastChannel end in the same page. */
export const WithASecondTab: StoryObj<typeof meta> = {
  args: { room: `rtckit-two-tabs-test` },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    // Capturing once lets Chromium hand out real (loopback) candidates instead of mDNS names.
    const camera = await navigator.mediaDevices.getUserMedia({ video: true });
    camera.getTracks().forEach((track) => track.stop());
    const picture = syntheticVideo('Other tab');
    const otherTab = new PeerSession({
      signaling: onThisMachine(createBroadcastSignaling(args.room!)),
      localStream: picture.stream,
      polite: 'auto',
    });
    const stop = otherTab.subscribe(() => {});
    try {
      const remote = canvas.getByRole('figure', { name: 'The other tab' });
      await waitFor(() => expect(remote).toHaveAttribute('data-state', 'playing'), { timeout: 15_000 });
      // The status follows connectionstatechange, an event apart from the frames: wait for it too.
      await waitFor(() => expect(canvas.getByRole('status', { name: 'connection' })).toHaveTextContent('connected'));
      await waitFor(() => expect(otherTab.getSnapshot().remoteStream?.getVideoTracks()).toHaveLength(1));
    } finally {
      stop();
      otherTab.close();
      picture.stop();
    }
  },
};
