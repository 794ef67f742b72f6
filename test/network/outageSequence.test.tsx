// Outages back to back on one call (issue 22): an impairment phase, then 8 s, 25 s and 8 s black
// holes, each followed by media coming back both ways, with both sides sending video (so both
// notice each outage at the same moment and both restart ICE). Each full sequence runs five times,
// then once with the page's main thread slowed 4× and once with both cores of the machine kept busy
// by workers beside the call.
// Two real RTCPeerConnections in Chromium, usePeerConnection + useAutoReconnect on each side
// (StrictMode), both sending video, the link cut through CDP (packetLoss 100, never `offline`).
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createMemorySignalingPair } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { burnCores, throttleMainThread } from '../browser/helpers/busyMachine';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';
import {
  cameraForFile,
  framesDecoded,
  renderReconnectingCall,
  untilNewFrames,
  until,
  type ReconnectingCall,
} from '../browser/helpers/reconnectingCall';

/** Waits out the stimulus: an outage lasts this long whatever the call does meanwhile. */
const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

declare module 'vitest' {
  interface ProvidedContext {
    outageSequences: boolean;
  }
}

const SEQUENCES = 5;
const OUTAGES_S = [8, 25, 8] as const;

const camera = cameraForFile();

let call: ReconnectingCall | undefined;
impairEachTest(() => {
  call?.unmount();
  call = undefined;
});

/** A call with video flowing both ways. */
async function startCall() {
  const ends = createMemorySignalingPair().map(loopbackOnly) as [
    ReturnType<typeof loopbackOnly>,
    ReturnType<typeof loopbackOnly>,
  ];
  const bobCamera = camera().clone();
  onTestFinished(() => bobCamera.getTracks().forEach((track) => track.stop()));
  call = renderReconnectingCall(ends, camera(), {}, bobCamera);
  const c = call;
  await until(() => {
    expect(c.alice().reconnect.state).toBe('connected');
    expect(c.bob().reconnect.state).toBe('connected');
  }, 15_000);
  await until(async () => {
    expect(await framesDecoded(c.alice().peer.pc)).toBeGreaterThan(10);
    expect(await framesDecoded(c.bob().peer.pc)).toBeGreaterThan(10);
  }, 15_000);
  return c;
}

/** Milliseconds until both sides decode new frames from the other (the slower of the two). */
async function untilMediaBothWays(c: ReconnectingCall, timeoutMs: number) {
  const [alice, bob] = await Promise.all([
    untilNewFrames(() => c.alice().peer.pc, timeoutMs),
    untilNewFrames(() => c.bob().peer.pc, timeoutMs),
  ]);
  return Math.max(alice, bob);
}

/** The video both ways on one side: what is sent and encoded, what arrives and is decoded. */
async function videoPathOf(pc: RTCPeerConnection | null): Promise<string> {
  if (!pc || pc.signalingState === 'closed') return 'no connection';
  const parts: string[] = [];
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue;
    const active = sender.getParameters().encodings.map((e) => (e.active === false ? 'off' : 'on'));
    parts.push(
      `sender track ${sender.track.readyState}${sender.track.muted ? '/muted' : ''} encodings ${active.join(',')}`,
    );
  }
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'outbound-rtp' && r.kind === 'video') {
      parts.push(
        `out: packets ${r.packetsSent} frames encoded ${r.framesEncoded} key ${r.keyFramesEncoded} limited ${r.qualityLimitationReason} active ${r.active} ${r.frameWidth}x${r.frameHeight} plis ${r.pliCount} nacks ${r.nackCount}`,
      );
    }
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      parts.push(
        `in: packets ${r.packetsReceived} lost ${r.packetsLost} frames received ${r.framesReceived} decoded ${r.framesDecoded} key ${r.keyFramesDecoded} dropped ${r.framesDropped} plis sent ${r.pliCount}`,
      );
    }
    if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
      parts.push(`pair ${r.id}: sent ${r.bytesSent} B received ${r.bytesReceived} B`);
    }
  });
  return parts.join('; ');
}

/** Where each side stands, and every state change since the cut: what a stuck run is made of. */
async function whereEachSideStands(c: ReconnectingCall, cut: number, restoredAt: number) {
  const side = async (name: string, view: ReturnType<ReconnectingCall['alice']>) => {
    const { reconnect, peer } = view;
    return `${name}: reconnect ${reconnect.state} (${reconnect.reason ?? '-'}, restarts ${reconnect.iceRestarts}, rebuilds ${reconnect.rebuilds}), pc ${peer.connectionState}/${peer.iceConnectionState}/${peer.pc?.signalingState}, frames ${await framesDecoded(peer.pc)}, ${await videoPathOf(peer.pc)}`;
  };
  const changes = c.transitions
    .filter((t) => t.at >= cut)
    .map((t) => `${Math.round(t.at - restoredAt)} ms ${t.name} ${t.what} ${t.state}`);
  return `${await side('Alice', c.alice())}; ${await side('Bob', c.bob())}; since the cut (ms from the link's return): ${changes.join(', ')}`;
}

