import { systemClock, type Clock, type TimerHandle } from '../clock';

/** Options for {@link watchVideoFrames}. */
export interface VideoFramesOptions {
  /** Without a new frame for this long (ms), frames count as stopped. Default 2000. */
  readonly stallMs?: number;
  readonly clock?: Clock;
}

const FRAME_EVENTS = ['loadeddata', 'playing', 'resize'] as const;

/**
 * Follows whether a `<video>` is really presenting frames: `onChange(true)` at the first frame and
 * whenever frames resume, `onChange(false)` once none came for `stallMs`. Returns the function that
 * stops watching.
 *
 * A remote track's `muted` flag cannot tell this: Chromium leaves a reused transceiver's track
 * muted while frames play, and keeps it unmuted when the sender stops (`replaceTrack(null)`).
 * Frames are seen with `requestVideoFrameCallback`, else by polling `getVideoPlaybackQuality()`,
 * else (no way to see frames, e.g. jsdom) from media events, without stall detection. A stall is
 * not declared while the page is hidden, where browsers stop presenting frames.
 *
 * @example
 * ```ts
 * const stop = watchVideoFrames(video, (flowing) => tile.classList.toggle('stalled', !flowing));
 * ```
 */
export function watchVideoFrames(
  video: HTMLVideoElement,
  onChange: (flowing: boolean) => void,
  options: VideoFramesOptions = {},
): () => void {
  const clock = options.clock ?? systemClock;
  const stallMs = options.stallMs ?? 2000;
  let flowing = false;
  let lastFrameAt = 0;
  let stopped = false;

  const frame = () => {
    lastFrameAt = clock.now();
    if (flowing) return;
    flowing = true;
    onChange(true);
  };
  for (const type of FRAME_EVENTS) video.addEventListener(type, frame);

  const presentsFrames = typeof video.requestVideoFrameCallback === 'function';
  let frameRequest: number | undefined;
  const onVideoFrame = () => {
    frame();
    if (!stopped) frameRequest = video.requestVideoFrameCallback(onVideoFrame);
  };
  if (presentsFrames) frameRequest = video.requestVideoFrameCallback(onVideoFrame);

  const countFrames = () =>
    typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality().totalVideoFrames : undefined;
  let frameCount = presentsFrames ? undefined : countFrames();
  const canStall = presentsFrames || frameCount !== undefined;

  let timer: TimerHandle;
  const check = () => {
    if (frameCount !== undefined) {
      const count = countFrames();
      if (count !== undefined && count > frameCount) frame();
      frameCount = count;
    }
    const hidden = globalThis.document?.visibilityState === 'hidden';
    if (canStall && flowing && !hidden && clock.now() - lastFrameAt > stallMs) {
      flowing = false;
      onChange(false);
    }
    timer = clock.setTimeout(check, Math.min(250, stallMs / 4));
  };
  timer = clock.setTimeout(check, Math.min(250, stallMs / 4));

  return () => {
    stopped = true;
    for (const type of FRAME_EVENTS) video.removeEventListener(type, frame);
    if (frameRequest !== undefined) video.cancelVideoFrameCallback?.(frameRequest);
    clock.clearTimeout(timer);
  };
}
