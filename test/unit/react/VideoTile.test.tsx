import { act, fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tileSizeOf, TileSizeRegistry, VideoGrid, VideoTile } from 'rtckit';
import { FakeMediaStream, FakeMediaStreamTrack, installFakeMedia, type InstalledFakeMedia } from 'rtckit/testing';

let fake: InstalledFakeMedia;
beforeEach(() => {
  fake = installFakeMedia();
});
afterEach(() => fake.uninstall());

function streamWith(...tracks: FakeMediaStreamTrack[]) {
  return new FakeMediaStream(tracks as unknown as MediaStreamTrack[]) as unknown as MediaStream & FakeMediaStream;
}

const videoOf = (tile: HTMLElement) => tile.querySelector('video')!;

describe('VideoTile', () => {
  it('shows the label as placeholder and accessible name when there is no stream', () => {
    render(<VideoTile stream={null} label="Alice" />);
    const tile = screen.getByRole('figure', { name: 'Alice' });
    expect(tile.dataset.state).toBe('no-video');
    expect(tile.textContent).toBe('Alice');
    expect(videoOf(tile)).toHaveAttribute('aria-hidden', 'true');
    expect(videoOf(tile).style.opacity).toBe('0');
  });

  it('renders custom placeholder children instead of the default', () => {
    render(
      <VideoTile stream={null} label="Alice">
        <span>AB</span>
      </VideoTile>,
    );
    expect(screen.getByRole('figure', { name: 'Alice' }).textContent).toBe('AB');
  });

  it('attaches the stream, is loading until the first frame, then playing', () => {
    const track = new FakeMediaStreamTrack('video');
    const stream = streamWith(track);
    render(<VideoTile stream={stream} label="Bob" />);
    const tile = screen.getByRole('figure', { name: 'Bob' });
    expect(videoOf(tile).srcObject).toBe(stream);
    expect(tile.dataset.state).toBe('loading');
    fireEvent.loadedData(videoOf(tile));
    expect(tile.dataset.state).toBe('playing');
    expect(videoOf(tile)).not.toHaveAttribute('aria-hidden');
    expect(videoOf(tile).style.opacity).toBe('');
  });

  it('shows the placeholder for a muted track until its first frame, and when the track ends', () => {
    const track = new FakeMediaStreamTrack('video');
    track.muted = true; // a remote track that has sent nothing yet
    render(<VideoTile stream={streamWith(track)} label="Bob" />);
    const tile = screen.getByRole('figure', { name: 'Bob' });
    expect(tile.dataset.state).toBe('no-video');
    act(() => track.simulateUnmute());
    expect(tile.dataset.state).toBe('loading');
    fireEvent.playing(videoOf(tile));
    expect(tile.dataset.state).toBe('playing');
    act(() => track.simulateEnded());
    expect(tile.dataset.state).toBe('no-video');
  });

  it('keeps playing while frames arrive even if the track says muted (Chromium, reused transceivers)', () => {
    const track = new FakeMediaStreamTrack('video');
    render(<VideoTile stream={streamWith(track)} label="Bob" />);
    const tile = screen.getByRole('figure', { name: 'Bob' });
    fireEvent.loadedData(videoOf(tile));
    act(() => track.simulateMute());
    expect(tile.dataset.state).toBe('playing');
  });

  it('follows tracks added to and removed from the stream', () => {
    const stream = streamWith(new FakeMediaStreamTrack('audio'));
    render(<VideoTile stream={stream} label="Carol" />);
    const tile = screen.getByRole('figure', { name: 'Carol' });
    expect(tile.dataset.state).toBe('no-video');
    const video = new FakeMediaStreamTrack('video');
    act(() => stream.simulateAddTrack(video as unknown as MediaStreamTrack));
    expect(tile.dataset.state).toBe('loading');
    act(() => stream.simulateRemoveTrack(video as unknown as MediaStreamTrack));
    expect(tile.dataset.state).toBe('no-video');
  });

  it('mutes and mirrors a local user-facing camera, and lets props override both', () => {
    const stream = streamWith(new FakeMediaStreamTrack('video', { facingMode: 'user' }));
    const { rerender } = render(<VideoTile stream={stream} local label="You" />);
    const tile = screen.getByRole('figure', { name: 'You' });
    expect(videoOf(tile).muted).toBe(true);
    expect(tile.dataset.mirrored).toBe('true');
    expect(videoOf(tile).style.transform).toBe('scaleX(-1)');
    rerender(<VideoTile stream={stream} local mirror={false} muted={false} label="You" />);
    expect(tile.dataset.mirrored).toBeUndefined();
    expect(videoOf(tile).muted).toBe(false);
  });

  it('does not mirror a rear camera or a remote stream', () => {
    const rear = streamWith(new FakeMediaStreamTrack('video', { facingMode: 'environment' }));
    const { rerender } = render(<VideoTile stream={rear} local label="You" />);
    expect(screen.getByRole('figure').dataset.mirrored).toBeUndefined();
    rerender(<VideoTile stream={streamWith(new FakeMediaStreamTrack('video'))} label="Remote" />);
    expect(screen.getByRole('figure').dataset.mirrored).toBeUndefined();
    expect(videoOf(screen.getByRole('figure')).muted).toBe(false);
  });

  it('applies fit to the video', () => {
    render(<VideoTile stream={streamWith(new FakeMediaStreamTrack('video'))} fit="contain" />);
    const tile = screen.getByRole('figure', { name: 'Video' });
    expect(tile.dataset.fit).toBe('contain');
    expect(videoOf(tile).style.objectFit).toBe('contain');
  });

  it('forwards its ref and unknown props, and merges style', () => {
    const ref = createRef<HTMLDivElement>();
    const onClick = () => {};
    render(
      <VideoTile
        ref={ref}
        stream={null}
        id="tile"
        className="mine"
        data-testid="t"
        onClick={onClick}
        style={{ width: 100 }}
      />,
    );
    const tile = screen.getByTestId('t');
    expect(ref.current).toBe(tile);
    expect(tile.id).toBe('tile');
    expect(tile.className).toBe('mine');
    expect(tile.style.width).toBe('100px');
    expect(tile.style.position).toBe('relative');
  });

  it('detaches srcObject when the stream changes and on unmount', () => {
    const first = streamWith(new FakeMediaStreamTrack('video'));
    const second = streamWith(new FakeMediaStreamTrack('video'));
    const { rerender, unmount } = render(<VideoTile stream={first} />);
    const video = videoOf(screen.getByRole('figure'));
    rerender(<VideoTile stream={second} />);
    expect(video.srcObject).toBe(second);
    unmount();
    expect(video.srcObject).toBeNull();
  });
});

