import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceManager, DeviceSelector } from 'rtckit';
import { FakeMediaDevices, FakePermissions, installFakeMedia, type InstalledFakeMedia } from 'rtckit/testing';

const DEVICES = [
  { kind: 'videoinput', deviceId: 'cam-1', label: 'Built-in camera' },
  { kind: 'audioinput', deviceId: 'default', label: 'Default microphone' },
  { kind: 'audioinput', deviceId: 'headset', label: 'USB headset' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default speaker' },
] as const;

let fake: InstalledFakeMedia;
beforeEach(() => {
  fake = installFakeMedia();
});
afterEach(() => fake.uninstall());

function managerWith(options: { permissions?: FakePermissions; outputSupported?: boolean } = {}) {
  const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
  return new DeviceManager({ mediaDevices, storage: null, permissions: options.permissions ?? null, ...options });
}

describe('DeviceSelector', () => {
  it('is a labelled select of the devices of its kind that selects on change', async () => {
    const manager = managerWith();
    render(<DeviceSelector kind="audioinput" manager={manager} />);
    const select = screen.getByRole('combobox', { name: 'Microphone' });
    await waitFor(() =>
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Default microphone', 'USB headset']),
    );
    expect((select as HTMLSelectElement).value).toBe('default');
    fireEvent.change(select, { target: { value: 'headset' } });
    expect(manager.getSnapshot().selected.audioinput).toBe('headset');
    expect((select as HTMLSelectElement).value).toBe('headset');
    expect(select.closest('[data-kind]')).toHaveProperty('dataset.state', 'ready');
  });

  it('is disabled with the reason as its description when permission is denied', async () => {
    const manager = managerWith({ permissions: new FakePermissions({ camera: 'denied' }) });
    render(<DeviceSelector kind="videoinput" manager={manager} />);
    const select = screen.getByRole('combobox', { name: 'Camera' });
    await waitFor(() => expect(select).toBeDisabled());
    expect(select).toHaveAccessibleDescription(/Camera access is blocked/);
    expect(select.closest('[data-kind]')).toHaveProperty('dataset.state', 'blocked');
  });

  it('reports speaker choice as unsupported where the browser cannot do it', async () => {
    render(<DeviceSelector kind="audiooutput" manager={managerWith({ outputSupported: false })} label="Output" />);
    const select = screen.getByRole('combobox', { name: 'Output' });
    await waitFor(() => expect(select).toHaveAccessibleDescription(/cannot choose the speaker/));
    expect(select).toBeDisabled();
  });

  it('lets a render prop draw a custom picker', async () => {
    const manager = managerWith();
    render(
      <DeviceSelector kind="audioinput" manager={manager}>
        {({ devices, value, select }) => (
          <div role="group" aria-label="Microphones">
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
      </DeviceSelector>,
    );
    const headset = await screen.findByRole('button', { name: 'USB headset' });
    expect(headset).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(headset);
    expect(manager.getSnapshot().selected.audioinput).toBe('headset');
    expect(headset).toHaveAttribute('aria-pressed', 'true');
  });

  it('puts the ref and other props on its root and respects a prevented change', async () => {
    const manager = managerWith();
    const ref = createRef<HTMLDivElement>();
    render(
      <DeviceSelector
        ref={ref}
        kind="audioinput"
        manager={manager}
        className="picker"
        data-testid="root"
        name="microphone"
        onChange={(e) => e.preventDefault()}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Microphone' });
    const root = screen.getByTestId('root');
    expect(ref.current).toBe(root);
    expect(root).toHaveClass('picker');
    expect(root).toContainElement(select);
    expect(select).not.toHaveClass('picker');
    expect(select).toHaveAttribute('name', 'microphone');
    await screen.findByRole('option', { name: 'USB headset' });
    expect(root.dataset.state).toBe('ready');
    fireEvent.change(select, { target: { value: 'headset' } });
    expect(manager.getSnapshot().selected.audioinput).toBeUndefined();
  });

  it("joins the caller's aria-describedby with the reason it gives", async () => {
    const manager = managerWith({ permissions: new FakePermissions({ camera: 'denied' }) });
    render(
      <>
        <p id="help">Pick the camera you will use in the call.</p>
        <DeviceSelector kind="videoinput" manager={manager} aria-describedby="help" />
      </>,
    );
    const select = screen.getByRole('combobox', { name: 'Camera' });
    expect(select).toHaveAccessibleDescription('Pick the camera you will use in the call.');
    await waitFor(() => expect(select).toBeDisabled());
    expect(select).toHaveAccessibleDescription(/^Pick the camera you will use in the call\. Camera access is blocked/);
  });

  it('keeps the ref, props and data-state on its root when a render prop draws the picker', async () => {
    const ref = createRef<HTMLDivElement>();
    render(
      <DeviceSelector ref={ref} kind="audioinput" manager={managerWith()} className="picker">
        {({ devices }) => <span>{devices.length} microphones</span>}
      </DeviceSelector>,
    );
    await screen.findByText('2 microphones');
    expect(ref.current).toHaveClass('picker');
    expect(ref.current).toHaveProperty('dataset.state', 'ready');
    expect(ref.current).toContainElement(screen.getByText('2 microphones'));
  });
});
