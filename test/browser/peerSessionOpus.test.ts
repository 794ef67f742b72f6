// The `opus` option between two real PeerSessions: its settings reach the encoder of the side
// that set them (written into the remote description it applies), seen in what that side sends.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMemorySignalingPair,
  isRtcKitError,
  PeerSession,
  type OpusSettings,
  type PeerSessionSnapshot,
  type RtcKitError,
} from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';
import { skipInFirefox } from './helpers/browserLimits';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const until = (check: () => void | Promise<void>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 50 });

/** An audio track from Web Audio: digital silence, or white noise (the hardest to compress). */
async function audioTrack(kind: 'silence' | 'noise'): Promise<MediaStreamTrack> {
  const context = new AudioContext();
  void context.resume(); // autoplay is allowed in every tier; Firefox may settle it late
  const destination = context.createMediaStreamDestination();
  const gain = context.createGain();
  gain.gain.value = kind === 'silence' ? 0 : 0.5;
  const buffer = context.createBuffer(1, context.sampleRate * 2, context.sampleRate);
  const samples = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.random() * 2 - 1;
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.loop = true;
  source.connect(gain).connect(destination);
  source.start();
  const [track] = destination.stream.getAudioTracks();
  cleanups.push(() => {
    track!.stop();
    void context.close();
  });
  return track!;
}

interface Side {
  readonly session: PeerSession;
  readonly errors: RtcKitError[];
  readonly snapshot: () => PeerSessionSnapshot;
}

function side(
  signaling: Parameters<typeof loopbackOnly>[0],
  polite: boolean,
  track: MediaStreamTrack | null,
  opus?: OpusSettings,
): Side {
  const errors: RtcKitError[] = [];
  const session = new PeerSession({
    signaling: loopbackOnly(signaling),
    polite,
    localStream: track ? new MediaStream([track]) : null,
    ...(opus ? { opus } : {}),
    onError: (error) => errors.push(error),
  });
  const unsubscribe = session.subscribe(() => {});
  cleanups.push(() => {
    unsubscribe();
    session.close();
  });
  return { session, errors, snapshot: session.getSnapshot };
}

/** Alice sends `track` with `opus`; Bob only receives. Resolves once Bob receives audio. */
async function call(track: MediaStreamTrack, opus: OpusSettings | undefined): Promise<[Side, Side]> {
  const [a, b] = createMemorySignalingPair();
  const alice = side(a, false, track, opus);
  const bob = side(b, true, null);
  await until(() => expect(bob.snapshot().remoteStream?.getAudioTracks()).toHaveLength(1));
  await until(async () => expect((await outboundAudio(alice.snapshot().pc!)).packetsSent).toBeGreaterThan(10));
  return [alice, bob];
}

async function outboundAudio(pc: RTCPeerConnection): Promise<{ packetsSent: number; bytesSent: number; at: number }> {
  const result = { packetsSent: 0, bytesSent: 0, at: 0 };
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'outbound-rtp' && report.kind === 'audio') {
      result.packetsSent += report.packetsSent ?? 0;
      result.bytesSent += report.bytesSent ?? 0;
      result.at = report.timestamp;
    }
  });
  return result;
}

/** Alice's audio packets per second and payload bit/s over `ms`, once the encoder has settled. */
async function sendRate(pc: RTCPeerConnection, ms = 3000): Promise<{ packets: number; bitrate: number }> {
  const start = await outboundAudio(pc);
  // Waiting for time to pass is the measurement itself: a rate needs an interval.
  await new Promise((resolve) => setTimeout(resolve, ms));
  const end = await outboundAudio(pc);
  const seconds = (end.at - start.at) / 1000;
  return {
    packets: (end.packetsSent - start.packetsSent) / seconds,
    bitrate: ((end.bytesSent - start.bytesSent) * 8) / seconds,
  };
}

describe('PeerSession opus option (real connections)', () => {
  it('dtx: true makes this side send a few packets a second in silence, instead of 50', async () => {
    const [withDtx] = await call(await audioTrack('silence'), { dtx: true });
    expect(withDtx.snapshot().pc!.remoteDescription!.sdp).toMatch(/^a=fmtp:\d+ .*usedtx=1/m);
    const dtx = await sendRate(withDtx.snapshot().pc!);
    const [without] = await call(await audioTrack('silence'), { dtx: false });
    const plain = await sendRate(without.snapshot().pc!);
    expect(plain.packets).toBeGreaterThan(40); // 20 ms frames
    expect(dtx.packets).toBeLessThan(plain.packets / 3);
    expect([...withDtx.errors, ...without.errors]).toEqual([]);
  }, 30_000);

  // Firefox limit: its AudioContext never leaves 'suspended' in the headless tier (resume() does not
  // settle), so there is no noise to encode and nothing to cap.
  skipInFirefox(
    'maxAverageBitrate caps what this side sends; without it the same noise is sent at a higher rate (not in Firefox: headless AudioContext stays suspended)',
    async () => {
      const [capped] = await call(await audioTrack('noise'), { maxAverageBitrate: 12_000 });
      const low = await sendRate(capped.snapshot().pc!);
      const [free] = await call(await audioTrack('noise'), {});
      const high = await sendRate(free.snapshot().pc!);
      expect(low.bitrate).toBeLessThan(12_000 * 1.15); // payload bytes; Opus keeps to its average
      expect(high.bitrate).toBeGreaterThan(low.bitrate * 1.5);
    },
    30_000,
  );

  it('invalid settings are a typed invalid-option and no connection is made', async () => {
    const [a] = createMemorySignalingPair();
    const bad = side(a, false, null, { maxAverageBitrate: 1_000_000 });
    await until(() => expect(bad.errors).toHaveLength(1));
    expect(isRtcKitError(bad.errors[0], 'invalid-option')).toBe(true);
    expect(bad.errors[0]!.message).toContain('maxAverageBitrate');
    expect(bad.snapshot().pc).toBeNull();
  });
});
