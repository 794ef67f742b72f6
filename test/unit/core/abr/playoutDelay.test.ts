// The receiving half of ABR: the playout-delay policy over scripted ticks, and PlayoutDelayGuard
// setting jitterBufferTarget on a connection's video receivers from its (scripted) stats.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useAdaptiveBitrate } from 'rtckit';
import {
  DEFAULT_PLAYOUT_DELAY_POLICY,
  PlayoutDelayGuard,
  SharedRegistry,
  sharedJitterBufferOriginals,
  type JitterBufferOriginals,
  initialPlayoutDelayState,
  nextPlayoutDelay,
  type PlayoutDelayInput,
  type PlayoutDelayState,
} from 'rtckit/core';
import { FakeMediaStreamTrack, FakePeerConnection, type ScriptedStats } from 'rtckit/testing';
import { receiverReports } from '../../../helpers/syntheticReports';

function run(inputs: readonly PlayoutDelayInput[], state: PlayoutDelayState = initialPlayoutDelayState()) {
  const targets: (number | null)[] = [];
  for (const input of inputs) {
    state = nextPlayoutDelay(state, input);
    targets.push(state.targetMs);
  }
  return { state, targets };
}
const tick = (t: number, loss = 0, rttMs = 150): PlayoutDelayInput => ({ at: t * 1000, loss, rttMs });

describe('nextPlayoutDelay', () => {
  it('asks for nothing on a clean link, or with loss below the threshold', () => {
    const { targets } = run(Array.from({ length: 30 }, (_, i) => tick(i, i % 2 ? 0.019 : 0)));
    expect(targets.every((t) => t === null)).toBe(true);
  });

  it('asks for about a round trip as soon as received video loses packets', () => {
    const { targets } = run([tick(0), tick(1, 0.05, 150)]);
    expect(targets).toEqual([null, Math.round(150 * 1.2 + 60)]);
  });

  it('never asks for more than the cap, and uses a fallback without a round trip', () => {
    expect(run([tick(0, 0.1, 2000)]).targets).toEqual([DEFAULT_PLAYOUT_DELAY_POLICY.maxMs]);
    expect(run([{ at: 0, loss: 0.1 }]).targets).toEqual([DEFAULT_PLAYOUT_DELAY_POLICY.fallbackMs]);
  });

  it('rises at once with the round trip, follows it down only after the window, and lets go after a loss-free while', () => {
    const { targets } = run([
      tick(0, 0.05, 300), // 420
      ...Array.from({ length: 14 }, (_, i) => tick(1 + i, i % 3 ? 0 : 0.05, 100)), // asks 180 at 1, 4, 7, 10, 13
      ...Array.from({ length: 12 }, (_, i) => tick(15 + i)), // clean from 15
    ]);
    expect(targets[0]).toBe(DEFAULT_PLAYOUT_DELAY_POLICY.maxMs); // 420 capped at 400
    expect(targets.slice(1, 10).every((t) => t === 400)).toBe(true); // the 300 ms ask is within 10 s
    expect(targets[10]).toBe(180); // at 10 s it has left the window
    expect(targets[22]).toBe(180); // 9 s after the last loss (13)
    expect(targets[23]).toBeNull(); // 10 s after it
  });

  it('returns the same state object when nothing changed', () => {
    const state = initialPlayoutDelayState();
    expect(nextPlayoutDelay(state, tick(1))).toBe(state);
  });
});

/** A connection that receives one video (and one audio) track, with scripted inbound stats. */
function receivingConnection(stats: (call: number) => ScriptedStats) {
  const pc = new FakePeerConnection({ stats });
  const track = (kind: 'audio' | 'video') => new FakeMediaStreamTrack(kind) as unknown as MediaStreamTrack;
  return Object.assign(pc, { receivers: [pc.addReceiver(track('video')), pc.addReceiver(track('audio'))] });
}

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

describe('PlayoutDelayGuard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('raises the video receivers’ jitterBufferTarget while loss lasts, and puts it back', async () => {
    // 5 % loss from the 5th to the 10th stats call; the scripted round trip is 20 ms.
    const pc = receivingConnection(receiverReports({ loss: (call) => (call >= 5 && call <= 10 ? 0.05 : 0) }));
    const [video, audio] = pc.receivers;
    const guard = new PlayoutDelayGuard(pc.asRTCPeerConnection());
    const stop = guard.subscribe(() => {});
    await seconds(3);
    expect(video!.jitterBufferTarget).toBeNull();
    await seconds(3);
    const cushion = Math.round(20 * 1.2 + 60);
    expect(guard.getSnapshot().targetMs).toBe(cushion);
    expect(video!.jitterBufferTarget).toBe(cushion);
    expect(audio!.jitterBufferTarget).toBeNull(); // audio has its own concealment
    await seconds(16); // 10 s after the last lossy tick
    expect(guard.getSnapshot().targetMs).toBeNull();
    expect(video!.jitterBufferTarget).toBeNull();
    stop();
  });

  it('puts back what the receiver had when it stops', async () => {
    const pc = receivingConnection(receiverReports({ loss: () => 0.1 }));
    pc.receivers[0]!.jitterBufferTarget = 50;
    const guard = new PlayoutDelayGuard(pc.asRTCPeerConnection());
    const stop = guard.subscribe(() => {});
    await seconds(3);
    expect(pc.receivers[0]!.jitterBufferTarget).toBe(Math.round(20 * 1.2 + 60));
    stop();
    await seconds(0);
    expect(pc.receivers[0]!.jitterBufferTarget).toBe(50);
  });

  it('runs inside useAdaptiveBitrate only when asked to (playoutDelay)', async () => {
    for (const playoutDelay of [false, true]) {
      const pc = receivingConnection(receiverReports({ loss: () => 0.1 }));
      const { result, unmount } = renderHook(() => useAdaptiveBitrate(pc.asRTCPeerConnection(), { playoutDelay }));
      await act(() => seconds(3));
      const expected = playoutDelay ? Math.round(20 * 1.2 + 60) : null;
      expect(pc.receivers[0]!.jitterBufferTarget).toBe(expected);
      expect(result.current.playoutDelayMs).toBe(expected);
      act(() => result.current.setMode('off'));
      await act(() => seconds(0));
      expect(pc.receivers[0]!.jitterBufferTarget).toBeNull();
      unmount();
    }
  });

  it('keeps each receiver’s original target in the registry it is given, across guards', async () => {
    const pc = receivingConnection(receiverReports({ loss: () => 0.1 }));
    pc.receivers[0]!.jitterBufferTarget = 50;
    const jitterBufferOriginals: JitterBufferOriginals = new SharedRegistry();
    const first = new PlayoutDelayGuard(pc.asRTCPeerConnection(), { jitterBufferOriginals });
    const stopFirst = first.subscribe(() => {});
    await seconds(3);
    // A second guard arriving while the first holds the receiver still knows what it had.
    const second = new PlayoutDelayGuard(pc.asRTCPeerConnection(), { jitterBufferOriginals });
    const stopSecond = second.subscribe(() => {});
    await seconds(2);
    stopFirst();
    stopSecond();
    await seconds(0);
    expect(pc.receivers[0]!.jitterBufferTarget).toBe(50);
    expect(jitterBufferOriginals.peek(pc.receivers[0] as unknown as RTCRtpReceiver)).toBe(50);
    expect(sharedJitterBufferOriginals().peek(pc.receivers[0] as unknown as RTCRtpReceiver)).toBeUndefined();
  });
});
