import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { IceProbe, type IceProbeResult } from 'rtckit';
import { createRtcKitError } from 'rtckit/testing';
import { testRunnerOnly } from './support/storyTests';

const colours = {
  '--rtckit-ice-pass': '#15803d',
  '--rtckit-ice-fail': '#dc2626',
  '--rtckit-ice-probing': '#6b7280',
  '--rtckit-ice-cancelled': '#6b7280',
  fontFamily: 'system-ui',
  fontSize: 14,
} as React.CSSProperties;

const meta = {
  title: 'Components/IceProbe',
  component: IceProbe,
  args: { style: colours },
  parameters: { layout: 'padded' },
} satisfies Meta<typeof IceProbe>;

export default meta;
type Story = StoryObj<typeof meta>;

const base = {
  timedOut: false,
  candidateTypes: [],
  firstCandidateMs: null,
  serverResponseMs: null,
  relayConnected: null,
  rttMs: null,
  candidateErrors: [],
  error: null,
  durationMs: null,
  failure: null,
  reachable: null,
} satisfies Partial<IceProbeResult>;

/** What a check of four servers looks like when it is over (numbers as measured against coturn on 127.0.0.1). */
const finished: IceProbeResult[] = [
  {
    ...base,
    serverIndex: 0,
    url: 'stun:stun.example.org:3478',
    kind: 'stun',
    status: 'pass',
    reachable: true,
    candidateTypes: ['host', 'srflx'],
    firstCandidateMs: 4,
    serverResponseMs: 31,
    durationMs: 31,
  },
  {
    ...base,
    serverIndex: 1,
    url: 'turn:turn.example.org:3478?transport=udp',
    kind: 'turn',
    status: 'pass',
    reachable: true,
    candidateTypes: ['relay'],
    firstCandidateMs: 58,
    serverResponseMs: 58,
    relayConnected: true,
    rttMs: 1.2,
    durationMs: 140,
  },
  {
    ...base,
    serverIndex: 2,
    url: 'turn:turn.example.org:3478?transport=tcp',
    kind: 'turn',
    status: 'fail',
    failure: 'auth-failed',
    reachable: true,
    candidateErrors: [{ errorCode: 401, errorText: 'Unauthorized.', address: '0.0.0.x', port: 41204 }],
    error: createRtcKitError('turn-auth-failed', { detail: 'The browser said: 401 Unauthorized.' }),
    durationMs: 64,
  },
  {
    ...base,
    serverIndex: 3,
    url: 'turns:turn.example.org:5349',
    kind: 'turn',
    status: 'fail',
    failure: 'unreachable',
    reachable: false,
    timedOut: true,
    error: createRtcKitError('ice-server-unreachable', { detail: 'no answer before the timeout.' }),
    durationMs: 10_000,
  },
];

export const NotCheckedYet: Story = {
  args: { probe: { status: 'idle', results: [] } },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('table', { name: 'ICE servers' })).toBeInTheDocument();
    await expect(canvas.getByRole('status')).toHaveTextContent('Not checked yet.');
  }),
};

export const Checking: Story = {
  args: {
    probe: {
      status: 'running',
      results: finished.map((result, index) =>
        index < 2 ? result : { ...result, ...base, status: 'probing' as const },
      ),
    },
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('table')).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getAllByText('Checking…')).toHaveLength(2);
  }),
};

export const Finished: Story = {
  args: { probe: { status: 'done', results: finished } },
  play: testRunnerOnly(async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const row = (name: string) => canvas.getByRole('rowheader', { name }).closest('tr')!;
    await expect(row('turn:turn.example.org:3478?transport=udp')).toHaveAttribute('data-state', 'pass');
    await expect(row('turn:turn.example.org:3478?transport=tcp')).toHaveAttribute('data-failure', 'auth-failed');
    await expect(
      within(row('turns:turn.example.org:5349')).getByRole('cell', { name: 'Fail unreachable' }),
    ).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('2 of 4 passed.');
  }),
};

export const CouldNotRun: Story = {
  args: {
    probe: {
      status: 'error',
      results: [],
      error: createRtcKitError('invalid-ice-server', {
        detail: 'iceServers: iceServers is empty (rule: servers-empty)',
      }),
    },
  },
  play: testRunnerOnly(async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('servers-empty');
  }),
};
