import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  reportTileSize,
  TileSizeRegistry,
  VideoHintReporter,
  type PeerControlMessage,
  type PeerSession,
  type PeerSessionSnapshot,
} from 'rtckit/core';
import { FakeMediaStreamTrack } from 'rtckit/testing';

/** Just enough of a PeerSession: a connection receiving one video on mid '1', and a data channel. */
function fakeSession() {
  const track = new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack;
  const audio = new FakeMediaStreamTrack('audio') as unknown as MediaStreamTrack;
  const pc = {
    getTransceivers: () => [
      { mid: '0', receiver: { track: audio } },
      { mid: '1', receiver: { track } },
      { mid: null, receiver: { track: new FakeMediaStreamTrack('video') } },
    ],
  };
  const listeners = new Set<() => void>();
  let snapshot = { pc, dataChannel: {}, dataChannelState: 'open' } as unknown as PeerSessionSnapshot;
  const sent: PeerControlMessage[] = [];
  const session = {
    subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
    getSnapshot: () => snapshot,
    sendControlMessage: (message: PeerControlMessage) => {
      if (snapshot.dataChannelState !== 'open') return false;
      sent.push(message);
      return true;
    },
  } as unknown as PeerSession;
  const update = (patch: Partial<PeerSessionSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    listeners.forEach((listener) => listener());
  };
  return { session, track, sent, update, listeners };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('VideoHintReporter', () => {
  it('sends the largest visible tile per received video once changes settle, and only changes', async () => {
    const { session, track, sent } = fakeSession();
    const reporter = new VideoHintReporter(session);
    const stop = reporter.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]); // no tile, nothing to say
    const tile = reportTileSize(track, { width: 300, height: 200, visible: true });
    tile.update({ width: 320, height: 200, visible: true });
    tile.update({ width: 320, height: 240, visible: true });
    await vi.advanceTimersByTimeAsync(149);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ type: 'video-hints', hints: [{ mid: '1', width: 320, height: 240, visible: true }] }]);
    expect(reporter.getSnapshot().sent).toEqual(sent[0]!.hints);
    tile.update({ width: 320, height: 240, visible: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(1);
    tile.update({ width: 320, height: 240, visible: false });
    await vi.advanceTimersByTimeAsync(150);
    expect(sent.at(-1)!.hints).toEqual([{ mid: '1', width: 0, height: 0, visible: false }]);
    tile.remove();
    await vi.advanceTimersByTimeAsync(150);
    expect(sent.at(-1)!.hints).toEqual([]); // no tile any more: the sender's cap goes
    stop();
  });

  it('waits for the data channel, and tells a new channel again', async () => {
    const { session, track, sent, update } = fakeSession();
    update({ dataChannelState: 'connecting' });
    const stop = new VideoHintReporter(session).subscribe(() => {});
    const tile = reportTileSize(track, { width: 640, height: 360, visible: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]);
    update({ dataChannelState: 'open' });
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toHaveLength(1);
    update({ dataChannel: {} as RTCDataChannel }); // a new connection, a new channel
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    tile.remove();
    stop();
  });

  it('stops listening when the last subscriber leaves', async () => {
    const { session, track, sent, listeners } = fakeSession();
    const stop = new VideoHintReporter(session).subscribe(() => {});
    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(listeners.size).toBe(0);
    const tile = reportTileSize(track, { width: 640, height: 360, visible: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]);
    tile.remove();
  });

  it('reads the tile registry it is given, not the page’s', async () => {
    const { session, track, sent } = fakeSession();
    const tiles = new TileSizeRegistry();
    const stop = new VideoHintReporter(session, { tileSizes: tiles }).subscribe(() => {});
    const elsewhere = reportTileSize(track, { width: 1280, height: 720, visible: true }); // the page's
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]);
    const tile = tiles.report(track, { width: 320, height: 180, visible: true });
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toEqual([{ type: 'video-hints', hints: [{ mid: '1', width: 320, height: 180, visible: true }] }]);
    tile.remove();
    elsewhere.remove();
    stop();
  });
});
