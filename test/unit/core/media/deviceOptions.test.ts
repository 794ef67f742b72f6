import { describe, expect, it } from 'vitest';
import { deviceOptions, type DeviceManagerSnapshot } from 'rtckit/core';

const device = (kind: MediaDeviceKind, deviceId: string, label = deviceId) =>
  ({ kind, deviceId, label, groupId: '' }) as MediaDeviceInfo;

const READY: DeviceManagerSnapshot = {
  status: 'ready',
  error: null,
  cameras: [device('videoinput', 'cam-1'), device('videoinput', 'cam-2')],
  microphones: [device('audioinput', 'default'), device('audioinput', 'headset')],
  speakers: [device('audiooutput', 'default')],
  selected: { videoinput: undefined, audioinput: undefined, audiooutput: undefined },
  fallback: { videoinput: false, audioinput: false, audiooutput: false },
  permission: { camera: 'granted', microphone: 'granted' },
  outputSupported: true,
};

describe('deviceOptions', () => {
  it('is ready, showing the selection, else the default entry, else the first device', () => {
    expect(deviceOptions(READY, 'audioinput')).toMatchObject({
      state: 'ready',
      value: 'default',
      disabled: false,
      reason: null,
    });
    expect(deviceOptions(READY, 'videoinput').value).toBe('cam-1');
    const chosen = { ...READY, selected: { ...READY.selected, videoinput: 'cam-2' } };
    expect(deviceOptions(chosen, 'videoinput').value).toBe('cam-2');
  });

  it('explains a missing chosen device without disabling the picker', () => {
    const missing = { ...READY, fallback: { ...READY.fallback, audioinput: true } };
    expect(deviceOptions(missing, 'audioinput')).toMatchObject({ state: 'ready', disabled: false });
    expect(deviceOptions(missing, 'audioinput').reason).toMatch(/chosen microphone is not connected/);
  });

  it('is blocked, disabled with a reason, when permission is denied; speakers follow the microphone', () => {
    const denied = { ...READY, permission: { camera: 'denied', microphone: 'denied' } } as const;
    for (const kind of ['videoinput', 'audioinput', 'audiooutput'] as const) {
      expect(deviceOptions(denied, kind)).toMatchObject({ state: 'blocked', disabled: true });
    }
    expect(deviceOptions(denied, 'videoinput').reason).toMatch(/Camera access is blocked/);
  });

  it('reports speaker choice unsupported where setSinkId is missing', () => {
    const options = deviceOptions({ ...READY, outputSupported: false }, 'audiooutput');
    expect(options).toMatchObject({ state: 'unsupported', disabled: true });
    expect(options.reason).toMatch(/cannot choose the speaker/);
  });

  it('is empty when there is no device of the kind', () => {
    expect(deviceOptions({ ...READY, cameras: [] }, 'videoinput')).toMatchObject({
      state: 'empty',
      disabled: true,
      reason: 'No camera found.',
    });
  });

  it('asks for permission while the browser hides device ids', () => {
    const hidden = { ...READY, microphones: [device('audioinput', '', '')] };
    expect(deviceOptions(hidden, 'audioinput')).toMatchObject({ state: 'no-permission', disabled: true });
  });

  it('is loading before the first list', () => {
    expect(deviceOptions({ ...READY, status: 'loading' }, 'audioinput')).toMatchObject({
      state: 'loading',
      reason: null,
    });
  });
});
