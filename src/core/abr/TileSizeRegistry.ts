// Where the receiving side shows each remote video: every tile that opts in reports its size and
// visibility here, per track, and the hint reporter of the session that receives the track sends
// the largest to the other side. The page shares one (sharedTileSizes); a test or a second app on
// the page can keep its own.
import { SharedRegistry } from '../sharedRegistry';
import { createStore } from '../store';
import type { TileSize } from './planEncodings';

/** A tile's report; update it when the tile changes and remove it when the tile goes away. */
export interface TileSizeReport {
  update(size: TileSize): void;
  remove(): void;
}

const same = (a: TileSize | undefined, b: TileSize) =>
  a !== undefined && a.width === b.width && a.height === b.height && a.visible === b.visible;

/**
 * The tiles showing each track and their sizes, and who listens for changes. Every `VideoTile` and
 * `VideoHintReporter` use the page's (`sharedTileSizes()`) unless given their own (`tileSizes`).
 *
 * @example
 * ```ts
 * const tiles = new TileSizeRegistry();
 * const report = tiles.report(track, { width: 640, height: 360, visible: true });
 * tiles.sizeOf(track); // { width: 640, height: 360, visible: true }
 * report.remove();
 * ```
 */
export class TileSizeRegistry {
  /** Per track, each tile's size, keyed by an object only its report holds. */
  readonly #tiles = new SharedRegistry<MediaStreamTrack, Map<object, TileSize>>();
  /** Counts changes, so that every change notifies the listeners. */
  readonly #changes = createStore({ version: 0 });

  /** Calls `listener` whenever any tile report changes. Returns the function that stops it. */
  readonly subscribe = (listener: () => void): (() => void) => this.#changes.subscribe(listener);

  /** Reports one tile showing `track`; sizes in device pixels (CSS pixels × `devicePixelRatio`). */
  report(track: MediaStreamTrack, size: TileSize): TileSizeReport {
    const key = {};
    this.#tiles.get(track, () => new Map()).set(key, size);
    this.#notify();
    return {
      update: (next) => {
        const current = this.#tiles.peek(track);
        if (!current?.has(key) || same(current.get(key), next)) return;
        current.set(key, next);
        this.#notify();
      },
      remove: () => {
        const current = this.#tiles.peek(track);
        if (!current?.delete(key)) return;
        if (current.size === 0) this.#tiles.delete(track);
        this.#notify();
      },
    };
  }

  /**
   * What the tiles showing `track` need: the largest width and height among the visible ones, or
   * `{ width: 0, height: 0, visible: false }` when every one is hidden; `null` when no tile reports.
   */
  sizeOf(track: MediaStreamTrack): TileSize | null {
    const forTrack = this.#tiles.peek(track);
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

  #notify(): void {
    this.#changes.update({ version: this.#changes.getSnapshot().version + 1 });
  }
}
