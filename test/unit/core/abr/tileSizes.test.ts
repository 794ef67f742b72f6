import { describe, expect, it, vi } from 'vitest';
import { reportTileSize, sharedTileSizes, subscribeTileSizes, tileSizeOf, TileSizeRegistry } from 'rtckit/core';
import { FakeMediaStreamTrack } from 'rtckit/testing';

const track = () => new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack;

describe('tile sizes', () => {
  it('gives the largest width and height among visible tiles, and hidden when every tile is hidden', () => {
    const video = track();
    expect(tileSizeOf(video)).toBeNull();
    const small = reportTileSize(video, { width: 320, height: 180, visible: true });
    const tall = reportTileSize(video, { width: 200, height: 300, visible: true });
    const offscreen = reportTileSize(video, { width: 1920, height: 1080, visible: false });
    expect(tileSizeOf(video)).toEqual({ width: 320, height: 300, visible: true });
    small.update({ width: 320, height: 180, visible: false });
    tall.update({ width: 200, height: 300, visible: false });
    expect(tileSizeOf(video)).toEqual({ width: 0, height: 0, visible: false });
    for (const report of [small, tall, offscreen]) report.remove();
    expect(tileSizeOf(video)).toBeNull();
  });

  it('notifies on real changes only, and keeps tracks apart', () => {
    const a = track();
    const b = track();
    const listener = vi.fn();
    const stop = subscribeTileSizes(listener);
    const report = reportTileSize(a, { width: 100, height: 100, visible: true });
    expect(listener).toHaveBeenCalledTimes(1);
    report.update({ width: 100, height: 100, visible: true });
    expect(listener).toHaveBeenCalledTimes(1);
    report.update({ width: 120, height: 100, visible: true });
    expect(listener).toHaveBeenCalledTimes(2);
    expect(tileSizeOf(b)).toBeNull();
    report.remove();
    report.remove();
    report.update({ width: 1, height: 1, visible: true }); // after removal: ignored
    expect(listener).toHaveBeenCalledTimes(3);
    expect(tileSizeOf(a)).toBeNull();
    stop();
  });

  it('keeps two registries apart: reports, sizes and listeners of one never reach the other', () => {
    const video = track();
    const mine = new TileSizeRegistry();
    const theirs = new TileSizeRegistry();
    const mineHeard = vi.fn();
    const theirsHeard = vi.fn();
    const pageHeard = vi.fn();
    const stops = [mine.subscribe(mineHeard), subscribeTileSizes(theirsHeard, theirs), subscribeTileSizes(pageHeard)];
    const report = reportTileSize(video, { width: 640, height: 360, visible: true }, mine);
    expect(tileSizeOf(video, mine)).toEqual({ width: 640, height: 360, visible: true });
    expect(tileSizeOf(video, theirs)).toBeNull();
    expect(tileSizeOf(video)).toBeNull(); // the page's registry is a third one
    expect(theirs.report(video, { width: 100, height: 100, visible: false })).toBeDefined();
    expect(mine.sizeOf(video)).toEqual({ width: 640, height: 360, visible: true });
    expect(theirs.sizeOf(video)).toEqual({ width: 0, height: 0, visible: false });
    expect(mineHeard).toHaveBeenCalledTimes(1);
    expect(theirsHeard).toHaveBeenCalledTimes(1);
    expect(pageHeard).not.toHaveBeenCalled();
    report.remove();
    expect(mine.sizeOf(video)).toBeNull();
    expect(theirs.sizeOf(video)).not.toBeNull();
    for (const stop of stops) stop();
  });

  it('is the page’s registry by default, made once', () => {
    const video = track();
    expect(sharedTileSizes()).toBe(sharedTileSizes());
    const report = reportTileSize(video, { width: 320, height: 180, visible: true });
    expect(sharedTileSizes().sizeOf(video)).toEqual({ width: 320, height: 180, visible: true });
    report.remove();
  });
});
