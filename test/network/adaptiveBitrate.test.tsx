// Adaptive bitrate on a real call: two RTCPeerConnections in one page over 127.0.0.1, impaired
// through CDP (armed before the connection). The hook under test is the real one, fed by real
// getStats(); what the sender sends is read back from its own outbound-rtp stats.
import { render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { rungNeed, sharedStatsCollector, useAdaptiveBitrate, type BitrateController, type StatsSample } from 'rtckit';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';
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

/** How many of `ticks` (samples since the impairment) the controller had seen when it made `change`. */
const ticksSeenAt = (change: Change, ticks: readonly StatsSample[]) =>
  change.sample ? ticks.filter((s) => s.timestamp <= change.sample!.timestamp).length : 0;

/** Renders the hook on `pc` and records every rung change with the sample it was made on. */
async function controlled(pc: RTCPeerConnection) {
  const collector = sharedStatsCollector(pc);
  let controller: BitrateController | undefined;
  render(<Sender pc={pc} onController={(c) => (controller = c)} />);
  await waitFor(() => expect(controller).toBeDefined());
  const abr = controller!;
  const changes: Change[] = [];
  const stop = abr.subscribe(() => {
    const { rungIndex, reason } = abr.getSnapshot();
    if (rungIndex !== changes.at(-1)?.rung) {
      changes.push({ at: performance.now(), rung: rungIndex, reason, sample: collector.getSnapshot().latest });
    }
  });
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
  return { abr, collector, changes, stop, sent, top: abr.getSnapshot().rungIndex, ladder: abr.getSnapshot().ladder };
}

let pair: LoopbackPair | undefined;
impairEachTest(() => {
  pair?.close();
  pair = undefined;
});

describe('adaptive bitrate under real impairment', () => {
  // CDP impairs each socket, and a one-page loopback packet crosses two: 300 kbit/s + 10 % loss +
  // 50 ms per socket is, for the call, 300 kbit/s, about 19 % loss (1 − 0.9²) and 100 ms one way.
  it('steps down within 2 ticks of 300 kbit/s, ≈ 19 % loss, 100 ms one way (10 % + 50 ms per socket), the sent picture follows, and it climbs back after', async () => {
    pair = await connectLoopbackPair({ audio: true, video: { width: 640, height: 480 } });
    const { abr, collector, changes, stop, sent, top, ladder } = await controlled(pair.sender);

    await impair({ kbps: 300, lossPercent: 10, latencyMs: 50 }); // per socket, see above
    const impairedAt = performance.now();
    const impairedStats = performance.timeOrigin + impairedAt; // stats timestamps are wall-clock ms
    await waitFor(() => expect(abr.getSnapshot().rungIndex).toBeGreaterThan(top), { timeout: 5_000, interval: 50 });
    const down = changes.find((c) => c.rung > top)!;
    // The decision came at most 2 ticks after the impairment began (or between ticks, on a quick
    // read of the estimate: then fewer ticks had seen it). A tick counts once its whole interval was
    // impaired: the first sample after the impairment also covers time before it, so it is not one.
    const history = collector.getSnapshot().history;
    const straddling = history.findIndex((s) => s.timestamp > impairedStats);
    const ticks = straddling < 0 ? [] : history.slice(straddling + 1);
    const seen = ticksSeenAt(down, ticks);
    for (const s of ticks.slice(0, seen)) {
      console.log(
        `tick: loss ${Math.round((s.outbound.video?.packetLoss ?? 0) * 100)} %, estimate ${Math.round((s.availableOutgoingBitrate ?? 0) / 1000)} kbit/s, rtt ${Math.round(s.rttMs ?? 0)} ms`,
      );
    }
    console.log(
      `down to ${ladder[down.rung]!.id} (${down.reason}) ${Math.round(down.at - impairedAt)} ms after the impairment, ${seen} ticks since`,
    );
    expect(down.at - impairedAt).toBeLessThan(5_000);
    expect(seen).toBeLessThanOrEqual(2);
    expect(['collapse', 'severe-loss', 'severe-bandwidth', 'loss', 'bandwidth']).toContain(down.reason);

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

  it('acts on a collapsing link at the first look at it, and the sent picture follows', async () => {
    pair = await connectLoopbackPair({ audio: true, video: { width: 640, height: 480 } });
    const { abr, collector, changes, stop, sent, top, ladder } = await controlled(pair.sender);
    // The quick reads between samples run: the sender's own getStats(), four times a second.
    const video = pair.sender.getSenders().find((s) => s.track?.kind === 'video')!;
    const getStats = video.getStats.bind(video);
    let reads = 0;
    video.getStats = () => {
      reads++;
      return getStats();
    };
    const counting = performance.now();
    await waitFor(() => expect(reads).toBeGreaterThanOrEqual(8), { timeout: 5_000 });
    const perSecond = reads / ((performance.now() - counting) / 1000);
    expect(perSecond).toBeGreaterThan(2);
    expect(perSecond).toBeLessThan(6);

    await impair({ kbps: 300 }); // the link collapses: no loss, no delay, a tenth of what it carried
    const impairedAt = performance.now();
    const impairedStats = performance.timeOrigin + impairedAt;
    await waitFor(() => expect(abr.getSnapshot().rungIndex).toBeGreaterThan(top), { timeout: 5_000, interval: 50 });
    const down = changes.find((c) => c.rung > top)!;
    const ticks = collector.getSnapshot().history.filter((s) => s.timestamp > impairedStats);
    const need = rungNeed(ladder[top]!);
    // Ticks since the impairment, up to the decision, whose estimate had already fallen short.
    const short = ticks.slice(0, ticksSeenAt(down, ticks)).filter((s) => (s.availableOutgoingBitrate ?? 0) < need);
    console.log(
      `collapse: down to ${ladder[down.rung]!.id} (${down.reason}) ${Math.round(down.at - impairedAt)} ms after the impairment, ${short.length ? 'on the tick that saw it' : 'on a quick read between ticks'}`,
    );
    // The collapse rule fired (not the two-tick shortfall), at the first look at the fall.
    expect(down.reason).toBe('collapse');
    expect(short.length).toBeLessThanOrEqual(1);
    // Down to a rung whose cap fits under 300 kbit/s, and what goes out follows.
    expect(ladder[down.rung]!.maxBitrate).toBeLessThanOrEqual(300_000);
    await waitFor(
      () => {
        expect(sent()!.frameHeight).toBeLessThanOrEqual(ladder[down.rung]!.height);
      },
      { timeout: 10_000, interval: 100 },
    );
    stop();
  });
});
