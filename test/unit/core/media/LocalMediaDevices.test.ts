// LocalMedia following a DeviceManager: what useLocalMedia + DeviceSelector do on a page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceManager, LocalMedia } from 'rtckit/core';
import { installFakeMedia, type FakeDevice, type InstalledFakeMedia } from 'rtckit/testing';

const DEVICES: FakeDevice[] = [
  { kind: 'videoinput', deviceId: 'cam-1', label: 'Built-in camera' },
  { kind: 'audioinput', deviceId: 'default', label: 'Default microphone' },
  { kind: 'audioinput', deviceId: 'headset', label: 'USB headset' },
];

let fake: InstalledFakeMedia;
let devices: DeviceManager;
let media: LocalMedia;

beforeEach(async () => {
  fake = installFakeMedia({ devices: DEVICES });
  devices = new DeviceManager({ mediaDevices: fake.mediaDevices, permissions: null, storage: null });
  media = new LocalMedia({ mediaDevices: fake.mediaDevices, devices });
  devices.subscribe(() => {});
  await vi.waitFor(() => expect(devices.getSnapshot().status).toBe('ready'));
  media.subscribe(() => {});
  await until('live');
});
afterEach(() => fake.uninstall());

function until(status: string) {
  return vi.waitFor(() => expect(media.getSnapshot().status).toBe(status));
}
const micOf = () => media.getSnapshot().stream?.getAudioTracks()[0];

describe('LocalMedia with a DeviceManager', () => {
  it('re-captures only the microphone from the chosen device, stopping the old one', async () => {
    const oldMic = micOf()!;
    const camera = media.getSnapshot().stream!.getVideoTracks()[0];
    devices.select('audioinput', 'headset');
    expect(oldMic.readyState).toBe('ended');
    await vi.waitFor(() => expect(micOf()?.label).toBe('USB headset'));
    expect(fake.mediaDevices.requests.at(-1)).toEqual({ audio: { deviceId: { exact: 'headset' } } });
    expect(media.getSnapshot().stream!.getVideoTracks()[0]).toBe(camera);
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('while muted, waits for the unmute to switch, and says so', async () => {
    media.setAudioEnabled(false);
    const mutedMic = micOf()!;
    devices.select('audioinput', 'headset');
    expect(media.getSnapshot().pendingSwitch).toEqual(['audio']);
    expect(mutedMic.readyState).toBe('live');
    expect(fake.mediaDevices.requests).toHaveLength(1);

    media.setAudioEnabled(true);
    await vi.waitFor(() => expect(micOf()?.label).toBe('USB headset'));
    expect(micOf()!.enabled).toBe(true);
    expect(mutedMic.readyState).toBe('ended');
    expect(media.getSnapshot().pendingSwitch).toEqual([]);
  });

  it('falls back to the default microphone when the chosen one is unplugged, and returns to it', async () => {
    devices.select('audioinput', 'headset');
    await vi.waitFor(() => expect(micOf()?.label).toBe('USB headset'));

    fake.mediaDevices.unplug('headset');
    await vi.waitFor(() => expect(micOf()?.label).toBe('Default microphone'));
    await until('live');
    expect(devices.getSnapshot().fallback.audioinput).toBe(true);

    fake.mediaDevices.plug(DEVICES[2]!);
    await vi.waitFor(() => expect(micOf()?.label).toBe('USB headset'));
    expect(devices.getSnapshot().fallback.audioinput).toBe(false);
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('leaves the device to the constraints when they name one', async () => {
    media.setOptions({ mediaDevices: fake.mediaDevices, devices, audio: { deviceId: 'default' } });
    await until('live');
    const requests = fake.mediaDevices.requests.length;
    devices.select('audioinput', 'headset');
    expect(fake.mediaDevices.requests).toHaveLength(requests);
    expect(micOf()?.label).toBe('Default microphone');
  });

  it('waits for the device list before capturing, so it opens the chosen device only', async () => {
    const storage = new Map([
      ['rtckit:devices', JSON.stringify({ audioinput: { deviceId: 'headset', label: 'USB headset' } })],
    ]);
    const remembered = new DeviceManager({
      mediaDevices: fake.mediaDevices,
      permissions: null,
      storage: { getItem: (key) => storage.get(key) ?? null, setItem: () => {} },
    });
    const fresh = new LocalMedia({ mediaDevices: fake.mediaDevices, devices: remembered, video: false });
    const before = fake.mediaDevices.requests.length;
    fresh.subscribe(() => {});
    expect(fresh.getSnapshot().status).toBe('requesting');
    await vi.waitFor(() => expect(fresh.getSnapshot().status).toBe('live'));
    expect(fake.mediaDevices.requests.slice(before)).toEqual([{ audio: { deviceId: { exact: 'headset' } } }]);
  });

  it('tells the manager when the user refuses access', async () => {
    fake.mediaDevices.failWith('NotAllowedError');
    media.restart();
    await until('error');
    expect(devices.getSnapshot().permission).toEqual({ camera: 'denied', microphone: 'denied' });
  });
});
