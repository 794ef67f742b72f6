import { afterEach, describe, expect, it, vi } from 'vitest';
import { scoreQuality, StatsCollector } from 'rtckit/core';
import { FakeMediaStreamTrack, FakePeerConnection, FakeRtpSender, NETWORK_CONDITIONS } from 'rtckit/testing';

afterEach(() => vi.useRealTimers());

/** The collector's samples after `ticks` one-second polls of a fake connection. */
async function samplesOf(pc: FakePeerConnection, ticks: number) {
  vi.useFakeTimers();
  const collector = new StatsCollector(pc.asRTCPeerConnection());
  collector.subscribe(() => {});
  await vi.advanceTimersByTimeAsync(ticks * 1000);
  return collector.getSnapshot();
}

describe('FakePeerConnection network simulation', () => {
  it('reports a clean call as the profile says, both ways', async () => {
    const { latest } = await samplesOf(new FakePeerConnection({ network: 'clean' }), 3);
    const clean = NETWORK_CONDITIONS.clean;
    expect(latest?.outbound.video?.bitrate).toBeCloseTo(clean.videoKbps * 1000, -3);
    expect(latest?.inbound.video?.bitrate).toBeCloseTo(clean.videoKbps * 1000, -3);
    expect(latest?.inbound.video?.packetLoss).toBe(0);
    expect(latest?.rttMs).toBe(clean.rttMs);
    expect(scoreQuality(latest!).level).toBe('excellent');
  });

  it('turns lossy mid-call: the next samples show the loss, and the score names it', async () => {
    const pc = new FakePeerConnection({ network: 'clean' });
    vi.useFakeTimers();
    const collector = new StatsCollector(pc.asRTCPeerConnection());
    collector.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(2000);
    pc.setNetwork('lossy');
    await vi.advanceTimersByTimeAsync(2000);
    const latest = collector.getSnapshot().latest!;
    expect(latest.inbound.video?.packetLoss).toBeCloseTo(0.1, 2);
    const score = scoreQuality(latest);
    expect(score.level).toBe('poor');
    expect(score.reasons.map((r) => r.message).join(' ')).toMatch(/loss/i);
  });

  it('reports a capped link as bandwidth-limited', async () => {
    const { latest } = await samplesOf(new FakePeerConnection({ network: 'capped' }), 3);
    expect(latest?.outbound.video?.qualityLimitationReason).toBe('bandwidth');
    expect(latest?.availableOutgoingBitrate).toBe(NETWORK_CONDITIONS.capped.availableKbps * 1000);
  });

  it('black-holes the call: silence, then disconnected at 5 s and failed at 15 s', async () => {
    vi.useFakeTimers();
    const pc = new FakePeerConnection({ network: 'clean' });
    const states: string[] = [];
    pc.addEventListener('connectionstatechange', () => states.push(pc.connectionState));
    pc.setNetwork('black-hole');
    await vi.advanceTimersByTimeAsync(4999);
    expect(states).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(states).toEqual(['disconnected']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states).toEqual(['disconnected', 'failed']);
  });

  it('recovers from disconnected by itself when the network returns, but needs restartIce after failed', async () => {
    vi.useFakeTimers();
    const pc = new FakePeerConnection({ network: 'black-hole' });
    await vi.advanceTimersByTimeAsync(6000);
    expect(pc.connectionState).toBe('disconnected');
    pc.setNetwork('clean');
    await vi.advanceTimersByTimeAsync(200);
    expect(pc.connectionState).toBe('connected');

    pc.setNetwork('black-hole');
    await vi.advanceTimersByTimeAsync(16_000);
    expect(pc.connectionState).toBe('failed');
    pc.setNetwork('clean');
    await vi.advanceTimersByTimeAsync(1000);
    expect(pc.connectionState).toBe('failed');
    pc.restartIce();
    await vi.advanceTimersByTimeAsync(200);
    expect(pc.connectionState).toBe('connected');
    expect(pc.restartIceCalls).toBe(1);
  });

  it('records what senders are asked to do', async () => {
    const pc = new FakePeerConnection();
    const track = { kind: 'video', id: 'v' } as MediaStreamTrack;
    const sender = pc.addTrack(track);
    const parameters = sender.getParameters();
    parameters.encodings[0]!.maxBitrate = 300_000;
    await sender.setParameters(parameters);
    await sender.replaceTrack(null);
    expect(sender.parameterHistory.map((p) => p.encodings[0]?.maxBitrate)).toEqual([300_000]);
    expect(sender.getParameters().encodings[0]?.maxBitrate).toBe(300_000);
    expect(sender.replacedTracks).toEqual([null]);
    expect(pc.getSenders()).toEqual([sender]);
  });

  it('rejects getStats once closed, as a browser does', async () => {
    const pc = new FakePeerConnection();
    pc.close();
    await expect(pc.getStats()).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(pc.connectionState).toBe('closed');
  });

  it('lists each sender and receiver as a transceiver with its own media id, and refuses a taken one', () => {
    const pc = new FakePeerConnection();
    const negotiations = vi.fn();
    const tracks = vi.fn();
    pc.addEventListener('negotiationneeded', negotiations);
    pc.addEventListener('track', tracks);
    const camera = new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack;
    const made = pc.addSender(new FakeRtpSender(camera, [{ active: true, maxBitrate: 700_000 }], { mid: '0' }));
    const added = pc.addTrack(new FakeMediaStreamTrack('audio') as unknown as MediaStreamTrack);
    const receiver = pc.addReceiver(new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack);
    expect(pc.getTransceivers().map(({ mid, direction }) => [mid, direction])).toEqual([
      ['0', 'sendonly'],
      ['1', 'sendonly'],
      ['2', 'recvonly'],
    ]);
    expect(pc.getSenders()).toEqual([made, added]);
    expect(pc.getReceivers()).toEqual([receiver]);
    expect(pc.getTransceivers()[2]).toMatchObject({ sender: null, receiver });
    expect(negotiations).toHaveBeenCalledTimes(2);
    expect(tracks).toHaveBeenCalledTimes(1);
    expect(tracks.mock.calls[0]![0]).toMatchObject({ receiver, track: receiver.track });
    expect(() => pc.addSender(new FakeRtpSender(camera, undefined, { mid: '1' }))).toThrow(/media id 1 is taken/);
    expect(made.getParameters().encodings).toEqual([{ active: true, maxBitrate: 700_000 }]);
  });

  it('checks a receiver’s jitterBufferTarget as a browser does, and records it', () => {
    const pc = new FakePeerConnection();
    const receiver = pc.addReceiver(new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack);
    expect(receiver.jitterBufferTarget).toBeNull();
    receiver.jitterBufferTarget = 120;
    receiver.jitterBufferTarget = null;
    expect(() => (receiver.jitterBufferTarget = 4001)).toThrow(RangeError);
    expect(() => (receiver.jitterBufferTarget = -1)).toThrow(RangeError);
    expect(() => (receiver.jitterBufferTarget = Number.NaN)).toThrow(RangeError);
    expect(receiver.jitterBufferTargetHistory).toEqual([120, null]);
  });
});
