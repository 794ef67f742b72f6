import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocalMedia, VideoTile, type UseLocalMediaOptions } from 'rtckit';
import { installFakeMedia, type InstalledFakeMedia } from 'rtckit/testing';

let fake: InstalledFakeMedia;
beforeEach(() => {
  fake = installFakeMedia();
});
afterEach(() => fake.uninstall());

describe('useLocalMedia (StrictMode)', () => {
  it('goes live with one capture, and stops every track on unmount', async () => {
    const { result, unmount } = renderHook(() => useLocalMedia());
    await waitFor(() => expect(result.current.status).toBe('live'));
    expect(fake.mediaDevices.requests).toHaveLength(1);
    expect(result.current.stream?.getTracks()).toHaveLength(2);
    unmount();
    await waitFor(() => expect(fake.mediaDevices.liveTracks()).toHaveLength(0));
  });

  it('keeps its controls stable across renders', async () => {
    const { result } = renderHook(() => useLocalMedia());
    const { setVideoEnabled, setAudioEnabled, restart } = result.current;
    await waitFor(() => expect(result.current.status).toBe('live'));
    expect(result.current.setVideoEnabled).toBe(setVideoEnabled);
    expect(result.current.setAudioEnabled).toBe(setAudioEnabled);
    expect(result.current.restart).toBe(restart);
  });

  it('re-captures when constraints change, without leaking the old track', async () => {
    const { result, rerender } = renderHook((options: UseLocalMediaOptions) => useLocalMedia(options), {
      initialProps: { video: { width: 640 } },
    });
    await waitFor(() => expect(result.current.status).toBe('live'));
    const oldVideo = result.current.stream!.getVideoTracks()[0]!;
    rerender({ video: { width: 1280 } });
    await waitFor(() => expect(result.current.stream?.getVideoTracks()[0]).not.toBe(oldVideo));
    await waitFor(() => expect(result.current.status).toBe('live'));
    expect(oldVideo.readyState).toBe('ended');
    expect(fake.mediaDevices.requests.at(-1)).toEqual({ video: { width: 1280 } });
    expect(fake.mediaDevices.liveTracks()).toHaveLength(2);
  });

  it('calls the latest onError with a typed error', async () => {
    fake.mediaDevices.failWith('NotAllowedError');
    const first = vi.fn();
    const latest = vi.fn();
    const { result, rerender } = renderHook((onError: () => void) => useLocalMedia({ onError }), {
      initialProps: first,
    });
    rerender(latest);
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.code).toBe('permission-denied');
    expect(latest).toHaveBeenCalledWith(result.current.error);
  });

  it('does not capture while enabled is false', async () => {
    const { result } = renderHook(() => useLocalMedia({ enabled: false }));
    await act(async () => {});
    expect(result.current.status).toBe('idle');
    expect(fake.mediaDevices.requests).toHaveLength(0);
  });

  it('drives a VideoTile: the placeholder shows when the camera is turned off', async () => {
    function Preview() {
      const media = useLocalMedia();
      return (
        <>
          <VideoTile stream={media.stream} local label="You" />
          <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>camera</button>
        </>
      );
    }
    render(<Preview />);
    const tile = screen.getByRole('figure', { name: 'You' });
    await waitFor(() => expect(tile.dataset.state).toBe('loading'));
    act(() => screen.getByRole('button', { name: 'camera' }).click());
    expect(tile.dataset.state).toBe('no-video');
    expect(tile.textContent).toBe('You');
  });
});
