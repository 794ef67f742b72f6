import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { DeviceManager, DeviceSelector, type DeviceSelectorProps } from 'rtckit';
import { FakeMediaDevices, FakePermissions } from 'rtckit/testing';
import { testRunnerOnly } from './support/storyTests';

const FAKE_DEVICES = [
  { kind: 'videoinput', deviceId: 'cam-1', label: 'Built-in camera' },
  { kind: 'audioinput', deviceId: 'default', label: 'Default microphone' },
  { kind: 'audioinput', deviceId: 'headset', label: 'USB headset' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default speaker' },
] as const;

interface FakeOptions {
  readonly camera?: PermissionState;
  readonly outputSupported?: boolean;
}

/** A selector over fake devices, so every state can be shown without touching real hardware. */
function FakeDeviceSelector({
  camera = 'granted',
  outputSupported = true,
  ...props
}: DeviceSelectorProps & FakeOptions) {
  const [manager] = useState(
    () =>
      new DeviceManager({
        mediaDevices: new FakeMediaDevices({ devices: FAKE_DEVICES }),
        permissions: new FakePermissions({ camera, microphone: 'granted' }),
        outputSupported,
        storage: null,
      }),
  );
  return <DeviceSelector {...props} manager={manager} />;
}

const meta = {
  title: 'Components/DeviceSelector',
  component: DeviceSelector,
  args: { kind: 'audioinput' },
} satisfies Meta<typeof DeviceSelector>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The browser's real devices (in tests, Chromium's fake ones: three microphones). */
export const Microphones: Story = {
  play: testRunnerOnly(async ({ canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Microphone' });
    await waitFor(() => expect((select as HTMLSelectElement).options.length).toBeGreaterThan(0));
  }),
};

export const Blocked: Story = {
  args: { kind: 'videoinput' },
  render: (args) => <FakeDeviceSelector {...args} camera="denied" />,
  play: testRunnerOnly(async ({ canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Camera' });
    await waitFor(() => expect(select).toBeDisabled());
    expect(select).toHaveAccessibleDescription(/blocked/);
  }),
};

export const SpeakerUnsupported: Story = {
  args: { kind: 'audiooutput' },
  render: (args) => <FakeDeviceSelector {...args} outputSupported={false} />,
  play: testRunnerOnly(async ({ canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Speaker' });
    await waitFor(() => expect(select).toHaveAccessibleDescription(/cannot choose the speaker/));
  }),
};

/** Children as a function draw any picker; here, a row of toggle buttons. */
export const CustomPicker: Story = {
  render: (args) => (
    <FakeDeviceSelector {...args}>
      {({ devices, value, select }) => (
        <div role="group" aria-label="Microphones" style={{ display: 'flex', gap: 8 }}>
          {devices.map((device) => (
            <button
              key={device.deviceId}
              aria-pressed={device.deviceId === value}
              onClick={() => select(device.deviceId)}
            >
              {device.label}
            </button>
          ))}
        </div>
      )}
    </FakeDeviceSelector>
  ),
  play: testRunnerOnly(async ({ canvasElement, userEvent }) => {
    const headset = await within(canvasElement).findByRole('button', { name: 'USB headset' });
    await userEvent.click(headset);
    await waitFor(() => expect(headset).toHaveAttribute('aria-pressed', 'true'));
  }),
};
