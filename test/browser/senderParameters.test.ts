// One owner of each sender's encodings, on a real call in Chromium and Firefox: bitrate adaptation's steps and
// key-frame restarts (what Reconnector asks after an outage) hit the same sender at the same time.
// Each setParameters needs the transaction id of the latest getParameters(), so two running at
// once make the browser refuse one; queued through SenderParameters, every one is taken and the
// sender ends with the controller's last plan, active.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BitrateController, createMemorySignalingPair, PeerSession, type AbrMode, type RtcKitError } from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';
import { countKeyFramesEncoded } from './helpers/keyFrames';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  return () => camera.getTracks().forEach((track) => track.stop());
});

const until = (check: () => void | Promise<void>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });

describe('SenderParameters in a real browser', () => {
  it('queues ABR steps and key-frame restarts made at once, and the sender ends with the last plan, active', async () => {
    const ends = createMemorySignalingPair();
    const errors: RtcKitError[] = [];
    const [alice, bob] = [0, 1].map(
      (i) =>
        new PeerSession({
          signaling: loopbackOnly(ends[i]!),
          polite: i === 1,
          localStream: i === 0 ? camera : null,
          onError: (error) => errors.push(error),
        }),
    ) as [PeerSession, PeerSession];
    for (const session of [alice, bob]) {
      const stop = session.subscribe(() => {});
      cleanups.push(() => (stop(), session.close()));
    }
    const abr = new BitrateController(alice, { hints: false, onError: (error) => errors.push(error) });
    cleanups.push(abr.subscribe(() => {}));
    await until(() => expect(abr.getSnapshot().applied).not.toBeNull());
    const pc = alice.getSnapshot().pc!;
    const sender = pc.getSenders().find((s) => s.track?.kind === 'video')!;
    const keyFrames = countKeyFramesEncoded(pc);
    cleanups.push(keyFrames.stop);
    await until(async () => expect(await keyFrames.read()).toBeGreaterThan(0));
    const keyFramesBefore = await keyFrames.read();

    // Every step changes the plan (degradation preference, size or bitrate), each starting a
    // setParameters; the restarts land in the middle of them.
    const modes: AbrMode[] = ['maintain-framerate', 'maintain-resolution', 'balanced'];
    const restarts: Promise<void>[] = [];
    for (let step = 0; step < 9; step++) {
      abr.setMode(modes[step % modes.length]!);
      abr.setMaxRung(1 + (step % 3));
      restarts.push(alice.sendKeyFrames());
    }
    abr.setMode('maintain-framerate');
    abr.setMaxRung(3);
    restarts.push(alice.sendKeyFrames());
    await Promise.all(restarts);

    await until(() => {
      const applied = abr.getSnapshot().applied!;
      const [encoding] = sender.getParameters().encodings;
      expect(encoding).toMatchObject({
        active: true,
        maxBitrate: applied.maxBitrate,
        maxFramerate: applied.maxFramerate,
      });
      expect(encoding!.scaleResolutionDownBy).toBeCloseTo(applied.scaleResolutionDownBy ?? 1, 5);
    });
    const snapshot = abr.getSnapshot();
    expect(snapshot).toMatchObject({ mode: 'maintain-framerate', error: null });
    expect(snapshot.rungIndex).toBeGreaterThanOrEqual(3);
    expect(sender.getParameters().degradationPreference).toBe('maintain-framerate');
    expect(errors).toEqual([]);
    await until(async () => expect(await keyFrames.read()).toBeGreaterThan(keyFramesBefore));

    // Stopping puts back what the sender had before the controller: one encoding, no caps.
    abr.setMode('off');
    await until(() => expect(sender.getParameters().encodings[0]).not.toHaveProperty('maxBitrate'));
    expect(sender.getParameters().encodings[0]!.active).toBe(true);
  });
});
