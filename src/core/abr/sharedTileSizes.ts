import { lazily } from '../sharedRegistry';
import type { TileSize } from './planEncodings';
import { TileSizeRegistry, type TileSizeReport } from './TileSizeRegistry';

/**
 * The page's table of tile sizes, made on first use. Every `VideoTile` reports into it and every
 * `VideoHintReporter` (the one a `BitrateController` runs, too) reads it, unless given another
 * through their `tileSizes` option.
 *
 * @example
 * ```ts
 * const tiles = sharedTileSizes();
 * tiles.sizeOf(remoteTrack); // what the tiles showing it need, or null
 * ```
 */
export const sharedTileSizes = /* @__PURE__ */ lazily(() => new TileSizeRegistry());

/**
 * Reports one tile showing `track` (`VideoTile` does this with `reportSize`) to `registry`, the
 * page's by default. Use it for a custom video element: sizes in device pixels (CSS pixels ×
 * `devicePixelRatio`).
 *
 * @example
 * ```ts
 * const report = reportTileSize(track, { width: 640, height: 360, visible: true });
 * new ResizeObserver(([entry]) => report.update(sizeOf(entry))).observe(element);
 * // when the element goes away:
 * report.remove();
 * ```
 */
export function reportTileSize(
  track: MediaStreamTrack,
  size: TileSize,
  registry: TileSizeRegistry = sharedTileSizes(),
): TileSizeReport {
  return registry.report(track, size);
}

/**
 * What the tiles showing `track` need (in `registry`, the page's by default): the largest width and
 * height among the visible ones, or `{ width: 0, height: 0, visible: false }` when every one is
 * hidden; `null` when no tile reports.
 *
 * @example
 * ```ts
 * tileSizeOf(remoteTrack); // { width: 400, height: 300, visible: true }
 * ```
 */
export function tileSizeOf(track: MediaStreamTrack, registry: TileSizeRegistry = sharedTileSizes()): TileSize | null {
  return registry.sizeOf(track);
}

/**
 * Calls `listener` whenever any tile report in `registry` (the page's by default) changes. Returns
 * the function that stops it.
 *
 * @example
 * ```ts
 * const stop = subscribeTileSizes(() => console.log(tileSizeOf(track)));
 * ```
 */
export function subscribeTileSizes(listener: () => void, registry: TileSizeRegistry = sharedTileSizes()): () => void {
  return registry.subscribe(listener);
}
