// Adaptive bitrate on a real call: two RTCPeerConnections in one page over 127.0.0.1, impaired
// through CDP (armed before the connection). The hook under test is the real one, fed by real
// getStats(); what the sender sends is read back from its own outbound-rtp stats.
import { render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedStatsCollector, useAdaptiveBitrate, type BitrateController, type StatsSample } from '../../src';
import { armImpairment, clearImpairment, impair, restoreNetwork } from '../browser/helpers/impairment';
import { connectLoopbackPair, type LoopbackPair } from '../browser/helpers/loopbackPair';

function Sender({ pc, onController }: { pc: RTCPeerConnection; onController: (c: BitrateController) => void }) {
  const abr = useAdaptiveBitrate(pc);
  useEffect(() => {
    if (abr.controller) onController(abr.controller);
  }, [abr.controller, onController]);
  return (
    <p>
      <output aria-label="rung">{abr.rung?.id ?? 'none'}</output> <output aria-label="reason">{abr.reason}</output>{' '}
      <output aria-label="holding">{abr.holding ?? 'changed'}</output>
    </p>
  );
}

interface Change {
  readonly at: number;
  readonly rung: number;
  readonly reason: string;
  /** The stats sample the decision was taken on. */
  readonly sample: StatsSample | null;
}

let pair: LoopbackPair | undefined;
beforeEach(armImpairment);
afterEach(async () => {
  pair?.close();
  pair = undefined;
  await clearImpairment();
});

describe('adaptive bitrate under real impairment', () => {
  it('steps down within 2 ticks of 300 kbit/s + 10 % loss, the sent picture follows, and it climbs back after', async () => {
    pair = await connectLoopbackPair({ audio: true, video: { width: 640, height: 480 } });
    const collector = sharedStatsCollector(pair.sender);
    let controller: BitrateController | undefined;
    render(<Sender pc={pair.sender} onController={(c) => (controller = c)} />);
    await waitFor(() => expect(controller).toBeDefined());
    const abr = controller!;
    const changes: Change[] = [];
    const stop = abr.subscribe(() => {
      const { rungIndex, reason } = abr.getSnapshot();
      if (rungIndex !== changes.at(-1)?.rung) {
        changes.push({ at: performance.now(), rung: rungIndex, reason, sample: collector.getSnapshot().latest });
      }
    });
    const ladder = abr.getSnapshot().ladder;
    const sent = () => collector.getSnapshot().latest?.outbound.video;

    // Clean: the best rung a 640×480 camera can fill (540p30), sent at full size, and the
    // controller past its warm-up (while the estimate ramps up it does not act on bandwidth).
    await waitFor(
      () => {
        expect(screen.getByRole('status', { name: 'rung' })).toHaveTextContent('540p30');
        expect(screen.getByRole('status', { name: 'holding' })).toHaveTextContent('stable');
        expect(sent()?.frameHeight).toBe(480);
      },
      { timeout: 10_000 },
    );
    const top = abr.getSnapshot().rungIndex;

    await impair({ kbps: 300, lossPercent: 10, latencyMs: 50 });
    const impairedAt = performance.now();
    const impairedStats = performance.timeOrigin + impairedAt; // stats timestamps are wall-clock ms
    await waitFor(() => expect(abr.getSnapshot().rungIndex).toBeGreaterThan(top), { timeout: 5_000, interval: 50 });
    const down = changes.find((c) => c.rung > top)!;
    // The decision came at most 2 ticks after the first tick that saw the impairment.
    const ticks = collector.getSnapshot().history.filter((s) => s.timestamp > impairedStats);
    const decidedOn = ticks.findIndex((s) => s === down.sample);
    for (const s of ticks.slice(0, decidedOn + 1)) {
      console.log(
        `tick: loss ${Math.round((s.outbound.video?.packetLoss ?? 0) * 100)} %, estimate ${Math.round((s.availableOutgoingBitrate ?? 0) / 1000)} kbit/s, rtt ${Math.round(s.rttMs ?? 0)} ms`,
      );
    }
    console.log(
      `down to ${ladder[down.rung]!.id} (${down.reason}) ${Math.round(down.at - impairedAt)} ms after the impairment, on tick ${decidedOn + 1} since`,
    );
    expect(down.at - impairedAt).toBeLessThan(5_000);
    expect(decidedOn).toBeGreaterThanOrEqual(0);
    expect(decidedOn).toBeLessThanOrEqual(2); // tick 1 may straddle the start of the impairment
    expect(['severe-loss', 'severe-bandwidth', 'loss', 'bandwidth']).toContain(down.reason);

    // What goes out follows: no taller than the rung, no faster than its bitrate.
    await waitFor(
      () => {
        const rung = ladder[abr.getSnapshot().rungIndex]!;
        const video = sent()!;
        expect(video.frameHeight).toBeLessThanOrEqual(rung.height);
        expect(video.frameHeight).toBeLessThan(480);
        expect(video.bitrate).toBeLessThanOrEqual(rung.maxBitrate * 1.1);
      },
      { timeout: 10_000, interval: 100 },
    );
    const lowest = Math.max(...changes.map((c) => c.rung));
    console.log(`impaired: lowest rung ${ladder[lowest]!.id}; sending ${sent()?.frameWidth}x${sent()?.frameHeight}`);

    // Clean again: one rung at a time back to the top, and the full picture.
    await restoreNetwork();
    const restoredAt = performance.now();
    await waitFor(
      () => {
        expect(abr.getSnapshot().rungIndex).toBe(top);
        expect(sent()?.frameHeight).toBe(480);
      },
      { timeout: 45_000, interval: 250 },
    );
    const afterRestore = changes.filter((c) => c.at > restoredAt);
    console.log(
      `recovered to ${ladder[top]!.id} in ${Math.round(performance.now() - restoredAt)} ms: ${afterRestore.map((c) => `${ladder[c.rung]!.id} (${c.reason})`).join(' → ')}`,
    );
    // The first tick or two after the restore may still report the impaired link (and step down
    // once more); from the lowest rung on, the climb is one rung at a time, each on headroom.
    const bottom = Math.max(lowest, ...afterRestore.map((c) => c.rung));
    const lastAtBottom = afterRestore.map((c) => c.rung).lastIndexOf(bottom);
    const ups = afterRestore.slice(lastAtBottom + 1);
    expect(ups.length).toBeGreaterThan(0);
    expect(ups.every((c, i) => c.rung === (i === 0 ? bottom : ups[i - 1]!.rung) - 1)).toBe(true);
    expect(ups.every((c) => c.reason === 'headroom')).toBe(true);
    stop();
  });
});
