import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { demoSignalingServer } from '../support/demoSignaling';
import { onThisMachine } from '../support/onThisMachine';
import { OneToOneCall } from './OneToOneCall';
import { recipeDocs } from '../support/recipeDocs';
import source from './OneToOneCall.tsx?raw';
import { testRunnerOnly } from '../support/storyTests';

/** Both sides in one page, each with its own WebSocket connection to the reference server. */
function BothSides() {
  const { url, token } = demoSignalingServer();
  const [room] = useState(() => `demo-${Math.random().toString(36).slice(2, 8)}`);
  return (
    <div style={{ display: 'grid', gap: 24 }}>
      <OneToOneCall serverUrl={url} room={room} token={token} name="Alice" adaptSignaling={onThisMachine} />
      <OneToOneCall serverUrl={url} room={room} token={token} name="Bob" adaptSignaling={onThisMachine} />
    </div>
  );
}

const meta = {
  title: 'Recipes/One-to-one call (WebSocket server)',
  tags: ['autodocs'],
  component: BothSides,
  parameters: {
    layout: 'padded',
    docs: recipeDocs(
      source,
      'A call through the reference signaling server (`examples/signaling-server`, which `npm start` runs on 127.0.0.1:8787 with token `rtckit-demo`). Copy `OneToOneCall` and render it in two browsers with the same room.',
    ),
  },
} satisfies Meta<typeof BothSides>;

export default meta;

export const Call: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const timeout = { timeout: 15_000 };
    await waitFor(
      () => expect(canvas.getByRole('status', { name: 'Alice connection' })).toHaveTextContent('connected'),
      timeout,
    );
    await waitFor(
      () => expect(canvas.getByRole('figure', { name: "Bob's peer" })).toHaveAttribute('data-state', 'playing'),
      timeout,
    );
    await waitFor(
      () => expect(canvas.getByRole('figure', { name: "Alice's peer" })).toHaveAttribute('data-state', 'playing'),
      timeout,
    );
  }),
};
