// Codec preferences between two real PeerSessions in one page (Chromium and Firefox), over memory
// signaling kept on 127.0.0.1: the codec each direction negotiates, read from getStats' codec reports.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createMemorySignalingPair,
  listCodecs,
  PeerSession,
  type PeerSessionOptions,
  type RtcKitError,
} from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';

type Extra = Partial<Omit<PeerSessionOptions, 'signaling'>>;

interface Side {
  readonly session: PeerSession;
  readonly errors: RtcKitError[];
  readonly pc: () => RTCPeerConnection;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
  return () => camera.getTracks().forEach((track) => track.stop());
});
const cameraAudio = () => new MediaStream(camera.getAudioTracks());

function call(a: Extra, b: Extra): [Side, Side] {
  const [signalingA, signalingB] = createMemorySignalingPair();
  const start = (signaling: typeof signalingA, options: Extra): Side => {
    const errors: RtcKitError[] = [];
    const session = new PeerSession({
      signaling: loopbackOnly(signaling),
      localStream: camera,
      onError: (error) => errors.push(error),
      ...options,
    });
    const unsubscribe = session.subscribe(() => {});
    cleanups.push(() => {
      unsubscribe();
      session.close();
    });
    return { session, errors, pc: () => session.getSnapshot().pc! };
  };
  return [start(signalingA, { polite: false, ...a }), start(signalingB, { polite: true, ...b })];
}

/** The mimeType of the codec of every `type` stream of `kind`, once each has one (media flows). */
async function codecsOf(pc: RTCPeerConnection, type: 'inbound-rtp' | 'outbound-rtp', kind: 'audio' | 'video') {
  const report = await pc.getStats();
  const codecs: (string | undefined)[] = [];
  report.forEach((stats) => {
    if (stats.type !== type || stats.kind !== kind) return;
    const codec = stats.codecId === undefined ? undefined : report.get(stats.codecId);
    codecs.push(codec?.mimeType as string | undefined);
  });
  return codecs;
}

/** Polls until every stream of `kind` both ways on `side` has a codec, then returns them. */
async function negotiated(side: Side, kind: 'audio' | 'video' = 'video') {
  let result = { sending: [] as (string | undefined)[], receiving: [] as (string | undefined)[] };
  await vi.waitFor(
    async () => {
      const pc = side.session.getSnapshot().pc;
      expect(pc?.connectionState).toBe('connected');
      result = {
        sending: await codecsOf(pc!, 'outbound-rtp', kind),
        receiving: await codecsOf(pc!, 'inbound-rtp', kind),
      };
      expect(result.sending.length).toBeGreaterThan(0);
      expect(result.receiving.length).toBeGreaterThan(0);
      expect([...result.sending, ...result.receiving].every(Boolean)).toBe(true);
    },
    { timeout: 15_000, interval: 100 },
  );
  return result;
}

const lower = (codecs: (string | undefined)[]) => codecs.map((codec) => codec?.toLowerCase());

