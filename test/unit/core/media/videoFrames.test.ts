import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock, watchVideoFrames } from 'rtckit/core';

afterEach(() => vi.useRealTimers());

/** A `<video>` whose presented frames the test controls, as `requestVideoFrameCallback` reports them. */
function videoWithFrames() {
  const video = document.createElement('video');
  let pending: (() => void) | null = null;
  Object.assign(video, {
    requestVideoFrameCallback: (callback: () => void) => {
      pending = callback;
      return 1;
    },
    cancelVideoFrameCallback: () => {
      pending = null;
    },
  });
  return {
    video,
    present() {
      const callback = pending;
      pending = null;
      callback?.();
    },
  };
}

describe('watchVideoFrames', () => {
  it('reports frames flowing at the first frame, stopped after 2 s without one, and resumed', () => {
    vi.useFakeTimers();
    const { video, present } = videoWithFrames();
    const changes: boolean[] = [];
    watchVideoFrames(video, (flowing) => changes.push(flowing), { clock: systemClock });
    vi.advanceTimersByTime(1000);
    expect(changes).toEqual([]);
    present();
    expect(changes).toEqual([true]);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(500);
      present();
    }
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(2300);
    expect(changes).toEqual([true, false]);
    present();
    expect(changes).toEqual([true, false, true]);
  });

  it('counts frames by getVideoPlaybackQuality where requestVideoFrameCallback is missing', () => {
    vi.useFakeTimers();
    const video = document.createElement('video');
    let frames = 0;
    Object.assign(video, { getVideoPlaybackQuality: () => ({ totalVideoFrames: frames }) });
    const changes: boolean[] = [];
    watchVideoFrames(video, (flowing) => changes.push(flowing));
    frames = 5;
    vi.advanceTimersByTime(300);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(2500);
    expect(changes).toEqual([true, false]);
  });

  it('falls back to media events, without stall detection, where frames cannot be seen', () => {
    vi.useFakeTimers();
    const video = document.createElement('video');
    const changes: boolean[] = [];
    watchVideoFrames(video, (flowing) => changes.push(flowing));
    video.dispatchEvent(new Event('loadeddata'));
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([true]);
  });

  it('stops listening when stopped', () => {
    vi.useFakeTimers();
    const { video, present } = videoWithFrames();
    const changes: boolean[] = [];
    const stop = watchVideoFrames(video, (flowing) => changes.push(flowing));
    stop();
    present();
    video.dispatchEvent(new Event('playing'));
    vi.advanceTimersByTime(5000);
    expect(changes).toEqual([]);
  });
});
