import { createContext, forwardRef, useMemo, type CSSProperties, type HTMLAttributes } from 'react';

/** What tiles inside a {@link VideoGrid} do unless their own props say otherwise. */
export interface VideoGridDefaults {
  /** Report each tile's size and visibility to the sender (`VideoTile`'s `reportSize`). */
  readonly reportSize: boolean;
  /** Pause a tile's `<video>` while it is off screen (`VideoTile`'s `pauseWhenHidden`). */
  readonly pauseWhenHidden: boolean;
}

/** The defaults of the nearest {@link VideoGrid}, or `null` outside one (internal: read by `VideoTile`). */
export const VideoGridContext = /* @__PURE__ */ createContext<VideoGridDefaults | null>(null);

/** Props of {@link VideoGrid}; other `<div>` props go to the root. */
export interface VideoGridProps extends HTMLAttributes<HTMLDivElement> {
  /** Narrowest a tile may get before the grid uses fewer columns, in CSS pixels. Default 160. */
  readonly minTileWidth?: number;
  /** Accessible name of the group. Default `'Participants'`. */
  readonly label?: string;
  /** Turn off the default size reports of the tiles inside. Default `true`. */
  readonly reportSize?: boolean;
  /** Turn off pausing of off-screen tiles inside. Default `true`. */
  readonly pauseWhenHidden?: boolean;
}

/**
 * A responsive grid of video tiles (`role="group"`) that stays fast with many participants:
 * `VideoTile`s inside pause their `<video>` while scrolled off screen, and report their size and
 * visibility so each sender (with `useAdaptiveBitrate` and a data channel) sends no more than the
 * tile shows — nothing while it is hidden. Unstyled apart from the grid itself; `--rtckit-grid-gap`
 * sets the gap.
 *
 * @example
 * ```tsx
 * <VideoGrid style={{ height: '100vh', overflow: 'auto' }}>
 *   {participants.map((p) => (
 *     <VideoTile key={p.id} stream={p.stream} label={p.name} style={{ aspectRatio: '16 / 9' }} />
 *   ))}
 * </VideoGrid>
 * ```
 */
export const VideoGrid = /* @__PURE__ */ forwardRef<HTMLDivElement, VideoGridProps>(function VideoGrid(
  { minTileWidth = 160, label = 'Participants', reportSize = true, pauseWhenHidden = true, style, children, ...rest },
  ref,
) {
  const defaults = useMemo(() => ({ reportSize, pauseWhenHidden }), [reportSize, pauseWhenHidden]);
  const layout: CSSProperties = {
    display: 'grid',
    gridTemplateColumns: `repeat(auto-fill, minmax(${minTileWidth}px, 1fr))`,
    gap: 'var(--rtckit-grid-gap, 8px)',
  };
  return (
    <VideoGridContext.Provider value={defaults}>
      <div
        ref={ref}
        role="group"
        aria-label={label}
        data-rtckit-video-grid=""
        style={{ ...layout, ...style }}
        {...rest}
      >
        {children}
      </div>
    </VideoGridContext.Provider>
  );
});
