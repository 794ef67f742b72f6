// The receiving half of adaptive bitrate on a real call: with `playoutDelay`, the receiving side's
// useAdaptiveBitrate raises its video receivers' jitterBufferTarget while the path loses packets
// (CDP impairment, armed before the connection), the browser's jitter buffer really holds frames
// that much longer, and both go back once the path is clean.
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sharedStatsCollector, useAdaptiveBitrate } from 'rtckit';
import { impair, impairEachTest, loopbackHop, restoreNetwork } from '../browser/helpers/impairment';
import { connectLoopbackPair, type LoopbackPair } from '../browser/helpers/loopbackPair';

const RELEASE_MS = 4000;

function Receiver({ pc }: { pc: RTCPeerConnection }) {
  const abr = useAdaptiveBitrate(pc, { playoutDelay: { releaseMs: RELEASE_MS, windowMs: RELEASE_MS } });
  return <output aria-label="playout delay">{abr.playoutDelayMs ?? 'none'}</output>;
}

/** A measuring window's length (never a wait for something to happen). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The received video's jitter buffer delay over the next `ms`, in ms per frame. */
async function bufferDelayOver(pc: RTCPeerConnection, ms: number): Promise<number> {
  const read = async () => {
    let delay = 0;
    let emitted = 0;
    (await pc.getStats()).forEach((stats) => {
      if (stats.type !== 'inbound-rtp' || stats.kind !== 'video') return;
      delay = stats.jitterBufferDelay ?? 0;
      emitted = stats.jitterBufferEmittedCount ?? 0;
    });
    return { delay, emitted };
  };
  const before = await read();
  await sleep(ms);
  const after = await read();
  return ((after.delay - before.delay) / Math.max(1, after.emitted - before.emitted)) * 1000;
}

let pair: LoopbackPair | undefined;
impairEachTest(() => {
  pair?.close();
  pair = undefined;
});

describe('playout delay under real impairment', () => {
  it('holds received frames about a round trip longer while the path loses packets, and lets go after', async () => {
    pair = await connectLoopbackPair({ audio: true, video: { width: 640, height: 480 } });
    const video = pair.receiver.getReceivers().find((r) => r.track.kind === 'video')!;
    const { unmount } = render(<Receiver pc={pair.receiver} />);
    const output = screen.getByRole('status', { name: 'playout delay' });

    // Clean: nothing asked over 4 stats samples of received video (the ones the guard judges: the
    // hook's guard reads this same shared collector), and the browser's own buffer is short.
    const collector = sharedStatsCollector(pair.receiver);
    const stopWatching = collector.subscribe(() => {});
    const videoSamples = () => collector.getSnapshot().history.filter((sample) => sample.inbound.video).length;
    await waitFor(() => expect(videoSamples()).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    stopWatching();
    expect(output.textContent).toBe('none');
    expect(video.jitterBufferTarget).toBeNull();
    const clean = await bufferDelayOver(pair.receiver, 2000);
    expect(clean).toBeLessThan(120);

    // 5 % loss and 50 ms each way, end to end.
    await impair(loopbackHop({ lossPercent: 5, latencyMs: 50 }));
    await waitFor(() => expect(output.textContent).toMatch(/^\d+$/), { timeout: 10_000 });
    // About a round trip (≈ 100 ms here) and a margin — once the round trip is measured: the
    // candidate pair's RTT comes from consent checks seconds apart, so the first lossy tick may
    // still see the clean one.
    await waitFor(() => expect(Number(output.textContent)).toBeGreaterThanOrEqual(150), { timeout: 10_000 });
    const target = Number(output.textContent);
    expect(target).toBeLessThanOrEqual(400);
    expect(video.jitterBufferTarget).toBe(target);
    // The browser follows the target (it ramps up over a few seconds).
    await waitFor(
      async () => expect(await bufferDelayOver(pair!.receiver, 1000)).toBeGreaterThan(Math.max(clean + 60, 150)),
      { timeout: 15_000, interval: 50 },
    );

    // Clean again: released after the loss-free while.
    await restoreNetwork();
    await waitFor(() => expect(output.textContent).toBe('none'), { timeout: RELEASE_MS + 6000 });
    expect(video.jitterBufferTarget).toBeNull();
    unmount();
  });
});