describe('codec preferences between two PeerSessions', () => {
  it('VP9 on both sides: all four video streams are VP9', async () => {
    const [alice, bob] = call({ codecs: { video: ['VP9'] } }, { codecs: { video: ['vp9'] } });
    for (const side of [alice, bob]) {
      const { sending, receiving } = await negotiated(side);
      expect(lower([...sending, ...receiving])).toEqual(['video/vp9', 'video/vp9']);
    }
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('VP8 on both sides: all four video streams are VP8', async () => {
    const [alice, bob] = call({ codecs: { video: ['VP8', 'VP9'] } }, { codecs: { video: ['VP8'] } });
    for (const side of [alice, bob]) {
      const { sending, receiving } = await negotiated(side);
      expect(lower([...sending, ...receiving])).toEqual(['video/vp8', 'video/vp8']);
    }
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('each side chooses what it receives: VP9 to the one preferring VP9, VP8 to the one preferring VP8', async () => {
    const [alice, bob] = call({ codecs: { video: ['VP9'] } }, { codecs: { video: ['VP8'] } });
    const [a, b] = [await negotiated(alice), await negotiated(bob)];
    expect({ aliceReceives: lower(a.receiving), bobSends: lower(b.sending) }).toEqual({
      aliceReceives: ['video/vp9'],
      bobSends: ['video/vp9'],
    });
    expect({ bobReceives: lower(b.receiving), aliceSends: lower(a.sending) }).toEqual({
      bobReceives: ['video/vp8'],
      aliceSends: ['video/vp8'],
    });
  });

  it('applies to audio too (G722 both ways)', async () => {
    const [alice, bob] = call({ codecs: { audio: ['G722'] } }, { codecs: { audio: ['G722'] } });
    for (const side of [alice, bob]) {
      const { sending, receiving } = await negotiated(side, 'audio');
      expect(lower([...sending, ...receiving])).toEqual(['audio/g722', 'audio/g722']);
    }
  });

  it('a video track added later, by renegotiation, gets the preference too (offer and answer side)', async () => {
    const [alice, bob] = call(
      { codecs: { video: ['VP9'] }, localStream: cameraAudio() },
      { codecs: { video: ['VP9'] }, localStream: cameraAudio() },
    );
    await negotiated(alice, 'audio');
    expect(await codecsOf(alice.pc(), 'outbound-rtp', 'video')).toEqual([]);
    alice.session.setLocalStream(camera);
    // Alice's new transceiver is offered; Bob's, made by her offer, answers: one way so far.
    await expect
      .poll(async () => lower(await codecsOf(bob.pc(), 'inbound-rtp', 'video')), { timeout: 15_000 })
      .toEqual(['video/vp9']);
    bob.session.setLocalStream(camera);
    for (const side of [alice, bob]) {
      const { sending, receiving } = await negotiated(side);
      expect(lower([...sending, ...receiving])).toEqual(['video/vp9', 'video/vp9']);
    }
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('an ICE restart applies the preference again, before its offer and the answer', async () => {
    const [alice, bob] = call({ codecs: { video: ['VP9'] } }, { codecs: { video: ['VP9'] } });
    await negotiated(alice);
    const applied: { pc: RTCPeerConnection | undefined; first: string | undefined }[] = [];
    const original = RTCRtpTransceiver.prototype.setCodecPreferences;
    const spy = vi.spyOn(RTCRtpTransceiver.prototype, 'setCodecPreferences').mockImplementation(function (
      this: RTCRtpTransceiver,
      codecs,
    ) {
      const pc = [alice.pc(), bob.pc()].find((candidate) => candidate.getTransceivers().includes(this));
      if (this.receiver.track.kind === 'video') applied.push({ pc, first: [...codecs][0]?.mimeType });
      original.call(this, codecs);
    });
    cleanups.push(() => spy.mockRestore());
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(alice.pc().localDescription?.sdp ?? '')?.[1];
    const before = ufrag();
    alice.session.restartIce();
    await expect.poll(ufrag, { timeout: 10_000 }).not.toBe(before);
    await expect.poll(() => applied.some(({ pc }) => pc === bob.pc()), { timeout: 10_000 }).toBe(true);
    expect(applied.some(({ pc }) => pc === alice.pc())).toBe(true);
    expect(applied.every(({ first }) => first?.toLowerCase() === 'video/vp9')).toBe(true);
    const { sending, receiving } = await negotiated(bob);
    expect(lower([...sending, ...receiving])).toEqual(['video/vp9', 'video/vp9']);
  });

  it('a codec this browser does not have is a codec-unsupported error, and no connection is made', async () => {
    expect(listCodecs().receive.video.some((codec) => codec.name.toLowerCase() === 'nonesuch')).toBe(false);
    const [alice, bob] = call({ codecs: { video: ['NoneSuch', 'VP9'] } }, {});
    expect(alice.session.getSnapshot().pc).toBeNull();
    expect(alice.errors.map((error) => error.code)).toEqual(['codec-unsupported']);
    expect(alice.session.getSnapshot().error?.code).toBe('codec-unsupported');
    expect(alice.errors[0]!.message).toMatch(
      /"NoneSuch" is not a video codec this browser has; it can send or receive .*VP8/,
    );
    expect(bob.errors).toEqual([]);
  });

  it('lists what this browser can send and receive, VP8 and opus among them', () => {
    const { send, receive } = listCodecs();
    for (const list of [send, receive]) {
      expect(list.video.map((codec) => codec.name)).toContain('VP8');
      expect(list.audio.map((codec) => codec.name)).toContain('opus');
      expect(list.video.map((codec) => codec.name.toLowerCase())).not.toContain('rtx');
    }
  });
});
