// The Reconnector's send-stall watch on a fake peer: its connection reports one outbound video
// stream whose framesEncoded the test lets grow or stand still, with a virtual clock. Proven on real
// connections in test/browser/sendStallRecovery.test.ts.
import { describe, expect, it } from 'vitest';
import { Reconnector, type ReconnectorOptions } from 'rtckit/core';
import { FakeNetworkStatus, VirtualClock } from 'rtckit/testing';
import { fakeConnection, fakePeer } from '../../../helpers/fakePeer';

function setup(options: ReconnectorOptions = {}) {
  const clock = new VirtualClock();
  const peer = fakePeer();
  const sender = { getParameters: () => ({ encodings: [{ active: true }] }) } as unknown as RTCRtpSender;
  const track = { readyState: 'live', enabled: true, muted: false } as unknown as MediaStreamTrack;
  const video = { encoding: true, statsCalls: 0 };
  let frames = 0;
  const pc = fakeConnection() as unknown as Record<string, unknown>;
  pc.getTransceivers = () => [{ sender, mid: '1' }];
  pc.getStats = () => {
    video.statsCalls++;
    if (video.encoding) frames += 20;
    const stats = [
      {
        id: 'IA',
        type: 'inbound-rtp',
        timestamp: video.statsCalls,
        kind: 'audio',
        ssrc: 1,
        packetsReceived: video.statsCalls * 50,
      },
      {
        id: 'OV',
        type: 'outbound-rtp',
        timestamp: video.statsCalls,
        kind: 'video',
        ssrc: 2,
        mid: '1',
        framesEncoded: frames,
      },
    ];
    return Promise.resolve(new Map(stats.map((s) => [s.id, s])));
  };
  const reattached: RTCRtpSender[] = [];
  const reattachedAt: number[] = [];
  Object.assign(peer, {
    localVideoSenders: () => [{ sender, track }],
    reattachVideo: (which: RTCRtpSender) => (reattached.push(which), reattachedAt.push(clock.now()), Promise.resolve()),
  });
  peer.set({ pc: pc as unknown as RTCPeerConnection });
  const reconnector = new Reconnector(peer, { clock, network: new FakeNetworkStatus(), ...options });
  reconnector.subscribe(() => {});
  const run = async (ms: number) => {
    for (let step = 0; step < ms; step += 100) {
      clock.advance(Math.min(100, ms - step));
      for (let i = 0; i < 4; i++) await Promise.resolve();
    }
  };
  peer.set({ connectionState: 'connected', iceConnectionState: 'connected' });
  return { clock, reconnector, video, track, sender, reattached, reattachedAt, run };
}

describe('Reconnector watching the send side', () => {
  it('a video sender whose frames stand still while its track is live is re-attached, counted, without a recovery', async () => {
    const { clock, reconnector, video, sender, reattached, reattachedAt, run } = setup();
    await run(3000);
    expect(reattached).toEqual([]);
    video.encoding = false;
    const stoppedAt = clock.now();
    await run(5000);
    expect(reattached).toEqual([sender]);
    // The last reading that saw frames came at most a poll (≈1 s) before they stopped; 2.5 s of
    // flat readings after it, at the next poll, the repair.
    expect(reattachedAt[0]! - stoppedAt).toBeGreaterThanOrEqual(1500);
    expect(reattachedAt[0]! - stoppedAt).toBeLessThanOrEqual(4500);
    expect(reconnector.getSnapshot()).toMatchObject({ state: 'connected', videoReattaches: 1, iceRestarts: 0 });
    await run(13_000);
    // Still flat: again after the 5 s back-off (at the first poll past it), then after 10 s.
    expect(reattachedAt.slice(1).map((at, k) => at - reattachedAt[k]!)).toEqual(
      [
        expect.toSatisfy((gap: number) => gap >= 5000 && gap < 6500),
        expect.toSatisfy((gap: number) => gap >= 10_000 && gap < 11_500),
      ].slice(0, reattachedAt.length - 1),
    );
    expect(reattachedAt).toHaveLength(3);
    video.encoding = true;
    await run(30_000);
    expect(reconnector.getSnapshot().videoReattaches).toBe(3);
  });

  it('leaves a disabled track alone, and with watchSendStall: false does nothing', async () => {
    const first = setup();
    (first.track as { enabled: boolean }).enabled = false;
    first.video.encoding = false;
    await first.run(10_000);
    expect(first.reattached).toEqual([]);

    const off = setup({ watchSendStall: false });
    off.video.encoding = false;
    await off.run(10_000);
    expect(off.reattached).toEqual([]);
    expect(off.reconnector.getSnapshot().videoReattaches).toBe(0);
  });
});
