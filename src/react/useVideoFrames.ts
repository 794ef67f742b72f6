import { useEffect, useState, type RefObject } from 'react';
import { watchVideoFrames } from '../core/media/videoFrames';

/** Whether a `<video>` presents frames of `track`: not yet, yes, or no longer. */
export type VideoFrameState = 'waiting' | 'flowing' | 'stalled';

/** Follows the frames a `<video>` presents for `track`; starts over at `'waiting'` for a new track. */
export function useVideoFrames(
  videoRef: RefObject<HTMLVideoElement | null>,
  track: MediaStreamTrack | null,
): VideoFrameState {
  const [seen, setSeen] = useState<{ readonly track: MediaStreamTrack; readonly flowing: boolean } | null>(null);
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !track) return;
    return watchVideoFrames(video, (flowing) => setSeen({ track, flowing }));
  }, [videoRef, track]);
  if (!track || seen?.track !== track) return 'waiting';
  return seen.flowing ? 'flowing' : 'stalled';
}
