// Where the receiving side shows each remote video: every tile that opts in reports its size and
// visibility here, per track, and the hint reporter of the session that receives the track sends
// the largest to the other side. Module state, but nothing runs at import.
import type { TileSize } from './planEncodings';

/** A tile's report; update it when the tile changes and remove it when the tile goes away. */
export interface TileSizeReport {
  update(size: TileSize): void;
  remove(): void;
}

const tiles = new Map<MediaStreamTrack, Map<object, TileSize>>();
const listeners = new Set<() => void>();

const notify = () => {
  for (const listener of [...listeners]) listener();
};

const same = (a: TileSize | undefined, b: TileSize) =>
  a !== undefined && a.width === b.width && a.height === b.height && a.visible === b.visible;

/**
 * Reports one tile showing `track` (`VideoTile` does this with `reportSize`). Use it for a custom
 * video element: sizes in device pixels (CSS pixels × `devicePixelRatio`).
 *
 * @example
 * ```ts
 * const report = reportTileSize(track, { width: 640, height: 360, visible: true });
 * new ResizeObserver(([entry]) => report.update(sizeOf(entry))).observe(element);
 * // when the element goes away:
 * report.remove();
 * ```
 */
export function reportTileSize(track: MediaStreamTrack, size: TileSize): TileSizeReport {
  const key = {};
  let forTrack = tiles.get(track);
  if (!forTrack) {
    forTrack = new Map();
    tiles.set(track, forTrack);
  }
  forTrack.set(key, size);
  notify();
  return {
    update(next) {
      const current = tiles.get(track);
      if (!current?.has(key) || same(current.get(key), next)) return;
      current.set(key, next);
      notify();
    },
    remove() {
      const current = tiles.get(track);
      if (!current?.delete(key)) return;
      if (current.size === 0) tiles.delete(track);
      notify();
    },
  };
}

/**
 * What the tiles showing `track` need: the largest width and height among the visible ones, or
 * `{ width: 0, height: 0, visible: false }` when every one is hidden; `null` when no tile reports.
 *
 * @example
 * ```ts
 * tileSizeOf(remoteTrack); // { width: 400, height: 300, visible: true }
 * ```
 */
export function tileSizeOf(track: MediaStreamTrack): TileSize | null {
  const forTrack = tiles.get(track);
  if (!forTrack) return null;
  let width = 0;
  let height = 0;
  let visible = false;
  for (const size of forTrack.values()) {
    if (!size.visible) continue;
    visible = true;
    width = Math.max(width, size.width);
    height = Math.max(height, size.height);
  }
  return { width, height, visible };
}

/**
 * Calls `listener` whenever any tile report changes. Returns the function that stops it.
 *
 * @example
 * ```ts
 * const stop = subscribeTileSizes(() => console.log(tileSizeOf(track)));
 * ```
 */
export function subscribeTileSizes(listener: () => void): () => void {
  const entry = () => listener();
  listeners.add(entry);
  return () => void listeners.delete(entry);
}