describe('VideoTile reportSize', () => {
  /** Observers the test drives by hand (jsdom has neither). */
  class FakeResizeObserver {
    static last: FakeResizeObserver | undefined;
    observed: Element[] = [];
    constructor(readonly callback: ResizeObserverCallback) {
      FakeResizeObserver.last = this;
    }
    observe(element: Element) {
      this.observed.push(element);
    }
    disconnect() {
      this.observed = [];
    }
    resize(width: number, height: number) {
      const entry = { contentRect: { width, height } } as ResizeObserverEntry;
      act(() => this.callback([entry], this as unknown as ResizeObserver));
    }
  }
  class FakeIntersectionObserver {
    static last: FakeIntersectionObserver | undefined;
    constructor(readonly callback: IntersectionObserverCallback) {
      FakeIntersectionObserver.last = this;
    }
    observe() {}
    disconnect() {}
    intersect(isIntersecting: boolean) {
      const entry = { isIntersecting } as IntersectionObserverEntry;
      act(() => this.callback([entry], this as unknown as IntersectionObserver));
    }
  }

  beforeEach(() => {
    globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
    globalThis.IntersectionObserver = FakeIntersectionObserver as unknown as typeof IntersectionObserver;
    globalThis.devicePixelRatio = 2;
  });
  afterEach(() => {
    delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
  });

  it('reports the size of the tile in device pixels and whether it is on screen, until unmounted', () => {
    const track = new FakeMediaStreamTrack('video');
    const video = track as unknown as MediaStreamTrack;
    const ref = createRef<HTMLDivElement>();
    const { unmount } = render(<VideoTile ref={ref} stream={streamWith(track)} label="Bob" reportSize />);
    expect(ref.current).toBe(screen.getByRole('figure', { name: 'Bob' }));
    expect(FakeResizeObserver.last!.observed).toEqual([ref.current]);
    FakeResizeObserver.last!.resize(200, 150);
    expect(tileSizeOf(video)).toEqual({ width: 400, height: 300, visible: true });
    FakeIntersectionObserver.last!.intersect(false);
    expect(tileSizeOf(video)).toEqual({ width: 0, height: 0, visible: false });
    FakeIntersectionObserver.last!.intersect(true);
    FakeResizeObserver.last!.resize(0, 0); // display: none
    expect(tileSizeOf(video)?.visible).toBe(false);
    unmount();
    expect(tileSizeOf(video)).toBeNull();
  });

  it('reports to the tile registry it is given instead of the page’s', () => {
    const track = new FakeMediaStreamTrack('video');
    const video = track as unknown as MediaStreamTrack;
    const tiles = new TileSizeRegistry();
    const { unmount } = render(<VideoTile stream={streamWith(track)} label="Bob" reportSize tileSizes={tiles} />);
    FakeResizeObserver.last!.resize(200, 150);
    expect(tiles.sizeOf(video)).toEqual({ width: 400, height: 300, visible: true });
    expect(tileSizeOf(video)).toBeNull();
    unmount();
    expect(tiles.sizeOf(video)).toBeNull();
  });

  it('reports nothing unless asked', () => {
    const track = new FakeMediaStreamTrack('video');
    FakeResizeObserver.last = undefined;
    render(<VideoTile stream={streamWith(track)} label="Bob" />);
    expect(FakeResizeObserver.last).toBeUndefined();
    expect(tileSizeOf(track as unknown as MediaStreamTrack)).toBeNull();
  });
  it('inside a VideoGrid, reports sizes and pauses the video while off screen, and plays it when back', () => {
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const track = new FakeMediaStreamTrack('video');
    render(
      <VideoGrid label="Call">
        <VideoTile stream={streamWith(track)} label="Bob" />
      </VideoGrid>,
    );
    expect(screen.getByRole('group', { name: 'Call' })).toContainElement(screen.getByRole('figure', { name: 'Bob' }));
    FakeResizeObserver.last!.resize(160, 90);
    expect(tileSizeOf(track as unknown as MediaStreamTrack)).toEqual({ width: 320, height: 180, visible: true });
    expect(play).toHaveBeenCalled(); // a tile that gets a size on screen plays
    pause.mockClear();
    play.mockClear();
    FakeIntersectionObserver.last!.intersect(false);
    expect(pause).toHaveBeenCalledTimes(1);
    expect(tileSizeOf(track as unknown as MediaStreamTrack)?.visible).toBe(false);
    FakeIntersectionObserver.last!.intersect(true);
    expect(play).toHaveBeenCalledTimes(1);
    pause.mockRestore();
    play.mockRestore();
  });

  it("a tile's own props override the grid's defaults", () => {
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const track = new FakeMediaStreamTrack('video');
    FakeResizeObserver.last = undefined;
    render(
      <VideoGrid pauseWhenHidden={false}>
        <VideoTile stream={streamWith(track)} label="Bob" reportSize={false} />
      </VideoGrid>,
    );
    expect(FakeResizeObserver.last).toBeUndefined();
    expect(tileSizeOf(track as unknown as MediaStreamTrack)).toBeNull();
    expect(pause).not.toHaveBeenCalled();
    render(<VideoTile stream={streamWith(new FakeMediaStreamTrack('video'))} label="Ann" pauseWhenHidden />);
    FakeResizeObserver.last!.resize(160, 90);
    pause.mockClear();
    FakeIntersectionObserver.last!.intersect(false);
    expect(pause).toHaveBeenCalledTimes(1);
    pause.mockRestore();
    play.mockRestore();
  });
  it('plays a tile it paused again when pausing is turned off', () => {
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const stream = streamWith(new FakeMediaStreamTrack('video'));
    const { rerender } = render(<VideoTile stream={stream} label="Ann" pauseWhenHidden />);
    FakeResizeObserver.last!.resize(160, 90);
    FakeIntersectionObserver.last!.intersect(false);
    play.mockClear();
    rerender(<VideoTile stream={stream} label="Ann" pauseWhenHidden={false} />);
    expect(play).toHaveBeenCalledTimes(1);
  });
});
