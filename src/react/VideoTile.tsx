import {
  forwardRef,
  useContext,
  useEffect,
  useImperativeHandle,
  useRef,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { reportTileSize } from '../core/abr/sharedTileSizes';
import type { TileSizeRegistry, TileSizeReport } from '../core/abr/TileSizeRegistry';
import type { RtcKitError } from '../core/errors';
import { routeAudioTo } from '../core/media/audioOutput';
import { watchElementBox } from '../core/media/elementBox';
import { facesUser } from '../core/media/streamVideo';
import { useVideoFrames } from './useVideoFrames';
import { VideoGridContext } from './VideoGrid';
import { useVideoTrack } from './useVideoTrack';

/** What a {@link VideoTile} shows, on its `data-state` attribute. */
export type VideoTileState = 'no-video' | 'loading' | 'playing';

/** Props of {@link VideoTile}; any other `<div>` prop is passed to the root element. */
export interface VideoTileProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The stream to show; `null` shows the placeholder. */
  readonly stream: MediaStream | null | undefined;
  /** Who or what the tile shows; its accessible name and the default placeholder text. Default `'Video'`. */
  readonly label?: string;
  /** The local preview: muted, and mirrored when the camera faces the user. Default `false`. */
  readonly local?: boolean;
  /** Mirror the picture horizontally. Default: `local` and the camera faces the user. */
  readonly mirror?: boolean;
  /** `cover` fills the tile and crops; `contain` shows the whole picture. Default `'cover'`. */
  readonly fit?: 'cover' | 'contain';
  /** Mute the element's audio. Default: `local`, so you never hear yourself. */
  readonly muted?: boolean;
  /** The speaker to play on (`useDevices().selected.audiooutput`); `''` is the system default. */
  readonly sinkId?: string;
  /** Called when the speaker cannot be chosen (`'output-unsupported'`, `'device-not-found'`, …). */
  readonly onSinkIdError?: (error: RtcKitError) => void;
  /**
   * Report this tile's size and visibility for receiver-driven hints, so the sending side never
   * sends more resolution than the largest visible tile shows, and pauses the video while every
   * tile showing it is hidden (see `useAdaptiveBitrate`). For tiles of remote video. Default
   * `false`, or `true` inside a `VideoGrid`.
   */
  readonly reportSize?: boolean;
  /**
   * Where `reportSize` reports to. Default: the page's, `sharedTileSizes()`, which every
   * `useAdaptiveBitrate` reads; pass your own to the tile and to the hook (`tileSizes`) to keep them apart.
   */
  readonly tileSizes?: TileSizeRegistry;
  /**
   * Pause the `<video>` while the tile is off screen, to save decoding and painting. Default
   * `false`, or `true` inside a `VideoGrid`.
   */
  readonly pauseWhenHidden?: boolean;
  /** Shown instead of the video while there is no live video track. */
  readonly children?: ReactNode;
}

/**
 * Shows a `MediaStream` in a `<video>`, with a placeholder while there is no video to show (no
 * stream yet, camera off, a remote sender that stopped: no frame for 2 s). The root `<div>` has `role="figure"`, the label
 * as its accessible name and `data-state` = `no-video` | `loading` | `playing`. `srcObject` is
 * detached when the stream changes and on unmount.
 *
 * Unstyled: size the root yourself; the video fills it. CSS variables: `--rtckit-tile-background`.
 *
 * @example
 * ```tsx
 * <VideoTile stream={media.stream} local label="You" style={{ width: 320, aspectRatio: '4 / 3' }}>
 *   <Avatar name="You" />
 * </VideoTile>
 * ```
 */
export const VideoTile = forwardRef<HTMLDivElement, VideoTileProps>(function VideoTile(
  {
    stream,
    label = 'Video',
    local = false,
    mirror,
    fit = 'cover',
    muted,
    sinkId,
    onSinkIdError,
    reportSize,
    tileSizes,
    pauseWhenHidden,
    children,
    style,
    ...rest
  },
  ref,
) {
  const grid = useContext(VideoGridContext);
  const reportsSize = reportSize ?? grid?.reportSize ?? false;
  const pausesWhenHidden = pauseWhenHidden ?? grid?.pauseWhenHidden ?? false;
  const rootRef = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => rootRef.current!, []);
  const videoRef = useRef<HTMLVideoElement>(null);
  // Re-renders when the track is added, removed, ended, muted or unmuted.
  const { track } = useVideoTrack(stream);
  const live = !!track && track.readyState === 'live' && track.enabled;
  const frames = useVideoFrames(videoRef, live ? track : null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream ?? null;
    return () => {
      video.srcObject = null;
    };
  }, [stream]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || sinkId === undefined) return;
    routeAudioTo(video, sinkId).catch((error: RtcKitError) => onSinkIdError?.(error));
  }, [sinkId, onSinkIdError]);

  // One watch of the tile's box serves both the sender's hints and pausing while off screen.
  useEffect(() => {
    const root = rootRef.current;
    const video = videoRef.current;
    if (!root || !video || !track || (!reportsSize && !pausesWhenHidden)) return;
    let report: TileSizeReport | null = null;
    let pausedHere = false;
    // Autoplay policy may refuse; the next change retries. (Old engines return no promise.)
    const play = () => Promise.resolve(video.play()).catch(() => {});
    const stop = watchElementBox(root, (box) => {
      if (reportsSize) {
        if (report) report.update(box);
        else report = reportTileSize(track, box, tileSizes);
      }
      if (!pausesWhenHidden) return;
      if (box.visible) void play();
      else video.pause();
      pausedHere = !box.visible;
    });
    return () => {
      stop();
      report?.remove();
      // A tile that stops pausing (the prop turned off, another track) must not stay paused.
      if (pausedHere && video.isConnected) void play();
    };
  }, [reportsSize, pausesWhenHidden, track, tileSizes]);

  // Frames decide, not `muted` alone: see watchVideoFrames. Before the first frame, a muted track
  // (a remote one that has sent nothing yet) shows the placeholder rather than a black box.
  const state: VideoTileState = !live
    ? 'no-video'
    : frames === 'flowing'
      ? 'playing'
      : frames === 'waiting' && !track.muted
        ? 'loading'
        : 'no-video';
  const showing = state !== 'no-video';
  const mirrored = mirror ?? (local && facesUser(track));

  return (
    <div
      ref={rootRef}
      role="figure"
      aria-label={label}
      data-state={state}
      data-fit={fit}
      data-mirrored={mirrored || undefined}
      data-local={local || undefined}
      style={{ position: 'relative', background: 'var(--rtckit-tile-background)', ...style }}
      {...rest}
    >
      <video
        ref={videoRef}
        autoPlay
        playsInline
        muted={muted ?? local}
        aria-hidden={!showing || undefined}
        // Kept rendered while not shown (out of the flow, transparent), so frames that resume are seen.
        style={
          showing
            ? {
                display: 'block',
                width: '100%',
                height: '100%',
                objectFit: fit,
                transform: mirrored ? 'scaleX(-1)' : undefined,
              }
            : { position: 'absolute', inset: 0, width: '100%', height: '100%', opacity: 0, pointerEvents: 'none' }
        }
      />
      {!showing && (children ?? <span data-rtckit-placeholder="">{label}</span>)}
    </div>
  );
});
