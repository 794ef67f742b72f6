import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { QualityBadge, type QualityBadgeValue } from 'rtckit';
import blackhole from '../test/fixtures/stats/blackhole.json';
import lossy from '../test/fixtures/stats/lossy.json';
import type { StatsFixture } from '../test/fixtureTypes';
import { replay } from './support/recorded';
import { testRunnerOnly } from './support/storyTests';

const colours = {
  '--rtckit-quality-excellent': '#15803d',
  '--rtckit-quality-good': '#65a30d',
  '--rtckit-quality-poor': '#d97706',
  '--rtckit-quality-lost': '#dc2626',
  '--rtckit-quality-unknown': '#6b7280',
} as React.CSSProperties;

const meta = {
  title: 'Components/QualityBadge',
  component: QualityBadge,
  args: { style: colours },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof QualityBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

const value = (level: QualityBadgeValue['level'], reasons: QualityBadgeValue['reasons'] = []): QualityBadgeValue => ({
  level,
  reasons,
});

/** Checks the level on the DOM and what a screen reader hears. */
async function expectBadge(canvasElement: HTMLElement, level: string, spoken: RegExp) {
  const button = within(canvasElement).getByRole('button', { name: spoken });
  await expect(button.closest('[data-quality]')).toHaveAttribute('data-quality', level);
  return button;
}

export const Excellent: Story = {
  args: { quality: value('excellent') },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expectBadge(canvasElement, 'excellent', /^Connection quality: Excellent\.$/);
  }),
};

export const Good: Story = {
  args: {
    quality: value('good', [
      { code: 'round-trip-time', direction: 'both', message: 'High round-trip time', detail: '420 ms', penalty: 12 },
    ]),
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expectBadge(canvasElement, 'good', /Good\. High round-trip time\./);
  }),
};

export const Poor: Story = {
  args: {
    quality: value('poor', [
      {
        code: 'packet-loss',
        direction: 'uplink',
        message: 'High packet loss on your upload',
        detail: '14 %',
        penalty: 46,
      },
      {
        code: 'bandwidth',
        direction: 'uplink',
        message: 'Your upload bandwidth is low',
        detail: '165 kbit/s',
        penalty: 13,
      },
    ]),
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const button = await expectBadge(canvasElement, 'poor', /Poor\. High packet loss on your upload\. Your upload/);
    await userEvent.hover(button);
    const tooltip = await within(canvasElement).findByRole('group', { name: 'Connection quality details' });
    await expect(tooltip).toHaveTextContent('High packet loss on your upload (14 %)');
  }),
};

export const Lost: Story = {
  args: {
    quality: value('lost', [
      { code: 'connection-lost', direction: 'both', message: 'The connection was lost', penalty: 100 },
    ]),
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expectBadge(canvasElement, 'lost', /Lost\. The connection was lost\./);
  }),
};

export const Unknown: Story = {
  args: { quality: value('unknown') },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expectBadge(canvasElement, 'unknown', /^Connection quality: Unknown\.$/);
  }),
};

/**
 * A real recording (Chromium, 10 % loss on the link) replayed through the engine: the receiver's
 * quality with its reasons, and the history for the sparklines. Press the badge to see them.
 */
export const RecordedLossyCall: Story = {
  render: (args) => {
    const { quality, history } = replay(lossy as unknown as StatsFixture, 'receiver');
    return <QualityBadge {...args} quality={quality} history={history} />;
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const button = await expectBadge(canvasElement, 'poor', /Poor\..*packet loss on your download/);
    await userEvent.click(button);
    const tooltip = await within(canvasElement).findByRole('group', { name: 'Connection quality details' });
    const charts = within(tooltip).getAllByRole('img');
    await expect(charts).toHaveLength(3);
    await expect(charts[2]).toHaveAccessibleName(/^Packet loss over the last 15 samples/);
  }),
};

/** The recorded black hole: nothing arrives for 4 s, so the badge says lost before the browser does. */
export const RecordedBlackHole: Story = {
  render: (args) => {
    const { quality, history } = replay(blackhole as unknown as StatsFixture, 'receiver', 8);
    return <QualityBadge {...args} quality={quality} history={history} />;
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expectBadge(canvasElement, 'lost', /Lost\. Nothing is arriving from the other side\./);
  }),
};

/** Every level side by side, with the example colours set through CSS variables. */
export const AllLevels: Story = {
  render: (args) => (
    <div style={{ display: 'flex', gap: 24 }}>
      {(['excellent', 'good', 'poor', 'lost', 'unknown'] as const).map((level) => (
        <QualityBadge key={level} {...args} quality={value(level)} />
      ))}
    </div>
  ),
  play: testRunnerOnly(async ({ canvasElement }) => {
    const levels = [...canvasElement.querySelectorAll('[data-quality]')].map((el) => el.getAttribute('data-quality'));
    await expect(levels).toEqual(['excellent', 'good', 'poor', 'lost', 'unknown']);
    await waitFor(() => expect(within(canvasElement).getAllByRole('button')).toHaveLength(5));
  }),
};
