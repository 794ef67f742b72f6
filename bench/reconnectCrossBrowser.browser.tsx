// npm run bench:reconnect, Chromium ↔ Firefox rows (run by scripts/bench-reconnect.mjs inside the
// loopback-only network namespace Firefox needs, like test:firefox): this Chromium page calls a
// Firefox page (test/crossbrowser/firefoxPeers.ts) through the reference WebSocket signaling server,
// the link is black-holed through CDP on Chromium's side (packetLoss 100, which shapes both
// directions of every packet of the call), and the bench measures the time from the link's return
// until BOTH sides decode new video frames (the slower side, and each). Arms, interleaved run by run:
// rtckit on both sides (CallPeer: usePeerConnection + useAutoReconnect) with Chromium impolite and
// with Chromium polite, and two baselines of plain RTCPeerConnections on both sides
// (test/crossbrowser/barePeer.ts): the bare browser pair that just waits, and an app that calls
// restartIce() on `failed`. Target: as bench/reconnect.browser.ts, for both rtckit arms.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { armImpairment, clearImpairment, impair, restoreNetwork } from '../test/browser/helpers/impairment';
import { startBarePeer, type MediaProgress } from '../test/crossbrowser/barePeer';
import { mountCallPeer } from '../test/crossbrowser/callPeer';
import type { FirefoxArm } from '../test/crossbrowser/firefoxPeer';
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

declare module 'vitest/browser' {
  interface BrowserCommands {
    crossBrowserSignaling(): Promise<{ url: string; token: string }>;
    startFirefoxPeer(options: { room: string; polite: boolean; arm?: FirefoxArm }): Promise<string>;
    firefoxPeerProgress(id: string): Promise<MediaProgress>;
    stopFirefoxPeers(): Promise<void>;
  }
}

const { runs: RUNS, outagesMs: OUTAGES_MS, loads: LOADS } = benchKnobs();

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
});
afterAll(() => camera.getTracks().forEach((track) => track.stop()));

interface ChromiumSide {
  progress(): Promise<MediaProgress>;
  close(): void;
}

function rtckitSide(url: string, token: string, polite: boolean): ChromiumSide {
  const host = document.body.appendChild(document.createElement('div'));
  const peer = mountCallPeer(host, { url, token, polite, localStream: camera, label: 'Chromium' });
  return {
    progress: () => peer.progress(),
    close() {
      peer.unmount();
      host.remove();
    },
  };
}

const ARMS = [
  { name: 'rtckit, Chromium impolite', rtckit: true, firefox: 'rtckit', chromiumPolite: false },
  { name: 'rtckit, Chromium polite', rtckit: true, firefox: 'rtckit', chromiumPolite: true },
  { name: 'bare browsers (just wait)', rtckit: false, firefox: 'bare', chromiumPolite: false },
  { name: 'app: restartIce() on failed', rtckit: false, firefox: 'restartIce', chromiumPolite: false },
] as const satisfies readonly { name: string; rtckit: boolean; firefox: FirefoxArm; chromiumPolite: boolean }[];
type Arm = (typeof ARMS)[number];

async function startCall(arm: Arm) {
  const { url, token } = await commands.crossBrowserSignaling();
  const room = `bench-${Date.now()}`;
  const roomUrl = `${url}/?room=${room}`;
  const chromium: ChromiumSide = arm.rtckit
    ? rtckitSide(roomUrl, token, arm.chromiumPolite)
    : startBarePeer({
        url: roomUrl,
        token,
        offerer: !arm.chromiumPolite,
        localStream: camera,
        restartIceOnFailed: arm.firefox === 'restartIce',
      });
  const firefoxId = await commands
    .startFirefoxPeer({ room, polite: !arm.chromiumPolite, arm: arm.firefox })
    .catch((error: unknown) => {
      chromium.close();
      throw error;
    });
  return {
    chromium: () => chromium.progress(),
    firefox: () => commands.firefoxPeerProgress(firefoxId),
    close: async () => {
      chromium.close();
      await commands.stopFirefoxPeers();
    },
  };
}

/** New frames since `before`: on a new connection any frame counts, it starts from 0. */
const hasNewFrames = (now: MediaProgress, before: MediaProgress) =>
  now.connections !== before.connections ? now.framesDecoded > 0 : now.framesDecoded > before.framesDecoded;

interface RunResult {
  /** Milliseconds from the link's return to new frames on that side, null if none within the wait. */
  readonly chromium: number | null;
  readonly firefox: number | null;
  readonly detail: string;
}

