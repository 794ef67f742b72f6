import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalMedia, type LocalMediaOptions } from 'rtckit/core';
import { installFakeMedia, type FakeMediaStreamTrack, type InstalledFakeMedia } from 'rtckit/testing';

let fake: InstalledFakeMedia;
beforeEach(() => {
  fake = installFakeMedia();
});
afterEach(() => fake.uninstall());

/** Resolves once the media's status is `status`. */
function until(media: LocalMedia, status: string): Promise<void> {
  return vi.waitFor(() => expect(media.getSnapshot().status).toBe(status));
}

async function live(options: LocalMediaOptions = {}) {
  const media = new LocalMedia({ mediaDevices: fake.mediaDevices, ...options });
  const unsubscribe = media.subscribe(() => {});
  await until(media, 'live');
  return { media, unsubscribe };
}

const tracksOf = (media: LocalMedia) => media.getSnapshot().stream?.getTracks() ?? [];
const kindsOf = (media: LocalMedia) =>
  tracksOf(media)
    .map((track) => track.kind)
    .sort();
const flushMicrotasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('LocalMedia', () => {
  it('captures nothing until subscribed, then audio and video', async () => {
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices });
    expect(media.getSnapshot()).toMatchObject({ status: 'idle', stream: null });
    expect(fake.mediaDevices.requests).toHaveLength(0);
    media.subscribe(() => {});
    expect(media.getSnapshot().status).toBe('requesting');
    await until(media, 'live');
    expect(kindsOf(media)).toEqual(['audio', 'video']);
    expect(fake.mediaDevices.requests).toEqual([{ video: true, audio: true }]);
  });

  it('stops every track after the last subscriber leaves', async () => {
    const { media, unsubscribe } = await live();
    unsubscribe();
    await flushMicrotasks();
    expect(fake.mediaDevices.liveTracks()).toHaveLength(0);
    expect(media.getSnapshot()).toMatchObject({ status: 'idle', stream: null });
  });

  it('keeps the same capture through an unsubscribe followed at once by a subscribe (StrictMode)', async () => {
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices });
    media.subscribe(() => {})();
    media.subscribe(() => {});
    await until(media, 'live');
    await flushMicrotasks();
    expect(fake.mediaDevices.requests).toHaveLength(1);
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('stops a stream that arrives after everyone left', async () => {
    fake.mediaDevices.pauseRequests();
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices });
    media.subscribe(() => {})();
    await flushMicrotasks();
    fake.mediaDevices.resumeRequests();
    await vi.waitFor(() => expect(fake.mediaDevices.tracks).toHaveLength(2));
    await flushMicrotasks();
    expect(fake.mediaDevices.liveTracks()).toHaveLength(0);
    expect(media.getSnapshot().status).toBe('idle');
  });

  it('turns video off by stopping the camera track, and on again with a new capture of video only', async () => {
    const { media } = await live();
    const [audio, video] = ['audio', 'video'].map((kind) => tracksOf(media).find((t) => t.kind === kind)!);
    const streamBefore = media.getSnapshot().stream;

    media.setVideoEnabled(false);
    expect(video!.readyState).toBe('ended');
    expect(media.getSnapshot()).toMatchObject({ videoEnabled: false, status: 'live' });
    expect(kindsOf(media)).toEqual(['audio']);
    expect(media.getSnapshot().stream).not.toBe(streamBefore);

    media.setVideoEnabled(true);
    await until(media, 'live');
    expect(fake.mediaDevices.requests.at(-1)).toEqual({ video: true });
    expect(kindsOf(media)).toEqual(['audio', 'video']);
    expect(tracksOf(media)).toContain(audio);
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('mutes audio by disabling the track, without a new capture', async () => {
    const { media } = await live();
    const audio = tracksOf(media).find((t) => t.kind === 'audio')!;
    const stream = media.getSnapshot().stream;
    media.setAudioEnabled(false);
    expect(audio.enabled).toBe(false);
    expect(audio.readyState).toBe('live');
    expect(media.getSnapshot()).toMatchObject({ audioEnabled: false, stream });
    media.setAudioEnabled(true);
    expect(audio.enabled).toBe(true);
    expect(fake.mediaDevices.requests).toHaveLength(1);
  });

  it('applies audio muted before capture to the captured track', async () => {
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices });
    media.setAudioEnabled(false);
    media.subscribe(() => {});
    await until(media, 'live');
    expect(tracksOf(media).find((t) => t.kind === 'audio')!.enabled).toBe(false);
  });

  it('captures without video when the camera was turned off before subscribing', async () => {
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices });
    media.setVideoEnabled(false);
    media.subscribe(() => {});
    await until(media, 'live');
    expect(fake.mediaDevices.requests).toEqual([{ audio: true }]);
  });

  it('re-captures only the kind whose constraints changed, stopping the old track first', async () => {
    const { media } = await live();
    const before = tracksOf(media);
    const oldVideo = before.find((t) => t.kind === 'video')!;
    media.setOptions({ mediaDevices: fake.mediaDevices, video: { width: 1280 } });
    expect(oldVideo.readyState).toBe('ended');
    await until(media, 'live');
    expect(fake.mediaDevices.requests.at(-1)).toEqual({ video: { width: 1280 } });
    expect(tracksOf(media)).toContain(before.find((t) => t.kind === 'audio'));
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('does nothing when options are replaced by equal ones', async () => {
    const { media } = await live({ video: { width: 640 } });
    const snapshot = media.getSnapshot();
    media.setOptions({ mediaDevices: fake.mediaDevices, video: { width: 640 }, onError: () => {} });
    expect(media.getSnapshot()).toBe(snapshot);
    expect(fake.mediaDevices.requests).toHaveLength(1);
  });

  it('takes constraints written in another key order, or with a key left undefined, as the same', async () => {
    const { media } = await live({ video: { width: 640, height: 480 } });
    const snapshot = media.getSnapshot();
    media.setOptions({ mediaDevices: fake.mediaDevices, video: { height: 480, width: 640, frameRate: undefined } });
    await flushMicrotasks();
    expect(media.getSnapshot()).toBe(snapshot);
    expect(fake.mediaDevices.requests).toHaveLength(1);
  });

  it('leaves no track behind when constraints change while a capture is in flight', async () => {
    fake.mediaDevices.pauseRequests();
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices });
    media.subscribe(() => {});
    media.setOptions({ mediaDevices: fake.mediaDevices, video: { width: 320 } });
    fake.mediaDevices.resumeRequests();
    await until(media, 'live');
    await flushMicrotasks();
    expect(fake.mediaDevices.requests).toHaveLength(2);
    expect(new Set(fake.mediaDevices.liveTracks())).toEqual(new Set(tracksOf(media)));
    expect(tracksOf(media)).toHaveLength(2);
  });

  it('stops everything when enabled becomes false and captures again when true', async () => {
    const { media } = await live();
    media.setOptions({ mediaDevices: fake.mediaDevices, enabled: false });
    expect(fake.mediaDevices.liveTracks()).toHaveLength(0);
    expect(media.getSnapshot().status).toBe('idle');
    media.setOptions({ mediaDevices: fake.mediaDevices, enabled: true });
    await until(media, 'live');
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('reports a failed capture as status error with a typed error and onError', async () => {
    fake.mediaDevices.failWith('NotReadableError');
    const onError = vi.fn();
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices, onError });
    media.subscribe(() => {});
    await until(media, 'error');
    expect(media.getSnapshot().error?.code).toBe('device-in-use');
    expect(onError).toHaveBeenCalledWith(media.getSnapshot().error);

    fake.mediaDevices.failWith(null);
    media.restart();
    await until(media, 'live');
    expect(media.getSnapshot().error).toBeNull();
  });

  it('reports a device that stops on its own as device-lost and keeps the other track', async () => {
    const onError = vi.fn();
    const { media } = await live({ onError });
    const video = tracksOf(media).find((t) => t.kind === 'video') as unknown as FakeMediaStreamTrack;
    video.simulateEnded();
    expect(media.getSnapshot().status).toBe('error');
    expect(media.getSnapshot().error).toMatchObject({ code: 'device-lost' });
    expect(media.getSnapshot().error?.message).toContain('Fake camera');
    expect(kindsOf(media)).toEqual(['audio']);
    expect(onError).toHaveBeenCalledTimes(1);

    media.restart();
    await until(media, 'live');
    expect(kindsOf(media)).toEqual(['audio', 'video']);
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('ignores the end of a track it no longer holds', async () => {
    const { media } = await live();
    const video = tracksOf(media).find((t) => t.kind === 'video') as unknown as FakeMediaStreamTrack;
    media.setVideoEnabled(false);
    video.dispatchEvent(new Event('ended'));
    expect(media.getSnapshot().status).toBe('live');
  });

  it('is idle with no stream when neither kind is wanted', async () => {
    const media = new LocalMedia({ mediaDevices: fake.mediaDevices, audio: false });
    media.setVideoEnabled(false);
    media.subscribe(() => {});
    expect(media.getSnapshot()).toMatchObject({ status: 'idle', stream: null });
    expect(fake.mediaDevices.requests).toHaveLength(0);
  });
});
