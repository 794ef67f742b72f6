import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useState } from 'react';
import { createBroadcastSignaling, PeerSession } from 'rtckit';
import { onThisMachine } from './support/onThisMachine';
import { syntheticVideo, useSyntheticVideo } from './support/syntheticVideo';
import { testRunnerOnly } from './support/storyTests';
import { TwoTabs } from './recipes/TwoTabs';
import { recipeDocs } from './support/recipeDocs';
import source from './recipes/TwoTabs.tsx?raw';

/** One tab: a moving test picture with the tab's own name (two tabs need not share a camera). */
function ThisTab({ room = 'rtckit-two-tabs' }: { room?: string }) {
  const [name] = useState(() => `Tab ${Math.floor(Math.random() * 900 + 100)}`);
  const video = useSyntheticVideo(name);
  return <TwoTabs room={room} name={name} localStream={video} adaptSignaling={onThisMachine} />;
}

const meta = {
  title: 'Recipes/Two tabs (BroadcastChannel)',
  tags: ['autodocs'],
  component: ThisTab,
  parameters: {
    docs: recipeDocs(
      source,
      'A call between two tabs of one browser, with no server: open this story in a second tab and the two connect over a `BroadcastChannel`.',
    ),
  },
} satisfies Meta<typeof ThisTab>;

export default meta;

export const OpenInTwoTabs: StoryObj<typeof meta> = {
  name: 'Open in two tabs',
  args: { room: 'rtckit-two-tabs' },
  // Alone, it waits for the other tab: no picture yet, and no connection.
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('figure', { name: 'The other tab' })).toHaveAttribute('data-state', 'no-video');
    expect(canvas.getByRole('status', { name: 'connection' }).textContent).not.toBe('connected');
  }),
};

/**
 * The test plays the other tab itself: a second BroadcastChannel end in the same page. A test
 * only (alone it would be "Open in two tabs" again), so it is kept out of the sidebar and the docs.
 */
export const WithASecondTab: StoryObj<typeof meta> = {
  tags: ['!dev', '!autodocs'],
  args: { room: `rtckit-two-tabs-test` },
  play: testRunnerOnly(async ({ canvasElement, args }) => {
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
  }),
};