/**
 * Runs the whole sequence on one call and checks media is back both ways within `withinMs` of the
 * link returning after each outage, and that both sides then say `connected`.
 */
async function runSequence(label: string, withinMs: number) {
  const c = await startCall();
  const figures: string[] = [];

  // Impairment first: 300 kbit/s, 10 % loss and 100 ms per socket (≈ 19 % loss, 200 ms one way for
  // the call), then a clean link; the call must carry media through it without giving up.
  await impair({ kbps: 300, lossPercent: 10, latencyMs: 100 });
  await hold(6000);
  await restoreNetwork();
  figures.push(`impaired: media ${Math.round(await untilMediaBothWays(c, 15_000))} ms after`);

  for (const seconds of OUTAGES_S) {
    const beforeCut = `Alice ${await videoPathOf(c.alice().peer.pc)} | Bob ${await videoPathOf(c.bob().peer.pc)}`;
    const cut = performance.now();
    await impair({ lossPercent: 100 });
    // Both sides notice: reconnecting (by state or by stalled media) well before the link returns.
    await until(() => {
      expect(c.saw('Alice', 'reconnecting', cut)).toBe(true);
      expect(c.saw('Bob', 'reconnecting', cut)).toBe(true);
    }, seconds * 1000);
    await hold(Math.max(0, seconds * 1000 - (performance.now() - cut)));
    await restoreNetwork();
    const restoredAt = performance.now();
    const backMs = await untilMediaBothWays(c, 20_000).catch(async (error: unknown) => {
      throw new Error(
        `${label}, ${seconds} s outage: ${String(error)}; ${await whereEachSideStands(c, cut, restoredAt)}; before the cut: ${beforeCut}`,
      );
    });
    figures.push(
      `${seconds} s: media ${Math.round(backMs)} ms after (restarts ${c.alice().reconnect.iceRestarts}/${c.bob().reconnect.iceRestarts}, rebuilds ${c.alice().reconnect.rebuilds}/${c.bob().reconnect.rebuilds})`,
    );
    expect(backMs, `${label}, ${seconds} s outage`).toBeLessThanOrEqual(withinMs);
    await until(() => {
      expect(c.alice().reconnect.state).toBe('connected');
      expect(c.bob().reconnect.state).toBe('connected');
    }, 10_000);
  }
  console.log(`${label}: ${figures.join('; ')}`);
}

const SEQUENCE_TIMEOUT = 180_000;

// Issue 22's target, not met every run yet, so this runs only when asked
// (RTCKIT_OUTAGE_SEQUENCES=1 npx vitest run --project network test/network/outageSequence.test.tsx).
// The stuck runs it found first (one side's video never back after the first 8 s outage) were
// ICE-restart glare: both sides restarted ICE at once, the polite side's offer was rolled back, and
// Chromium's recreated video send stream then encoded nothing until its track was attached again
// (PerfectNegotiation's onOwnOfferRolledBack; test/browser/peerSession.test.ts reproduces it without
// an outage). With that fixed: 7 of 7, 7 of 7, then 6 of 7 — once the polite side's send stream was
// again recreated and dead after the 25 s outage (outbound counters back to 0, nacks too), although
// every key-frame restart now attaches the tracks again; what recreates it there is not found yet.
describe.runIf(inject('outageSequences'))('outages back to back on one call (impairment, 8 s, 25 s, 8 s)', () => {
  for (let run = 1; run <= SEQUENCES; run++) {
    it(
      `sequence ${run} of ${SEQUENCES}: media back both ways within 3 s of each outage`,
      () => runSequence(`sequence ${run}`, 3000),
      SEQUENCE_TIMEOUT,
    );
  }

  it(
    'with the main thread slowed 4× (CDP CPU throttling): media back both ways within 5 s of each outage',
    async () => {
      const stopThrottling = await throttleMainThread(4);
      try {
        await runSequence('main thread 4× slower', 5000);
      } finally {
        await stopThrottling();
      }
    },
    SEQUENCE_TIMEOUT,
  );

  it(
    'with both cores kept busy by workers beside the call: media back both ways within 5 s of each outage',
    async () => {
      const stopBurning = await burnCores(2);
      try {
        await runSequence('machine loaded (2 spinning workers)', 5000);
      } finally {
        await stopBurning();
      }
    },
    SEQUENCE_TIMEOUT,
  );
});
