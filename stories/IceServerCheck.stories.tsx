import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useMemo, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { checkTurnCredentials, IceProbe, useIceProbe, validateIceServers } from 'rtckit';
import { againstTestCoturn, storyIceServers } from './support/testIceServers';

/**
 * A pre-call network check for a settings page: paste your ICE servers, see what is wrong with the
 * configuration before anything is sent (`validateIceServers`, `checkTurnCredentials`), then check
 * each server for real (`useIceProbe` + `IceProbe`): reachable or not, authentication, candidate
 * types, latency, and a call through each TURN relay.
 */
function IceServerCheck({ initial }: { initial: RTCIceServer[] }) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const id = useId();
  const parsed = useMemo((): { servers?: RTCIceServer[]; problem?: string } => {
    try {
      return { servers: JSON.parse(text) as RTCIceServer[] };
    } catch (error) {
      return { problem: `Not JSON: ${(error as Error).message}` };
    }
  }, [text]);
  const problems = parsed.servers
    ? [
        ...validateIceServers(parsed.servers, { requireServers: true }),
        ...checkTurnCredentials(parsed.servers, { minValidityMs: 5 * 60_000 }),
      ].map((error) => error.message)
    : [parsed.problem!];
  const probe = useIceProbe(parsed.servers, { timeoutMs: 5000 });
  return (
    <div style={{ display: 'grid', gap: 12, width: 720, fontFamily: 'system-ui', fontSize: 14 }}>
      <label htmlFor={id}>ICE servers (JSON, as in RTCConfiguration.iceServers)</label>
      <textarea id={id} rows={8} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
      {problems.length > 0 && (
        <ul aria-label="Configuration problems" style={{ color: '#b91c1c', margin: 0 }}>
          {problems.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <IceProbe
        probe={probe}
        label="Server check"
        style={{ '--rtckit-ice-pass': '#15803d', '--rtckit-ice-fail': '#dc2626' } as React.CSSProperties}
      />
    </div>
  );
}

const meta = {
  title: 'Recipes/ICE server check',
  component: IceServerCheck,
  args: { initial: storyIceServers() },
  parameters: {
    layout: 'padded',
    docs: {
      source: {
        code: `// Your server (Node): time-limited TURN credentials from the secret you share with coturn.
import { createTurnIceServer } from 'rtckit/server';
app.get('/ice-servers', requireLogin, (req, res) =>
  res.json([
    { urls: 'stun:turn.example.org:3478' },
    createTurnIceServer({ urls: 'turn:turn.example.org:3478', secret: process.env.TURN_SECRET, user: req.user.id, ttlSeconds: 3600 }),
  ]),
);

// The settings page (React).
const problems = validateIceServers(iceServers, { requireServers: true });
const stale = checkTurnCredentials(iceServers); // time-limited credentials about to expire
const probe = useIceProbe(iceServers, { timeoutMs: 5000 });
return <IceProbe probe={probe} />;`,
      },
    },
  },
} satisfies Meta<typeof IceServerCheck>;

export default meta;

export const Live: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
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
  },
};
