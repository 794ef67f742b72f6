// PeerSession between two real RTCPeerConnections in Chromium, over memory signaling kept on 127.0.0.1.
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createMemorySignalingPair,
  PeerSession,
  RtcKitError,
  type PeerSessionOptions,
  type PeerSessionSnapshot,
  type Signaling,
} from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';
import { canvasTrack, delayed, isOffer, recording, videoWidthOf, type RecordedSignaling } from './helpers/peers';

type Extra = Partial<Omit<PeerSessionOptions, 'signaling'>>;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  document.body.replaceChildren();
});

let camera: MediaStream;
beforeAll(async () => {
  // Capturing first also lets Chromium reveal real (loopback) host candidates instead of mDNS names.
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  return () => camera.getTracks().forEach((track) => track.stop());
});
const cameraVideo = () => new MediaStream(camera.getVideoTracks());

interface Side {
  readonly session: PeerSession;
  readonly signaling: RecordedSignaling;
  readonly errors: RtcKitError[];
  readonly snapshot: () => PeerSessionSnapshot;
}

function start(signaling: Signaling, options: Extra = {}, wrap: (signaling: Signaling) => Signaling = (s) => s): Side {
  const recorded = recording(wrap(loopbackOnly(signaling)));
  const errors: RtcKitError[] = [];
  const session = new PeerSession({ signaling: recorded, onError: (error) => errors.push(error), ...options });
  const unsubscribe = session.subscribe(() => {});
  cleanups.push(() => {
    unsubscribe();
    session.close();
  });
  return { session, signaling: recorded, errors, snapshot: session.getSnapshot };
}

function call(a: Extra, b: Extra, wrap?: (signaling: Signaling) => Signaling): [Side, Side] {
  const [signalingA, signalingB] = createMemorySignalingPair();
  return [start(signalingA, { polite: false, ...a }, wrap), start(signalingB, { polite: true, ...b }, wrap)];
}

const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });
const connected = (...sides: Side[]) =>
  until(() => sides.forEach((side) => expect(side.snapshot().connectionState).toBe('connected')));
const remoteVideo = (side: Side) => until(() => expect(side.snapshot().remoteStream?.getVideoTracks()).toHaveLength(1));
const aspect = (video: HTMLVideoElement) => video.videoWidth / video.videoHeight;
const offersSent = (side: Side) => side.signaling.sent.filter(isOffer).length;

/** Video frames `pc` has encoded (`outbound-rtp`) or decoded (`inbound-rtp`). */
async function videoFrames(pc: RTCPeerConnection, type: 'outbound-rtp' | 'inbound-rtp'): Promise<number> {
  let frames = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === type && report.kind === 'video') {
      frames += (type === 'outbound-rtp' ? report.framesEncoded : report.framesDecoded) ?? 0;
    }
  });
  return frames;
}

/** Every signaling state `pc` enters from now on, in order. */
function signalingStates(pc: RTCPeerConnection): RTCSignalingState[] {
  const states: RTCSignalingState[] = [];
  pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
  return states;
}

type Role = 'polite' | 'impolite';

/** Both connections' signaling state changes from now on, in the order they happened. */
function signalingTimeline(pcs: Record<Role, RTCPeerConnection>): { role: Role; state: RTCSignalingState }[] {
  const timeline: { role: Role; state: RTCSignalingState }[] = [];
  for (const role of ['polite', 'impolite'] as const) {
    const pc = pcs[role];
    pc.addEventListener('signalingstatechange', () => timeline.push({ role, state: pc.signalingState }));
  }
  return timeline;
}

/**
 * Replays a timeline: whether both sides had an offer out at the same moment, and whether the
 * polite side then left have-local-offer for stable while the impolite side still waited for an
 * answer — a rollback, since an answered offer only returns to stable after the other side answered.
 */
