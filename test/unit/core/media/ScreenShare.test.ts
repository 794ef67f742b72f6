import { describe, expect, it, vi } from 'vitest';
import { ScreenShare } from 'rtckit/core';
import type { FakeMediaStreamTrack } from 'rtckit/testing';
import { FakeMediaDevices } from 'rtckit/testing';

function sharing(mediaDevices = new FakeMediaDevices(), onError = vi.fn()) {
  const share = new ScreenShare({ mediaDevices, onError });
  const unsubscribe = share.subscribe(() => {});
  return { share, mediaDevices, onError, unsubscribe };
}

const screenTrack = (share: ScreenShare) =>
  share.getSnapshot().stream!.getVideoTracks()[0] as unknown as FakeMediaStreamTrack;

describe('ScreenShare', () => {
  it('shares what getDisplayMedia returns', async () => {
    const { share, mediaDevices } = sharing();
    const started = share.start();
    expect(share.getSnapshot().status).toBe('requesting');
    await started;
    expect(share.getSnapshot()).toMatchObject({ status: 'sharing', sharing: true, error: null });
    expect(screenTrack(share).label).toBe('Fake screen');
    expect(mediaDevices.displayRequests).toEqual([{ video: true }]);
  });

  it('goes back to idle when the browser ends the share ("Stop sharing")', async () => {
    const { share } = sharing();
    await share.start();
    const track = screenTrack(share);
    track.simulateEnded();
    expect(share.getSnapshot()).toMatchObject({ status: 'idle', sharing: false, stream: null });
  });

  it('stops its tracks on stop() and after the last subscriber leaves', async () => {
    const { share, mediaDevices, unsubscribe } = sharing();
    await share.start();
    share.stop();
    expect(mediaDevices.liveTracks()).toHaveLength(0);
    await share.start();
    unsubscribe();
    await Promise.resolve();
    expect(mediaDevices.liveTracks()).toHaveLength(0);
    expect(share.getSnapshot().sharing).toBe(false);
  });

  it('reports the user cancelling the picker as share-cancelled', async () => {
    const mediaDevices = new FakeMediaDevices();
    mediaDevices.failDisplayWith('NotAllowedError');
    const { share, onError } = sharing(mediaDevices);
    await expect(share.start()).resolves.toBeUndefined();
    expect(share.getSnapshot()).toMatchObject({ status: 'error', sharing: false });
    expect(share.getSnapshot().error?.code).toBe('share-cancelled');
    expect(onError).toHaveBeenCalledWith(share.getSnapshot().error);
  });

  it('reports a start outside a user gesture as user-gesture-required', async () => {
    const mediaDevices = new FakeMediaDevices();
    mediaDevices.failDisplayWith('InvalidStateError');
    const { share } = sharing(mediaDevices);
    await share.start();
    expect(share.getSnapshot().error?.code).toBe('user-gesture-required');
  });

  it('reports a browser without getDisplayMedia as unsupported', async () => {
    const share = new ScreenShare({ mediaDevices: {} as never });
    await share.start();
    expect(share.getSnapshot().error?.code).toBe('unsupported');
  });

  it('stops a share that arrives after stop() was called', async () => {
    const { share, mediaDevices } = sharing();
    mediaDevices.pauseRequests();
    const started = share.start();
    share.stop();
    mediaDevices.resumeRequests();
    await started;
    expect(mediaDevices.tracks).toHaveLength(1);
    expect(mediaDevices.liveTracks()).toHaveLength(0);
    expect(share.getSnapshot().status).toBe('idle');
  });

  it('replaces the current share when started again', async () => {
    const { share, mediaDevices } = sharing();
    await share.start();
    const first = screenTrack(share);
    await share.start();
    expect(first.readyState).toBe('ended');
    expect(mediaDevices.liveTracks()).toEqual([screenTrack(share)]);
  });
});
