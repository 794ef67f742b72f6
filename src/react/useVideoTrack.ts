import { useCallback, useSyncExternalStore } from 'react';
import { isVideoShowing, primaryVideoTrack, watchStreamVideo } from '../core/media/streamVideo';

/** What {@link useVideoTrack} returns. */
export interface VideoTrackInfo {
  /** The stream's first video track, or `null`. */
  readonly track: MediaStreamTrack | null;
  /** Whether that track can show frames now: live, enabled and not muted. */
  readonly showing: boolean;
}

/**
 * Follows a stream's video track: which one it is and whether it can show frames, updated when
 * tracks are added, removed, ended, muted or unmuted. Renders nothing new when neither changed.
 *
 * @example
 * ```tsx
 * function Avatar({ stream }: { stream: MediaStream | null }) {
 *   const { showing } = useVideoTrack(stream);
 *   return showing ? null : <span>Camera off</span>;
 * }
 * ```
 */
export function useVideoTrack(stream: MediaStream | null | undefined): VideoTrackInfo {
  const subscribe = useCallback(
    (listener: () => void) => (stream ? watchStreamVideo(stream, listener) : () => {}),
    [stream],
  );
  const track = useSyncExternalStore(
    subscribe,
    () => primaryVideoTrack(stream),
    () => null,
  );
  const showing = useSyncExternalStore(
    subscribe,
    () => isVideoShowing(primaryVideoTrack(stream)),
    () => false,
  );
  return { track, showing };
}
