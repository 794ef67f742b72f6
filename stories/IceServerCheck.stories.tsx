import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { againstTestCoturn, storyIceServers } from './support/testIceServers';
import { testRunnerOnly } from './support/storyTests';
import { IceServerCheck } from './recipes/IceServerCheck';
import { recipeDocs } from './support/recipeDocs';
import source from './recipes/IceServerCheck.tsx?raw';

const DESCRIPTION = `A settings-page check of your ICE servers: what is wrong with the configuration before anything is sent, then each server checked for real. Your server gives the page its ICE servers, with time-limited TURN credentials from the secret it shares with coturn:

\`\`\`ts
import { createTurnIceServer } from 'rtckit/server';

app.get('/ice-servers', requireLogin, (req, res) =>
  res.json([
    { urls: 'stun:turn.example.org:3478' },
    createTurnIceServer({ urls: 'turn:turn.example.org:3478', secret: process.env.TURN_SECRET, user: req.user.id, ttlSeconds: 3600 }),
  ]),
);
\`\`\``;

const meta = {
  title: 'Recipes/ICE server check',
  tags: ['autodocs'],
  component: IceServerCheck,
  args: { initial: storyIceServers() },
  parameters: {
    layout: 'padded',
    docs: recipeDocs(source, DESCRIPTION),
  },
} satisfies Meta<typeof IceServerCheck>;

export default meta;

export const Live: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = canvas.getByRole('table', { name: 'Server check' });
    if (againstTestCoturn()) {
      // The test coturn: STUN, TURN, and TURN with a wrong password.
      await userEvent.click(canvas.getByRole('button', { name: 'Check servers' }));
      await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('2 of 3 passed.'), { timeout: 10_000 });
      const rows = within(table).getAllByRole('row').slice(1);
      await expect(rows.map((row) => row.dataset.state)).toEqual(['pass', 'pass', 'fail']);
      await expect(rows[2]).toHaveAttribute('data-failure', 'auth-failed');
      await expect(rows[1]!.textContent).toContain('relay');
    }
    // A TURN server without credentials is flagged before anything is sent.
    const textarea = canvas.getByRole('textbox', { name: /ICE servers/ });
    await userEvent.clear(textarea);
    await userEvent.click(textarea);
    await userEvent.paste('[{ "urls": "turn:turn.example.org" }]');
    await expect(canvas.getByRole('list', { name: 'Configuration problems' })).toHaveTextContent(
      'iceServers[0] ("turn:turn.example.org"): a TURN server needs a username and a non-empty credential. (rule: turn-credentials)',
    );
  }),
};
