// What PeerSession gained for auto-reconnect, on real connections in Chromium and Firefox: rebuild() (a new
// RTCPeerConnection, tracks re-added, negotiated from scratch, the other side following) and
// sendKeyFrames() (the video senders start again from a key frame).
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemorySignalingPair, PeerSession, type PeerSessionOptions, type RtcKitError } from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';
import { isOffer, recording, type RecordedSignaling } from './helpers/peers';
import { countKeyFramesEncoded } from './helpers/keyFrames';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  return () => camera.getTracks().forEach((track) => track.stop());
});

interface Side {
  readonly session: PeerSession;
  readonly signaling: RecordedSignaling;
  readonly errors: RtcKitError[];
}

function call(a: Partial<PeerSessionOptions>, b: Partial<PeerSessionOptions>): [Side, Side] {
  const ends = createMemorySignalingPair();
  return ([a, b] as const).map((options, i) => {
    const signaling = recording(loopbackOnly(ends[i]!));
    const errors: RtcKitError[] = [];
    const session = new PeerSession({ signaling, polite: i === 1, onError: (e) => errors.push(e), ...options });
    const unsubscribe = session.subscribe(() => {});
    cleanups.push(() => (unsubscribe(), session.close()));
    return { session, signaling, errors };
  }) as [Side, Side];
}

const until = (check: () => void | Promise<void>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });

async function inbound(pc: RTCPeerConnection, kind: 'audio' | 'video', field: string): Promise<number> {
  let value = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === kind) value += report[field] ?? 0;
  });
  return value;
}

describe('PeerSession recovery in a real browser', () => {
  it('rebuild() replaces the connection on both sides, re-adds the tracks, renegotiates, and media flows again', async () => {
    const [alice, bob] = call({ localStream: camera, dataChannel: true }, { dataChannel: true });
    await until(() => expect(bob.session.getSnapshot().remoteStream?.getTracks()).toHaveLength(2));
    const [aliceOld, bobOld] = [alice.session.getSnapshot().pc!, bob.session.getSnapshot().pc!];
    const oldChannel = alice.session.getSnapshot().dataChannel;
    const oldRemote = bob.session.getSnapshot().remoteStream;
    const offers = alice.signaling.sent.filter(isOffer).length;

    alice.session.rebuild();
    const aliceNew = alice.session.getSnapshot().pc!;
    expect(aliceNew).not.toBe(aliceOld);
    expect(aliceOld.signalingState).toBe('closed');
    expect(oldChannel?.readyState).toMatch(/closing|closed/);

    await until(() => {
      const bobNow = bob.session.getSnapshot();
      expect(bobNow.pc).not.toBe(bobOld); // the other side started afresh too
      expect(bobNow.connectionState).toBe('connected');
      expect(alice.session.getSnapshot().connectionState).toBe('connected');
      expect(bobNow.remoteStream?.getTracks()).toHaveLength(2);
    });
    expect(bobOld.signalingState).toBe('closed');
    expect(bob.session.getSnapshot().remoteStream).not.toBe(oldRemote);
    // The same camera tracks, on the new connection's senders.
    expect(aliceNew.getSenders().map((sender) => sender.track)).toEqual(expect.arrayContaining(camera.getTracks()));
    expect(alice.signaling.sent.filter(isOffer).length).toBeGreaterThan(offers);
    const bobPc = bob.session.getSnapshot().pc!;
    await until(async () => expect(await inbound(bobPc, 'video', 'framesDecoded')).toBeGreaterThan(10));
    await until(() => expect(alice.session.getSnapshot().dataChannelState).toBe('open'));
    expect(alice.session.getSnapshot().dataChannel).not.toBe(oldChannel);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('rebuild() from the polite side works the same', async () => {
    const [alice, bob] = call({ localStream: camera }, {});
    await until(() => expect(bob.session.getSnapshot().connectionState).toBe('connected'));
    const bobOld = bob.session.getSnapshot().pc;
    bob.session.rebuild();
    await until(() => {
      expect(bob.session.getSnapshot().pc).not.toBe(bobOld);
      expect(bob.session.getSnapshot().connectionState).toBe('connected');
      expect(bob.session.getSnapshot().remoteStream?.getTracks()).toHaveLength(2);
    });
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('rebuild() does nothing before the session starts or after it closed', () => {
    const [signaling] = createMemorySignalingPair();
    const session = new PeerSession({ signaling });
    session.rebuild();
    expect(session.getSnapshot().pc).toBeNull();
    const unsubscribe = session.subscribe(() => {});
    session.close();
    const closed = session.getSnapshot().pc;
    session.rebuild();
    expect(session.getSnapshot().pc).toBe(closed);
    unsubscribe();
  });

  it('sendKeyFrames() makes the video sender encode a key frame at once, and leaves its encodings active', async () => {
    const [alice, bob] = call({ localStream: camera }, {});
    await until(() => expect(bob.session.getSnapshot().connectionState).toBe('connected'));
    const pc = alice.session.getSnapshot().pc!;
    const keyFrames = countKeyFramesEncoded(pc);
    cleanups.push(keyFrames.stop);
    await until(async () => expect(await keyFrames.read()).toBeGreaterThan(0));
    const before = await keyFrames.read();
    const asked = performance.now();
    await alice.session.sendKeyFrames();
    await until(async () => expect(await keyFrames.read()).toBeGreaterThan(before), 1000);
    console.log(`key frame ${Math.round(performance.now() - asked)} ms after sendKeyFrames()`);
    const video = pc.getSenders().find((sender) => sender.track?.kind === 'video')!;
    expect(video.getParameters().encodings.every((encoding) => encoding.active !== false)).toBe(true);
    const decoded = await inbound(bob.session.getSnapshot().pc!, 'video', 'framesDecoded');
    await until(async () =>
      expect(await inbound(bob.session.getSnapshot().pc!, 'video', 'framesDecoded')).toBeGreaterThan(decoded + 10),
    );
  });
  it('sendKeyFrames() on one side makes the other side restart its video from a key frame too', async () => {
    // Both send: after an outage only one side may have noticed trouble, and both pictures need one.
    const bobCamera = camera.clone();
    onTestFinished(() => bobCamera.getTracks().forEach((track) => track.stop()));
    const [alice, bob] = call({ localStream: camera }, { localStream: bobCamera });
    await until(() => expect(bob.session.getSnapshot().connectionState).toBe('connected'));
    const keyFrames = countKeyFramesEncoded(bob.session.getSnapshot().pc!);
    cleanups.push(keyFrames.stop);
    await until(async () => expect(await keyFrames.read()).toBeGreaterThan(0));
    const before = await keyFrames.read();
    await alice.session.sendKeyFrames();
    await until(async () => expect(await keyFrames.read()).toBeGreaterThan(before), 2000);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