async function outage(arm: Arm, outageMs: number): Promise<RunResult> {
  await armImpairment();
  const call = await startCall(arm);
  try {
    const started = performance.now();
    for (;;) {
      const [c, f] = [await call.chromium(), await call.firefox()];
      if (c.framesDecoded >= 20 && f.framesDecoded >= 20) break;
      if (performance.now() - started > 20_000)
        throw new Error(`the call did not start: Chromium ${c.detail}; Firefox ${f.detail}`);
      await sleep(100);
    }
    await impair({ lossPercent: 100 });
    // The outage's length is the scenario, not a wait for a condition.
    await sleep(outageMs);
    const before = { chromium: await call.chromium(), firefox: await call.firefox() };
    await restoreNetwork();
    const restored = performance.now();
    const back: { chromium: number | null; firefox: number | null } = { chromium: null, firefox: null };
    let last = before;
    let polls = 0;
    while ((back.chromium === null || back.firefox === null) && performance.now() - restored < GIVE_UP_WAITING_MS) {
      last = { chromium: await call.chromium(), firefox: await call.firefox() };
      polls += 1;
      // When the answers came back: the frames were there by then (a late bound, by one poll at most).
      const at = performance.now() - restored;
      for (const side of ['chromium', 'firefox'] as const) {
        if (back[side] === null && hasNewFrames(last[side], before[side])) back[side] = at;
      }
      await sleep(20);
    }
    const pollMs = Math.round((performance.now() - restored) / Math.max(1, polls));
    return {
      ...back,
      detail: `Chromium: ${last.chromium.detail}; Firefox: ${last.firefox.detail}; one poll of both sides ${pollMs} ms`,
    };
  } finally {
    await call.close();
    await clearImpairment();
  }
}

/** The slower side of a run (null when either side got nothing). */
const slower = (run: RunResult) =>
  run.chromium === null || run.firefox === null ? null : Math.max(run.chromium, run.firefox);

it(
  'Chromium ↔ Firefox: time from link restored to new frames decoded on both sides',
  async () => {
    const results: { load: string; outageMs: number; rows: Map<Arm, RunResult[]> }[] = [];
    for (const load of LOADS) {
      const maker = loadMaker(load);
      for (const outageMs of OUTAGES_MS) {
        const rows = new Map<Arm, RunResult[]>(ARMS.map((arm) => [arm, []]));
        results.push({ load: maker.label, outageMs, rows });
        for (let run = 0; run < RUNS; run++) {
          for (const arm of ARMS) {
            const undo = await maker.apply();
            const result = await outage(arm, outageMs).finally(undo);
            rows.get(arm)!.push(result);
            const show = (ms: number | null) => (ms === null ? 'no frame' : seconds(ms));
            console.log(
              `${maker.label}, ${outageMs / 1000} s outage, ${arm.name} run ${run + 1}: both ${show(slower(result))}, Chromium ${show(result.chromium)}, Firefox ${show(result.firefox)} (${result.detail})`,
            );
          }
        }
      }
    }
    const misses: string[] = [];
    const lines = [
      `rtckit reconnect benchmark, Chromium ↔ Firefox (CDP packetLoss 100 on Chromium's side, ${RUNS} runs each; median and runs)`,
      '',
      '| machine | outage | arm | both sides back (slower) | Chromium receives | Firefox receives | ÷ rtckit (Chromium impolite) |',
      '| ------- | -----: | --- | ------------------------ | ----------------- | ---------------- | ---------------------------: |',
    ];
    for (const { load, outageMs, rows } of results) {
      const ours = medianOf(rows.get(ARMS[0])!.map(slower));
      for (const arm of ARMS) {
        const runs = rows.get(arm)!;
        const both = runs.map(slower);
        lines.push(
          `| ${load} | ${outageMs / 1000} s | ${arm.name} | ${summary(both)} | ${summary(runs.map((r) => r.chromium))} | ${summary(runs.map((r) => r.firefox))} | ${ratio(medianOf(both), ours)} |`,
        );
        const miss = arm.rtckit
          ? rtckitMiss(`${load}, ${outageMs / 1000} s outage, ${arm.name}`, load, outageMs, both)
          : null;
        if (miss) misses.push(miss);
      }
    }
    lines.push('', targetLine(misses));
    console.log(lines.join('\n'));
    expect(misses).toEqual([]);
  },
  60 * 60_000,
);
