import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { StatsOverlay } from 'rtckit';
import lossy from '../test/fixtures/stats/lossy.json';
import type { StatsFixture } from '../test/fixtureTypes';
import { replay } from './support/recorded';
import { testRunnerOnly } from './support/storyTests';

const meta = {
  title: 'Components/StatsOverlay',
  component: StatsOverlay,
  args: { style: { background: 'rgba(0,0,0,0.75)', color: '#fff', padding: 8, borderRadius: 6, width: 320 } },
} satisfies Meta<typeof StatsOverlay>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The receiver of a recorded lossy Chromium call, eight seconds in. */
export const RecordedSample: Story = {
  args: { sample: replay(lossy as unknown as StatsFixture, 'receiver', 9).latest },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const overlay = within(canvasElement).getByRole('group', { name: 'Connection statistics' });
    await expect(overlay).toHaveTextContent('Video loss (up / down)– / 18.1 %');
    await expect(overlay).toHaveTextContent('Concealed audio23 %');
  }),
};

/** No connection yet: every value is a dash. */
export const Empty: Story = {
  args: { pc: null },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('group')).toHaveTextContent('Round-trip time–');
  }),
};
