import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { againstTestCoturn, storyIceServers } from '../support/testIceServers';
import { PreCallCheck } from './PreCallCheck';
import { recipeDocs } from '../support/recipeDocs';
import source from './PreCallCheck.tsx?raw';
import { testRunnerOnly } from '../support/storyTests';

const meta = {
  title: 'Recipes/Pre-call check',
  tags: ['autodocs'],
  component: PreCallCheck,
  args: { iceServers: storyIceServers(), onJoin: fn() },
  parameters: {
    layout: 'padded',
    docs: recipeDocs(
      source,
      'Camera preview, microphone level, device selectors and a STUN/TURN check, before joining. Here the servers are examples (a local coturn when the stories run as tests).',
    ),
  },
} satisfies Meta<typeof PreCallCheck>;

export default meta;

export const Check: StoryObj<typeof meta> = {
  play: testRunnerOnly(async ({ canvasElement, userEvent, args }) => {
    const canvas = within(canvasElement);
    const timeout = { timeout: 10_000 };
    await waitFor(
      () => expect(canvas.getByRole('figure', { name: 'Camera preview' })).toHaveAttribute('data-state', 'playing'),
      timeout,
    );

    const microphone = canvas.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
    await waitFor(() => expect(microphone.options.length).toBe(3));
    await userEvent.selectOptions(microphone, 'Fake Audio Input 1');
    await waitFor(() => expect(microphone.selectedOptions[0]?.textContent).toBe('Fake Audio Input 1'));
    await waitFor(
      () => expect(Number(canvas.getByRole('meter').getAttribute('aria-valuenow'))).toBeGreaterThan(0),
      timeout,
    );

    const join = canvas.getByRole('button', { name: 'Join' });
    if (againstTestCoturn()) {
      await waitFor(() => expect(join).toBeEnabled(), timeout);
      await userEvent.click(join);
      await expect(args.onJoin).toHaveBeenCalled();
    }
    localStorage.removeItem('rtckit:devices');
  }),
};
