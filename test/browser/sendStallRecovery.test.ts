// The reconnector's send-stall watch on real connections: a video send stream that encodes nothing
// while the app's camera track is live (what Chromium can bring back from a long outage on a loaded
// machine) is made here by `sender.replaceTrack(null)` behind rtckit's back, which leaves the same
// dead stream in Chromium (its media-source stat gone, framesEncoded flat). Audio keeps flowing, so
// the receiver's inbound watchdog sees nothing wrong: only the send side can notice.
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import {
  createMemorySignalingPair,
  PeerSession,
  Reconnector,
  type ReconnectorOptions,
  type RtcKitError,
} from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';
import { describeSkipInFirefox } from './helpers/browserLimits';
import { framesDecoded } from './helpers/framesDecoded';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  return () => camera.getTracks().forEach((track) => track.stop());
});

/** Alice sends the camera (audio and video), Bob receives; each has a Reconnector with `options`. */
function call(options: ReconnectorOptions) {
  const ends = createMemorySignalingPair();
  const errors: RtcKitError[] = [];
  const [alice, bob] = [0, 1].map((i) => {
    const session = new PeerSession({
      signaling: loopbackOnly(ends[i]!),
      polite: i === 1,
      localStream: i === 0 ? camera : null,
      onError: (error) => errors.push(error),
    });
    const reconnector = new Reconnector(session, { network: null, signaling: null, ...options });
    const unsubscribe = reconnector.subscribe(() => {});
    cleanups.push(() => (unsubscribe(), session.close()));
    return { session, reconnector };
  }) as [{ session: PeerSession; reconnector: Reconnector }, { session: PeerSession; reconnector: Reconnector }];
  return { alice, bob, errors };
}

const bobDecoded = (bob: { session: PeerSession }) => framesDecoded(bob.session.getSnapshot().pc);

/** Waits for video at Bob, then kills Alice's video send stream; returns Bob's frames at that point. */
async function killAlicesVideoSend(alice: { session: PeerSession }, bob: { session: PeerSession }) {
  await vi.waitFor(async () => expect(await bobDecoded(bob)).toBeGreaterThan(20), { timeout: 10_000, interval: 50 });
  const pc = alice.session.getSnapshot().pc!;
  const sender = pc.getSenders().find((s) => s.track?.kind === 'video')!;
  const track = sender.track!;
  await sender.replaceTrack(null);
  const killedAt = performance.now();
  // Bob's decoder drains what was in flight; from here on nothing new arrives.
  let settled = await bobDecoded(bob);
  await vi.waitFor(
    async () => {
      const now = await bobDecoded(bob);
      const still = now === settled;
      settled = now;
      expect(still).toBe(true);
    },
    { timeout: 3000, interval: 300 },
  );
  expect(track.readyState).toBe('live');
  expect(track.enabled).toBe(true);
  return { settled, sender, track, killedAt };
}

const BOUND_MS = 8000;

describeSkipInFirefox(
  'send stall (skipped in Firefox: it keeps encoding a frame a second after replaceTrack(null), so no dead send stream can be made there)',
  () => {
    it(`a dead video send stream is repaired: Bob decodes frames again within ${BOUND_MS / 1000} s, videoReattaches ≥ 1`, async () => {
      const { alice, bob, errors } = call({});
      const { settled, sender, track, killedAt } = await killAlicesVideoSend(alice, bob);
      await vi.waitFor(async () => expect(await bobDecoded(bob)).toBeGreaterThan(settled + 10), {
        timeout: BOUND_MS,
        interval: 100,
      });
      console.log(`video back at Bob ${Math.round(performance.now() - killedAt)} ms after the send stream died`);
      expect(alice.reconnector.getSnapshot().videoReattaches).toBeGreaterThanOrEqual(1);
      expect(sender.track).toBe(track);
      // Repaired on the side, not recovered as a lost call.
      expect(alice.reconnector.getSnapshot()).toMatchObject({ state: 'connected', iceRestarts: 0, rebuilds: 0 });
      expect(errors).toEqual([]);
    });

    it(`control: with watchSendStall: false the frames do not come back within ${BOUND_MS / 1000} s`, async () => {
      const { alice, bob } = call({ watchSendStall: false });
      const { settled } = await killAlicesVideoSend(alice, bob);
      await expect(
        vi.waitFor(async () => expect(await bobDecoded(bob)).toBeGreaterThan(settled + 10), {
          timeout: BOUND_MS,
          interval: 200,
        }),
      ).rejects.toThrow();
      expect(alice.reconnector.getSnapshot()).toMatchObject({ state: 'connected', videoReattaches: 0 });
      expect(bob.reconnector.getSnapshot().state).toBe('connected'); // audio flows: nothing looks wrong
    });
  },
);
