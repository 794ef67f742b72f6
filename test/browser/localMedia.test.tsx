import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getLocalMedia, useLocalMedia, VideoTile, type UseLocalMediaOptions } from 'rtckit';

/** Wraps the real getUserMedia to keep every track it hands out and count requests in flight. */
function recordCaptures() {
  const mediaDevices = navigator.mediaDevices;
  const original = mediaDevices.getUserMedia.bind(mediaDevices);
  const tracks: MediaStreamTrack[] = [];
  let inFlight = 0;
  const spy = vi.spyOn(mediaDevices, 'getUserMedia').mockImplementation(async (constraints) => {
    inFlight++;
    try {
      const stream = await original(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    } finally {
      inFlight--;
    }
  });
  return {
    tracks,
    get inFlight() {
      return inFlight;
    },
    get calls() {
      return spy.mock.calls.length;
    },
    live: () => tracks.filter((track) => track.readyState === 'live'),
  };
}

function Preview(props: UseLocalMediaOptions) {
  const media = useLocalMedia(props);
  return (
    <div>
      <VideoTile stream={media.stream} local label="You" style={{ width: 320, height: 240 }} />
      <output>{media.status}</output>
      <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>Toggle camera</button>
    </div>
  );
}

const tile = () => screen.getByRole('figure', { name: 'You' });
const videoElement = () => tile().querySelector('video')!;

afterEach(() => vi.restoreAllMocks());

describe('useLocalMedia + VideoTile in Chromium (StrictMode)', () => {
  it('shows real camera frames, turns the camera off, and back on', async () => {
    const captures = recordCaptures();
    render(<Preview />);

    await waitFor(() => expect(tile().dataset.state).toBe('playing'), { timeout: 10_000 });
    expect(videoElement().videoWidth).toBeGreaterThan(0);
    expect(screen.getByRole('status').textContent).toBe('live');
    const firstVideo = captures.tracks.find((track) => track.kind === 'video')!;
    expect(firstVideo.readyState).toBe('live');

    act(() => screen.getByRole('button', { name: 'Toggle camera' }).click());
    expect(firstVideo.readyState).toBe('ended');
    expect(tile().dataset.state).toBe('no-video');
    expect(tile().textContent).toBe('You');
    expect(captures.live().map((track) => track.kind)).toEqual(['audio']);

    act(() => screen.getByRole('button', { name: 'Toggle camera' }).click());
    await waitFor(() => expect(tile().dataset.state).toBe('playing'), { timeout: 10_000 });
    expect(videoElement().videoWidth).toBeGreaterThan(0);
    expect(
      captures
        .live()
        .map((track) => track.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
  });

  it('leaves no captured track live after 50 mount/unmount cycles', async () => {
    const captures = recordCaptures();
    for (let cycle = 0; cycle < 50; cycle++) {
      const { unmount } = render(<Preview />);
      // Half the cycles unmount mid-request, half once the camera is live.
      if (cycle % 2 === 1) await waitFor(() => expect(screen.getByRole('status').textContent).toBe('live'));
      unmount();
    }
    await waitFor(() => expect(captures.inFlight).toBe(0), { timeout: 10_000 });
    await waitFor(() => expect(captures.live()).toEqual([]));
    expect(captures.calls).toBeGreaterThanOrEqual(25);
    expect(captures.tracks.length).toBeGreaterThanOrEqual(50);
  });

  it('reports constraints no camera can meet as a typed error', async () => {
    render(<Preview video={{ width: { exact: 12345 } }} />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('error'));
    await expect(getLocalMedia({ video: { width: { exact: 12345 } } })).rejects.toMatchObject({
      code: 'constraints-unsatisfiable',
    });
  });

  it('re-captures at the new size when constraints change, stopping the old camera track', async () => {
    const captures = recordCaptures();
    const { rerender } = render(<Preview video={{ width: 320, height: 240 }} audio={false} />);
    await waitFor(() => expect(videoElement().videoWidth).toBe(320), { timeout: 10_000 });
    rerender(<Preview video={{ width: 640, height: 480 }} audio={false} />);
    await waitFor(() => expect(videoElement().videoWidth).toBe(640), { timeout: 10_000 });
    expect(captures.tracks).toHaveLength(2);
    expect(captures.live()).toEqual([captures.tracks[1]]);
  });
});
