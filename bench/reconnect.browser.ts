// npm run bench:reconnect — how long after the link comes back the first new remote video frame is
// decoded, for outages of 3 s, 8 s and 25 s: rtckit (PeerSession + Reconnector with its defaults)
// next to two baselines in the same run — the bare browser (two plain RTCPeerConnections that just
// wait) and a hand-rolled app (the same, calling restartIce() when the connection is 'failed') —
// in real Chromium with the link black-holed through CDP (packetLoss 100). Runs are interleaved so
// drift in machine load hits every arm alike. Target (issue 7): after the 8 s and 25 s outages,
// rtckit's video is back within 3 s (median), and every rtckit run recovers; the run fails otherwise.
// Each outage runs on a quiet machine and on a busy one (issue 22: the main thread slowed 4× through
// CDP, or two cores kept busy by spinning workers), where the target is 5 s.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemorySignalingPair, PeerSession, Reconnector } from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';
import { armImpairment, clearImpairment, impair, restoreNetwork } from '../test/browser/helpers/impairment';
import { connectLoopbackPair } from '../test/browser/helpers/loopbackPair';
import { framesDecoded } from '../test/browser/helpers/framesDecoded';
import {
  benchKnobs,
  GIVE_UP_WAITING_MS,
  loadMaker,
  medianOf,
  ratio,
  rtckitMiss,
  seconds,
  sleep,
  summary,
  targetLine,
} from './reconnectShared';

const { runs: RUNS, outagesMs: OUTAGES_MS, loads: LOADS } = benchKnobs();

interface Call {
  /** The receiving connection now (rtckit may replace it). */
  readonly receiver: () => RTCPeerConnection | null;
  readonly detail: () => string;
  close(): void;
}

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
});
afterAll(() => camera.getTracks().forEach((track) => track.stop()));

async function rtckitCall(): Promise<Call> {
  const [a, b] = createMemorySignalingPair();
  const alice = new PeerSession({ signaling: loopbackOnly(a!), polite: false, localStream: camera });
  const bob = new PeerSession({ signaling: loopbackOnly(b!), polite: true });
  const reconnectors = [new Reconnector(alice), new Reconnector(bob)];
  const stops = reconnectors.map((reconnector) => reconnector.subscribe(() => {}));
  return {
    receiver: () => bob.getSnapshot().pc,
    detail: () =>
      reconnectors
        .map(({ getSnapshot }) => `${getSnapshot().iceRestarts} restart(s), ${getSnapshot().rebuilds} rebuild(s)`)
        .join(' / '),
    close() {
      stops.forEach((stop) => stop());
      alice.close();
      bob.close();
    },
  };
}

async function bareCall(): Promise<Call> {
  const pair = await connectLoopbackPair({ video: { width: 640, height: 480 } });
  return {
    receiver: () => pair.receiver,
    detail: () => `connection ${pair.receiver.connectionState}`,
    close: () => pair.close(),
  };
}

/**
 * What a hand-rolled app writes: plain connections whose caller calls `restartIce()` once the
 * connection is `failed` and renegotiates on `negotiationneeded` through its (in-page) signaling.
 */
async function restartOnFailedCall(): Promise<Call> {
  const pair = await connectLoopbackPair({ video: { width: 640, height: 480 } });
  const { sender, receiver } = pair;
  let restarts = 0;
  sender.addEventListener('connectionstatechange', () => {
    if (sender.connectionState !== 'failed') return;
    restarts += 1;
    sender.restartIce();
  });
  let failure = '';
  const negotiate = async () => {
    await sender.setLocalDescription();
    await receiver.setRemoteDescription(sender.localDescription!);
    await receiver.setLocalDescription();
    await sender.setRemoteDescription(receiver.localDescription!);
  };
  sender.addEventListener('negotiationneeded', () => {
    negotiate().catch((error: unknown) => (failure = `, negotiation failed: ${String(error)}`));
  });
  return {
    receiver: () => receiver,
    detail: () => `${restarts} restart(s), connection ${receiver.connectionState}${failure}`,
    close: () => pair.close(),
  };
}

/** Milliseconds from the link's return to the first new decoded frame, or null if none came. */
async function outage(make: () => Promise<Call>, outageMs: number): Promise<{ ms: number | null; detail: string }> {
  await armImpairment();
  const call = await make();
  try {
    const started = performance.now();
    while ((await framesDecoded(call.receiver())) < 20) {
      if (performance.now() - started > 15_000) throw new Error('the call did not start');
      await sleep(100);
    }
    await impair({ lossPercent: 100 });
    await sleep(outageMs);
    const before = call.receiver();
    const baseline = await framesDecoded(before);
    await restoreNetwork();
    const restored = performance.now();
    while (performance.now() - restored < GIVE_UP_WAITING_MS) {
      const pc = call.receiver();
      if ((await framesDecoded(pc)) > (pc === before ? baseline : 0)) {
        return { ms: performance.now() - restored, detail: call.detail() };
      }
      await sleep(10);
    }
    return { ms: null, detail: call.detail() };
  } finally {
    call.close();
    await clearImpairment();
  }
}

const ARMS = [
  ['rtckit', rtckitCall],
  ['bare', bareCall],
  ['restartIce', restartOnFailedCall],
] as const;
type Arm = (typeof ARMS)[number][0];

it(
  'time from link restored to the first new remote frame',
  async () => {
    const results: { load: string; outageMs: number; row: Record<Arm, (number | null)[]> }[] = [];
    for (const load of LOADS) {
      const maker = loadMaker(load);
      for (const outageMs of OUTAGES_MS) {
        const row: Record<Arm, (number | null)[]> = { rtckit: [], bare: [], restartIce: [] };
        results.push({ load: maker.label, outageMs, row });
        for (let run = 0; run < RUNS; run++) {
          for (const [name, make] of ARMS) {
            const undo = await maker.apply();
            const { ms, detail } = await outage(make, outageMs).finally(undo);
            row[name].push(ms);
            console.log(
              `${maker.label}, ${outageMs / 1000} s outage, ${name} run ${run + 1}: ${ms === null ? 'no frame' : seconds(ms)} (${detail})`,
            );
          }
        }
      }
    }
    const misses: string[] = [];
    const lines = [
      `rtckit reconnect benchmark (Chromium, CDP packetLoss 100, ${RUNS} runs each; median and runs)`,
      '',
      '| machine | outage | rtckit | bare browser (just waits) | app: restartIce() on failed | bare ÷ rtckit | restartIce ÷ rtckit |',
      '| ------- | -----: | ------ | ------------------------- | --------------------------- | -----------: | ------------------: |',
    ];
    for (const { load, outageMs, row } of results) {
      const ours = medianOf(row.rtckit);
      lines.push(
        `| ${load} | ${outageMs / 1000} s | ${summary(row.rtckit)} | ${summary(row.bare)} | ${summary(row.restartIce)} | ${ratio(medianOf(row.bare), ours)} | ${ratio(medianOf(row.restartIce), ours)} |`,
      );
      const miss = rtckitMiss(`${load}, ${outageMs / 1000} s outage`, load, outageMs, row.rtckit);
      if (miss) misses.push(miss);
    }
    lines.push('', targetLine(misses));
    console.log(lines.join('\n'));
    expect(misses).toEqual([]);
  },
  60 * 60_000,
);
