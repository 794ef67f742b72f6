// Proves the test harness itself: the loopback pair carries video, and CDP impairment really
// throttles it and can black-hole it. Other network tests rely on both.
import { describe, expect, it, vi } from 'vitest';
import { connectLoopbackPair, waitForConnectionState, type LoopbackPair } from '../browser/helpers/loopbackPair';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';

async function receivedBytes(pc: RTCPeerConnection): Promise<number> {
  let bytes = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'video') bytes += report.bytesReceived;
  });
  return bytes;
}

/** Receive rate in kbit/s over `ms`. */
async function receiveKbps(pc: RTCPeerConnection, ms: number): Promise<number> {
  const before = await receivedBytes(pc);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (((await receivedBytes(pc)) - before) * 8) / ms;
}

let pair: LoopbackPair | undefined;
impairEachTest(() => {
  pair?.close();
  pair = undefined;
});

describe('loopback pair under CDP impairment', () => {
  it('connects over loopback and caps the receive rate at the throttle', async () => {
    pair = await connectLoopbackPair();
    const stats = await pair.receiver.getStats();
    const transport = [...stats.values()].find((r) => r.type === 'transport');
    const selected = stats.get(transport?.selectedCandidatePairId);
    // Only loopback candidates are exchanged, so one end of the pair is loopback; the other may be
    // a peer-reflexive address of this machine that sent the check (e.g. an IPv6 ULA to ::1).
    const ends = [selected?.localCandidateId, selected?.remoteCandidateId].map((id) => stats.get(id)?.address);
    expect(ends.some((address) => address === '127.0.0.1' || address === '::1')).toBe(true);
    const clean = await receiveKbps(pair.receiver, 2000);
    expect(clean).toBeGreaterThan(150);
    await impair({ kbps: 100 });
    // Once what was queued before the cap has drained, the rate stays under it.
    await vi.waitFor(async () => expect(await receiveKbps(pair!.receiver, 1000)).toBeLessThan(130), {
      timeout: 10_000,
    });
    expect(await receiveKbps(pair.receiver, 2000)).toBeLessThan(130);
  });

  it('black-holes WebRTC with 100 % loss until restored', async () => {
    pair = await connectLoopbackPair();
    await impair({ lossPercent: 100 });
    await waitForConnectionState(pair.receiver, 'disconnected', 15_000);
    await restoreNetwork();
    await waitForConnectionState(pair.receiver, 'connected', 15_000);
  });
});
