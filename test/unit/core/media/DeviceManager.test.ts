import { describe, expect, it, vi } from 'vitest';
import { DeviceManager, type DeviceManagerOptions, type PreferenceStorage } from 'rtckit/core';
import { FakeMediaDevices, FakePermissions, type FakeDevice } from 'rtckit/testing';

const CAMERA: FakeDevice = { kind: 'videoinput', deviceId: 'cam-1', label: 'Built-in camera' };
const MIC_DEFAULT: FakeDevice = { kind: 'audioinput', deviceId: 'default', label: 'Default microphone' };
const HEADSET: FakeDevice = { kind: 'audioinput', deviceId: 'headset', label: 'USB headset' };
const SPEAKER: FakeDevice = { kind: 'audiooutput', deviceId: 'default', label: 'Default speaker' };
const DEVICES = [CAMERA, MIC_DEFAULT, HEADSET, SPEAKER];

function memoryStorage(initial: Record<string, string> = {}): PreferenceStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

async function started(options: DeviceManagerOptions & { mediaDevices: FakeMediaDevices }) {
  const manager = new DeviceManager({ permissions: null, storage: memoryStorage(), ...options });
  const unsubscribe = manager.subscribe(() => {});
  await vi.waitFor(() => expect(manager.getSnapshot().status).toBe('ready'));
  return { manager, unsubscribe };
}

