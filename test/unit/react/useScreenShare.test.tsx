import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useScreenShare } from 'rtckit';
import type { FakeMediaStreamTrack } from 'rtckit/testing';
import { FakeMediaDevices } from 'rtckit/testing';

describe('useScreenShare (StrictMode)', () => {
  it('starts, reflects the browser ending the share, and stops its tracks on unmount', async () => {
    const mediaDevices = new FakeMediaDevices();
    const { result, unmount } = renderHook(() => useScreenShare({ mediaDevices }));
    expect(result.current.sharing).toBe(false);
    await act(() => result.current.start());
    expect(result.current.sharing).toBe(true);
    const track = result.current.stream!.getVideoTracks()[0] as unknown as FakeMediaStreamTrack;
    act(() => track.simulateEnded());
    expect(result.current).toMatchObject({ sharing: false, stream: null });

    await act(() => result.current.start());
    expect(mediaDevices.liveTracks()).toHaveLength(1);
    unmount();
    await waitFor(() => expect(mediaDevices.liveTracks()).toHaveLength(0));
  });

  it('puts a cancelled picker in error, not in an exception', async () => {
    const mediaDevices = new FakeMediaDevices();
    mediaDevices.failDisplayWith('NotAllowedError');
    const { result } = renderHook(() => useScreenShare({ mediaDevices }));
    await act(() => result.current.start());
    expect(result.current.error?.code).toBe('share-cancelled');
  });
});
