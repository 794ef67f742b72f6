import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { createMemorySignalingPair, type Signaling } from 'rtckit';
import { onThisMachine } from '../support/onThisMachine';
import { MeshParticipant } from './MeshCall';
import { recipeDocs } from '../support/recipeDocs';
import source from './MeshCall.tsx?raw';
import { testRunnerOnly } from '../support/storyTests';

const NAMES = ['Ana', 'Ben', 'Chi', 'Dev'];

/** Four participants in one page; every pair gets its own signaling channel (in an app: from your server). */
function MeshOfFour() {
  const [links] = useState(() => {
    const byName = new Map(NAMES.map((name) => [name, new Map<string, Signaling>()]));
    NAMES.forEach((a, i) =>
      NAMES.slice(i + 1).forEach((b) => {
        const [ab, ba] = createMemorySignalingPair();
        byName.get(a)!.set(b, onThisMachine(ab));
        byName.get(b)!.set(a, onThisMachine(ba));
      }),
    );
    return byName;
  });
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      {NAMES.map((name) => (
        <MeshParticipant key={name} name={name} links={links.get(name)!} />
      ))}
    </div>
  );
}

const meta = {
  title: 'Recipes/Mesh call of four',
  tags: ['autodocs'],
  component: MeshOfFour,
  parameters: {
    layout: 'padded',
    docs: recipeDocs(source, 'A full mesh: six connections between four participants in one page.'),
  },
} satisfies Meta<typeof MeshOfFour>;

export default meta;

export const FourPeers: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    for (const name of NAMES) {
      for (const other of NAMES.filter((n) => n !== name)) {
        await waitFor(
          () =>
            expect(canvas.getByRole('figure', { name: `${name} sees ${other}` })).toHaveAttribute(
              'data-state',
              'playing',
            ),
          {
            timeout: 15_000,
          },
        );
      }
    }
  }),
};