describe('DeviceManager', () => {
  it('lists cameras, microphones and speakers once subscribed', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const manager = new DeviceManager({ mediaDevices, permissions: null, storage: null });
    expect(manager.getSnapshot().status).toBe('idle');
    manager.subscribe(() => {});
    await vi.waitFor(() => expect(manager.getSnapshot().status).toBe('ready'));
    const { cameras, microphones, speakers, selected } = manager.getSnapshot();
    expect(cameras.map((d) => d.label)).toEqual(['Built-in camera']);
    expect(microphones.map((d) => d.deviceId)).toEqual(['default', 'headset']);
    expect(speakers).toHaveLength(1);
    expect(selected).toEqual({ videoinput: undefined, audioinput: undefined, audiooutput: undefined });
  });

  it('listens to devicechange only while subscribed', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const enumerate = vi.spyOn(mediaDevices, 'enumerateDevices');
    const { manager, unsubscribe } = await started({ mediaDevices });
    mediaDevices.plug({ kind: 'videoinput', deviceId: 'cam-2', label: 'Desk camera' });
    await vi.waitFor(() => expect(manager.getSnapshot().cameras).toHaveLength(2));
    unsubscribe();
    const calls = enumerate.mock.calls.length;
    mediaDevices.unplug('cam-2');
    expect(enumerate.mock.calls.length).toBe(calls);
  });

  it('keeps the same lists and snapshot when a devicechange changes nothing', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const enumerate = vi.spyOn(mediaDevices, 'enumerateDevices');
    const { manager } = await started({ mediaDevices });
    const before = manager.getSnapshot();
    const listener = vi.fn();
    manager.subscribe(listener);
    mediaDevices.setDevices([...DEVICES]);
    expect(enumerate).toHaveBeenCalledTimes(2);
    await enumerate.mock.results[1]!.value;
    await Promise.resolve(); // the manager's continuation after the list arrives
    expect(manager.getSnapshot()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it('remembers a choice in storage, and a new manager reads it back', async () => {
    const storage = memoryStorage();
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const { manager } = await started({ mediaDevices, storage });
    manager.select('audioinput', 'headset');
    expect(manager.getSnapshot().selected.audioinput).toBe('headset');
    expect(JSON.parse(storage.data.get('rtckit:devices')!)).toEqual({
      audioinput: { deviceId: 'headset', label: 'USB headset' },
    });

    const { manager: reloaded } = await started({ mediaDevices, storage });
    expect(reloaded.getSnapshot().selected.audioinput).toBe('headset');
    reloaded.select('audioinput', null);
    expect(reloaded.getSnapshot().selected.audioinput).toBeUndefined();
    expect(JSON.parse(storage.data.get('rtckit:devices')!)).toEqual({});
  });

  it('falls back to the default when the chosen device disappears, and restores it when it returns', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const { manager } = await started({ mediaDevices });
    manager.select('audioinput', 'headset');

    mediaDevices.unplug('headset');
    await vi.waitFor(() => expect(manager.getSnapshot().fallback.audioinput).toBe(true));
    expect(manager.getSnapshot().selected.audioinput).toBeUndefined();

    mediaDevices.plug(HEADSET);
    await vi.waitFor(() => expect(manager.getSnapshot().fallback.audioinput).toBe(false));
    expect(manager.getSnapshot().selected.audioinput).toBe('headset');
  });

  it('finds a remembered device by its label when the browser gives it a new id', async () => {
    const storage = memoryStorage({
      'rtckit:devices': JSON.stringify({ audioinput: { deviceId: 'old-id', label: 'USB headset' } }),
    });
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const { manager } = await started({ mediaDevices, storage });
    expect(manager.getSnapshot().selected.audioinput).toBe('headset');
    expect(manager.getSnapshot().fallback.audioinput).toBe(false);
    expect(JSON.parse(storage.data.get('rtckit:devices')!).audioinput.deviceId).toBe('headset');
  });

  it('uses the default while the browser lists devices without ids, then the remembered device', async () => {
    const storage = memoryStorage({
      'rtckit:devices': JSON.stringify({ audioinput: { deviceId: 'headset', label: 'USB headset' } }),
    });
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES, hideUntilGranted: true });
    const { manager } = await started({ mediaDevices, storage });
    expect(manager.getSnapshot().microphones.every((d) => d.label === '')).toBe(true);
    expect(manager.getSnapshot().selected.audioinput).toBeUndefined();
    expect(manager.getSnapshot().fallback.audioinput).toBe(false);
    await mediaDevices.getUserMedia({ audio: true });
    manager.reportCapture(['microphone'], 'granted');
    await vi.waitFor(() => expect(manager.getSnapshot().selected.audioinput).toBe('headset'));
  });

  it('shows labels once a capture is granted', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES, hideUntilGranted: true });
    const { manager } = await started({ mediaDevices });
    expect(manager.getSnapshot().permission.microphone).toBe('unknown');
    await mediaDevices.getUserMedia({ audio: true });
    manager.reportCapture(['microphone'], 'granted');
    expect(manager.getSnapshot().permission.microphone).toBe('granted');
    await vi.waitFor(() => expect(manager.getSnapshot().microphones[1]?.label).toBe('USB headset'));
  });

  it('reads and follows the Permissions API', async () => {
    const permissions = new FakePermissions({ camera: 'denied', microphone: 'prompt' });
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const { manager } = await started({ mediaDevices, permissions });
    await vi.waitFor(() =>
      expect(manager.getSnapshot().permission).toEqual({ camera: 'denied', microphone: 'prompt' }),
    );
    permissions.set('microphone', 'granted');
    expect(manager.getSnapshot().permission.microphone).toBe('granted');
  });

  it('ignores permission names the browser rejects', async () => {
    const permissions = { query: vi.fn().mockRejectedValue(new TypeError('unknown name')) };
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    const { manager } = await started({ mediaDevices, permissions });
    await vi.waitFor(() => expect(permissions.query).toHaveBeenCalledTimes(2));
    expect(manager.getSnapshot().permission).toEqual({ camera: 'unknown', microphone: 'unknown' });
  });

  it('reads malformed or unreadable storage as no choices, and survives storage that refuses writes', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    for (const stored of ['not json', '"a string"', JSON.stringify({ audioinput: { deviceId: 5 } })]) {
      const { manager } = await started({ mediaDevices, storage: memoryStorage({ 'rtckit:devices': stored }) });
      expect(manager.getSnapshot().selected.audioinput).toBeUndefined();
    }
    const refusing: PreferenceStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const { manager } = await started({ mediaDevices, storage: refusing });
    manager.select('videoinput', 'cam-1');
    expect(manager.getSnapshot().selected.videoinput).toBe('cam-1');
  });

  it('reports a browser that cannot list devices as unsupported', async () => {
    const manager = new DeviceManager({ mediaDevices: {} as never, permissions: null, storage: null });
    manager.subscribe(() => {});
    await vi.waitFor(() => expect(manager.getSnapshot().status).toBe('error'));
    expect(manager.getSnapshot().error?.code).toBe('unsupported');
  });

  it('detects speaker selection support, or takes it as an option', async () => {
    const mediaDevices = new FakeMediaDevices({ devices: DEVICES });
    expect((await started({ mediaDevices, outputSupported: true })).manager.getSnapshot().outputSupported).toBe(true);
    // jsdom's HTMLMediaElement has no setSinkId
    expect((await started({ mediaDevices })).manager.getSnapshot().outputSupported).toBe(false);
  });
});