function glareIn(timeline: readonly { role: Role; state: RTCSignalingState }[]) {
  const now: Record<Role, RTCSignalingState> = { polite: 'stable', impolite: 'stable' };
  let bothOffered = false;
  let politeRolledBack = false;
  for (const { role, state } of timeline) {
    const rollback =
      role === 'polite' &&
      now.polite === 'have-local-offer' &&
      state === 'stable' &&
      now.impolite === 'have-local-offer';
    if (rollback) politeRolledBack = true;
    now[role] = state;
    if (now.polite === 'have-local-offer' && now.impolite === 'have-local-offer') bothOffered = true;
  }
  return { bothOffered, politeRolledBack };
}

describe('PeerSession in Chromium', () => {
  it('connects two peers and the remote side shows the camera frames', async () => {
    const [alice, bob] = call({ localStream: cameraVideo() }, {});
    await connected(alice, bob);
    await remoteVideo(bob);
    const video = await videoWidthOf(bob.snapshot().remoteStream!);
    expect(aspect(video)).toBeCloseTo(4 / 3, 2); // the camera's shape (the encoder may scale it under load)
    expect(alice.snapshot().remoteStream).toBeNull();
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('resolves glare when both sides add a track at the same moment: both end with the other’s track', async () => {
    // 30 ms of signaling latency each way, so the two offers cross.
    const [alice, bob] = call({ dataChannel: true }, { dataChannel: true }, (s) => delayed(s, 30));
    await connected(alice, bob);
    const canvas = canvasTrack(320, 180);
    cleanups.push(canvas.stop);
    const bobStates = signalingStates(bob.snapshot().pc!);
    const aliceOffers = offersSent(alice);
    const bobOffers = offersSent(bob);

    alice.session.setLocalStream(cameraVideo());
    bob.session.setLocalStream(new MediaStream([canvas.track]));

    await remoteVideo(alice);
    await remoteVideo(bob);
    expect(aspect(await videoWidthOf(bob.snapshot().remoteStream!))).toBeCloseTo(4 / 3, 2); // Alice's camera
    expect(aspect(await videoWidthOf(alice.snapshot().remoteStream!))).toBeCloseTo(16 / 9, 2); // Bob's picture
    // It really was glare: both offered, and the polite side (Bob) rolled his offer back to take Alice's.
    expect(offersSent(alice)).toBeGreaterThan(aliceOffers);
    expect(offersSent(bob)).toBeGreaterThan(bobOffers);
    expect(bobStates.join(' ')).toContain('have-local-offer stable have-remote-offer stable');
    await connected(alice, bob);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('keeps the polite side sending video after both restart ICE at once (Chromium stops its encoder on the rollback)', async () => {
    // 30 ms of signaling latency each way, so the two restart offers cross.
    const [alice, bob] = call({ localStream: cameraVideo() }, { localStream: cameraVideo() }, (s) => delayed(s, 30));
    await connected(alice, bob);
    await until(async () => {
      expect(await videoFrames(alice.snapshot().pc!, 'inbound-rtp')).toBeGreaterThan(0);
      expect(await videoFrames(bob.snapshot().pc!, 'inbound-rtp')).toBeGreaterThan(0);
    });
    const bobStates = signalingStates(bob.snapshot().pc!);

    alice.session.restartIce();
    bob.session.restartIce();
    await until(() => expect(bobStates.join(' ')).toContain('have-local-offer stable have-remote-offer stable'));
    await connected(alice, bob);
    // Without attaching Bob's track again, his encoder never encodes another frame (its counters start
    // again from 0 and stay there), and Alice's picture of him stays frozen.
    const bobEncoded = await videoFrames(bob.snapshot().pc!, 'outbound-rtp');
    const aliceDecoded = await videoFrames(alice.snapshot().pc!, 'inbound-rtp');
    await until(async () => {
      expect(await videoFrames(bob.snapshot().pc!, 'outbound-rtp')).toBeGreaterThan(bobEncoded);
      expect(await videoFrames(alice.snapshot().pc!, 'inbound-rtp')).toBeGreaterThan(aliceDecoded + 10);
    });
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('shows a replaced track on the other side without renegotiating', async () => {
    const [alice, bob] = call({ localStream: cameraVideo() }, {});
    await connected(alice, bob);
    await remoteVideo(bob);
    const video = await videoWidthOf(bob.snapshot().remoteStream!);
    expect(aspect(video)).toBeCloseTo(4 / 3, 2);
    const offers = offersSent(alice);
    const sender = alice
      .snapshot()
      .pc!.getSenders()
      .find((s) => s.track?.kind === 'video')!;

    const canvas = canvasTrack(320, 180);
    cleanups.push(canvas.stop);
    alice.session.setLocalStream(new MediaStream([canvas.track]));
    await until(() => expect(aspect(video)).toBeCloseTo(16 / 9, 2));
    expect(sender.track).toBe(canvas.track);
    expect(offersSent(alice)).toBe(offers);
  });

  it('sends null on a kind that went away (camera off) and reuses that sender when it comes back', async () => {
    const [alice, bob] = call({ localStream: cameraVideo() }, {});
    await connected(alice, bob);
    await remoteVideo(bob);
    const offers = offersSent(alice);
    const [sender] = alice.snapshot().pc!.getSenders();

    alice.session.setLocalStream(new MediaStream()); // what LocalMedia publishes with the camera off
    await until(() => expect(sender!.track).toBeNull());
    alice.session.setLocalStream(cameraVideo());
    await until(() => expect(sender!.track).toBe(camera.getVideoTracks()[0]));
    expect(alice.snapshot().pc!.getSenders()).toEqual([sender]);
    expect(offersSent(alice)).toBe(offers);
  });

  it('adds (and renegotiates) a track of a kind it does not send yet', async () => {
    const [alice, bob] = call({ localStream: cameraVideo() }, {});
    await connected(alice, bob);
    await remoteVideo(bob);
    const offers = offersSent(alice);
    alice.session.setLocalStream(camera);
    await until(() => expect(bob.snapshot().remoteStream?.getAudioTracks()).toHaveLength(1));
    expect(offersSent(alice)).toBe(offers + 1);
    expect(bob.snapshot().remoteStream?.getVideoTracks()).toHaveLength(1);
  });

  it('renegotiates when the other side removes a track with pc.removeTrack', async () => {
    const [alice, bob] = call({ localStream: camera }, {});
    await connected(alice, bob);
    await until(() => expect(bob.snapshot().remoteStream?.getTracks()).toHaveLength(2));
    const pc = alice.snapshot().pc!;
    pc.removeTrack(pc.getSenders().find((s) => s.track?.kind === 'audio')!);
    await until(() =>
      expect(
        bob
          .snapshot()
          .remoteStream?.getTracks()
          .map((t) => t.kind),
      ).toEqual(['video']),
    );
  });

  it('round-trips messages over the data channel', async () => {
    const received: unknown[] = [];
    const [alice, bob] = call(
      { dataChannel: true, onDataChannelMessage: (data) => received.push(data) },
      { dataChannel: true, onDataChannelMessage: (data) => bob.session.sendData(`pong:${String(data)}`) },
    );
    await until(() => expect(alice.snapshot().dataChannelState).toBe('open'));
    alice.session.sendData('ping');
    await until(() => expect(received).toEqual(['pong:ping']));
    expect(bob.snapshot().dataChannelState).toBe('open');
  });

  it('refuses to send on a data channel that is not open', () => {
    const [signaling] = createMemorySignalingPair();
    const session = new PeerSession({ signaling });
    expect(() => session.sendData('x')).toThrow(expect.objectContaining({ code: 'data-channel-not-open' }));
  });

  it('delivers app messages over signaling', async () => {
    const got: unknown[] = [];
    const [alice] = call({}, { onAppMessage: (data) => got.push(data) });
    alice.session.sendAppMessage({ chat: 'hi' });
    await until(() => expect(got).toEqual([{ chat: 'hi' }]));
  });

  it('close() moves the other side to closed, reported as closedBy remote', async () => {
    const [alice, bob] = call({ localStream: cameraVideo(), dataChannel: true }, { dataChannel: true });
    await connected(alice, bob);
    alice.session.close();
    expect(alice.snapshot()).toMatchObject({ connectionState: 'closed', closedBy: 'local' });
    expect(alice.snapshot().pc!.signalingState).toBe('closed');
    await until(() => expect(bob.snapshot()).toMatchObject({ connectionState: 'closed', closedBy: 'remote' }));
    expect(bob.snapshot().pc!.signalingState).toBe('closed');
    expect(bob.snapshot().remoteStream).toBeNull();
  });

  it('notices the other side closing even when signaling is gone (DTLS close)', async () => {
    const [alice, bob] = call({ localStream: cameraVideo() }, {});
    await connected(alice, bob);
    alice.snapshot().pc!.close(); // no bye
    await until(() => expect(bob.snapshot()).toMatchObject({ connectionState: 'closed', closedBy: 'remote' }), 5000);
  });

  it('starts afresh when the other side comes back with a new session', async () => {
    const [signalingA, signalingB] = createMemorySignalingPair();
    const alice = start(signalingA, { polite: false, localStream: cameraVideo() });
    const bob1 = start(signalingB, { polite: true });
    await connected(alice, bob1);
    const firstPc = alice.snapshot().pc;
    bob1.session.close();
    await until(() => expect(alice.snapshot().closedBy).toBe('remote'));
    const bob2 = start(signalingB, { polite: true });
    await connected(alice, bob2);
    expect(alice.snapshot().pc).not.toBe(firstPc);
    await remoteVideo(bob2);
  });

  it('connects whichever side starts first (the first offer is re-sent on hello)', async () => {
    const [signalingA, signalingB] = createMemorySignalingPair();
    // What reaches Bob's end before Bob listens, recorded; Bob, subscribing later, never gets it.
    const beforeBob: unknown[] = [];
    const stopRecording = signalingB.subscribe((raw) => beforeBob.push(JSON.parse(raw as string)));
    const alice = start(signalingA, { polite: false, localStream: cameraVideo() });
    await until(() => expect(alice.snapshot().signalingState).toBe('have-local-offer'));
    await until(() => expect(beforeBob.filter(isOffer)).toHaveLength(1)); // the offer is gone: nobody listened
    stopRecording();
    const bob = start(signalingB, { polite: true });
    await connected(alice, bob);
    await remoteVideo(bob);
  });

  it('connects when only the polite side has something to send (the impolite side offers first, empty)', async () => {
    const [signalingA, signalingB] = createMemorySignalingPair();
    const bob = start(signalingB, { polite: true, localStream: cameraVideo() });
    const bobStates = signalingStates(bob.snapshot().pc!);
    let bobNeedsNegotiation = false;
    bob.snapshot().pc!.addEventListener('negotiationneeded', () => (bobNeedsNegotiation = true));
    await until(() => expect(bobNeedsNegotiation).toBe(true)); // Bob has a track to negotiate, alone
    expect(bob.snapshot().signalingState).toBe('stable'); // the polite side never makes the first offer
    const alice = start(signalingA, { polite: false });
    await connected(alice, bob);
    await remoteVideo(alice);
    expect(bobStates[0]).toBe('have-remote-offer'); // Bob's first negotiation was answering Alice's offer
    expect(offersSent(alice)).toBe(1);
    expect(offersSent(bob)).toBe(1);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it("decides who is polite by itself when both say 'auto', and resolves glare", async () => {
    // 30 ms of signaling latency each way, so the two offers cross.
    const [alice, bob] = call({ polite: 'auto', dataChannel: true }, { polite: 'auto', dataChannel: true }, (s) =>
      delayed(s, 30),
    );
    await until(() => expect(alice.snapshot().polite).not.toBe(bob.snapshot().polite));
    await connected(alice, bob);
    const [polite, impolite] = alice.snapshot().polite ? [alice, bob] : [bob, alice];
    const timeline = signalingTimeline({ polite: polite.snapshot().pc!, impolite: impolite.snapshot().pc! });
    const offers = [offersSent(alice), offersSent(bob)];
    const canvas = canvasTrack(320, 180);
    cleanups.push(canvas.stop);
    alice.session.setLocalStream(cameraVideo());
    bob.session.setLocalStream(new MediaStream([canvas.track]));
    await connected(alice, bob);
    await remoteVideo(alice);
    await remoteVideo(bob);
    // It really was glare: both had an offer out at once, and the side 'auto' made polite rolled
    // its offer back (left have-local-offer while the other side had not answered).
    expect(offersSent(alice)).toBeGreaterThan(offers[0]!);
    expect(offersSent(bob)).toBeGreaterThan(offers[1]!);
    expect(glareIn(timeline)).toEqual({ bothOffered: true, politeRolledBack: true });
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('queues candidates that arrive before the remote description and adds them once it is set', async () => {
    // Descriptions (stripped of candidates) arrive 300 ms late; trickled candidates go at once.
    const reorder = (signaling: Signaling): Signaling => ({
      ...signaling,
      send(message) {
        if (message.type !== 'description') return signaling.send(message);
        const sdp = message.description.sdp
          .split('\r\n')
          .filter((line) => !line.startsWith('a=candidate:'))
          .join('\r\n');
        setTimeout(() => signaling.send({ ...message, description: { ...message.description, sdp } }), 300);
      },
    });
    const [alice, bob] = call({ localStream: cameraVideo() }, {}, reorder);
    await connected(alice, bob);
    const firstDescription = bob.signaling.received.findIndex((m) => (m as { type: string }).type === 'description');
    const firstCandidate = bob.signaling.received.findIndex((m) => (m as { type: string }).type === 'candidate');
    expect(firstCandidate).toBeGreaterThanOrEqual(0);
    expect(firstCandidate).toBeLessThan(firstDescription);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('restartIce() renegotiates new ICE credentials and stays connected', async () => {
    const [alice, bob] = call({ localStream: cameraVideo() }, {});
    await connected(alice, bob);
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(alice.snapshot().pc!.localDescription!.sdp)?.[1];
    const before = ufrag();
    alice.session.restartIce();
    await until(() => expect(ufrag()).not.toBe(before));
    await connected(alice, bob);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('validates the RTC configuration before creating a connection', async () => {
    let constructed = 0;
    class Counted extends RTCPeerConnection {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        constructed++;
      }
    }
    const [alice] = call(
      { rtcConfig: { iceServers: [{ urls: 'turn:turn.example.org' }] }, RTCPeerConnection: Counted },
      { RTCPeerConnection: Counted },
    );
    expect(alice.snapshot().pc).toBeNull();
    expect(alice.snapshot().error).toMatchObject({ code: 'invalid-ice-server', rule: 'turn-credentials' });
    expect(alice.errors.map((error) => error.code)).toEqual(['invalid-ice-server']);
    expect(constructed).toBe(1); // Bob's only
  });

  it('rejects malformed and random messages with typed errors and keeps working (fuzzed)', async () => {
    let inject: (raw: unknown) => void = () => {};
    const injectable = (signaling: Signaling): Signaling => ({
      ...signaling,
      subscribe(listener) {
        inject = listener;
        return signaling.subscribe(listener);
      },
    });
    const [signalingA, signalingB] = createMemorySignalingPair();
    const alice = start(signalingA, { polite: false, localStream: cameraVideo() });
    const bob = start(signalingB, { polite: true }, injectable);
    const junk = fc.sample(
      fc.oneof(
        fc.anything(),
        fc.string(),
        fc.record({
          type: fc.constantFrom('description', 'candidate', 'hello', 'app', 'nope'),
          description: fc.anything(),
          candidate: fc.anything(),
        }),
        fc.constant({ type: 'description', description: { type: 'offer', sdp: 'v=0\r\nthis is not sdp\r\n' } }),
        fc.constant({ type: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } }),
        fc.constant({
          type: 'candidate',
          candidate: { candidate: 'candidate:1 1 udp 1 203.0.113.9 9 typ host', sdpMid: '99' },
        }),
      ),
      300,
    );
    for (const raw of junk.slice(0, 150)) inject(raw);
    await connected(alice, bob);
    for (const raw of junk.slice(150)) inject(raw);
    expect(bob.errors.length).toBeGreaterThan(0);
    for (const error of bob.errors) expect(error).toBeInstanceOf(RtcKitError);
    // Still negotiating: a new track from Alice reaches Bob.
    alice.session.setLocalStream(camera);
    await until(() => expect(bob.snapshot().remoteStream?.getTracks()).toHaveLength(2));
    await connected(alice, bob);
  });
});
