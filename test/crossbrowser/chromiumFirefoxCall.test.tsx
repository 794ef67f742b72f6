// Real Chromium ↔ real Firefox calls with rtckit on both sides, through the reference WebSocket
// signaling server: this page is Chromium (each side under StrictMode), the other side a Firefox
// page opened by the Node side (firefoxPeers.ts). Impairment is CDP on Chromium's side, which
// shapes both directions of Chromium's sockets (Firefox has no CDP).
import { render, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';
import { CallPeer, type CallPeerReport } from './callPeer';

declare module 'vitest/browser' {
  interface BrowserCommands {
    crossBrowserSignaling(): Promise<{ url: string; token: string }>;
    startFirefoxPeer(options: { room: string; polite: boolean }): Promise<string>;
    firefoxPeerReport(id: string): Promise<CallPeerReport & { pageErrors: string[] }>;
    stopFirefoxPeers(): Promise<void>;
  }
}

declare module 'vitest' {
  interface ProvidedContext {
    crossBrowserOutages: boolean;
  }
}

let camera: MediaStream;
let readChromium: (() => Promise<CallPeerReport>) | null = null;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
});
afterAll(() => camera.getTracks().forEach((track) => track.stop()));
impairEachTest(() => {
  document.body.replaceChildren();
  readChromium = null;
});
// Firefox pages are closed (and their connections with them) before the next test starts.
const stopFirefox = () => commands.stopFirefoxPeers();

async function startCall(chromiumPolite: boolean) {
  const room = `cross-${chromiumPolite}-${Date.now()}`;
  const { url, token } = await commands.crossBrowserSignaling();
  render(
    <CallPeer
      url={`${url}/?room=${room}`}
      token={token}
      polite={chromiumPolite}
      localStream={camera}
      label="Chromium"
      onReader={(read) => (readChromium = read)}
    />,
  );
  const firefox = await commands.startFirefoxPeer({ room, polite: !chromiumPolite });
  const reports = async () => ({
    chromium: await readChromium!(),
    firefox: await commands.firefoxPeerReport(firefox),
  });
  return { reports };
}

type Reports = Awaited<ReturnType<Awaited<ReturnType<typeof startCall>>['reports']>>;

/** Waits until both sides have decoded `frames` more video frames than in `since`. */
async function framesGrow(reports: () => Promise<Reports>, since: Reports, frames: number, timeout: number) {
  await waitFor(
    async () => {
      const now = await reports();
      expect(now.chromium.framesDecoded - since.chromium.framesDecoded, 'frames Chromium decoded').toBeGreaterThan(
        frames,
      );
      expect(now.firefox.framesDecoded - since.firefox.framesDecoded, 'frames Firefox decoded').toBeGreaterThan(frames);
    },
    { timeout, interval: 100 },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const sides = (r: Reports) => [r.chromium, r.firefox];

describe.each([
  { chromiumPolite: true, name: 'Chromium polite' },
  { chromiumPolite: false, name: 'Firefox polite' },
])('rtckit in Chromium ↔ rtckit in Firefox ($name)', ({ chromiumPolite }) => {
  afterAll(stopFirefox);

  it('connects, video flows both ways, and quality and the peer snapshot read sanely in both', async () => {
    const { reports } = await startCall(chromiumPolite);
    await waitFor(
      async () => sides(await reports()).forEach((side) => expect(side.connectionState).toBe('connected')),
      { timeout: 20_000, interval: 200 },
    );
    const start = await reports();
    expect(start.chromium.browser).toBe('chromium');
    expect(start.firefox.browser).toBe('firefox');
    await framesGrow(reports, start, 30, 10_000);
    // Quality on a clean loopback link: excellent or good on both sides within 10 s, with a score.
    await waitFor(
      async () =>
        sides(await reports()).forEach((side) => {
          expect(['excellent', 'good']).toContain(side.quality.level);
          expect(side.quality.score).toBeGreaterThanOrEqual(0);
          expect(side.quality.score).toBeLessThanOrEqual(100);
        }),
      { timeout: 10_000, interval: 250 },
    );
    const end = await reports();
    for (const side of sides(end)) {
      expect(side.iceConnectionState).toMatch(/^(connected|completed)$/);
      expect(side.reconnect).toBe('connected');
      expect(side.packetsReceived).toBeGreaterThan(0);
      expect(side.packetsSent).toBeGreaterThan(0);
      expect(side.remoteVideoWidth).toBeGreaterThan(0);
      expect(side.errors).toEqual([]);
    }
    expect(end.firefox.pageErrors).toEqual([]);
  });

  // CDP shapes Chromium's sockets only, and each packet of this call crosses one of them: the call
  // sees what is applied, 300 kbit/s, 10 % loss and 100 ms each way.
  it('under 300 kbit/s + 10 % loss + 100 ms: poor within 10 s naming loss or bandwidth on both sides, and ABR on the Firefox sender steps down', async () => {
    const reports = await connectedCall();
    const before = await reports();
    await impair({ kbps: 300, lossPercent: 10, latencyMs: 100 });
    const impairedAt = performance.now();
    await waitFor(
      async () =>
        sides(await reports()).forEach((side) => {
          expect(['poor', 'lost']).toContain(side.quality.level);
          expect(side.quality.reasons.join(' ')).toMatch(/packet-loss|bandwidth/);
        }),
      { timeout: 10_000, interval: 250 },
    );
    const poorAfter = performance.now() - impairedAt;
    await waitFor(
      async () => expect((await reports()).firefox.abr.rungIndex).toBeGreaterThan(before.firefox.abr.rungIndex),
      { timeout: 15_000, interval: 250 },
    );
    const after = await reports();
    console.log(
      `impaired: poor on both sides after ${Math.round(poorAfter)} ms (${sides(after)
        .map((side) => side.quality.reasons.join('+'))
        .join(
          ' / ',
        )}); Firefox ABR rung ${before.firefox.abr.rungIndex} → ${after.firefox.abr.rungIndex} (${after.firefox.abr.reason}) after ${Math.round(performance.now() - impairedAt)} ms`,
    );
    for (const side of sides(after)) expect(side.errors).toEqual([]);
  }, 60_000);

  // The outage's length is the scenario (how long the link is gone), not a wait for a condition.
  async function blackHole(reports: () => Promise<Reports>, ms: number) {
    await impair({ lossPercent: 100 });
    const cut = performance.now();
    await waitFor(async () => expect((await reports()).chromium.connectionState).not.toBe('connected'), {
      timeout: ms,
      interval: 200,
    });
    const lost = await reports();
    await sleep(ms - (performance.now() - cut));
    // The outage is real: next to nothing was decoded on either side while the connection was down.
    const late = await reports();
    for (const side of ['chromium', 'firefox'] as const) {
      expect(late[side].framesDecoded - lost[side].framesDecoded).toBeLessThan(10);
    }
    await restoreNetwork();
    return late;
  }

  async function connectedCall() {
    const { reports } = await startCall(chromiumPolite);
    await waitFor(
      async () => sides(await reports()).forEach((side) => expect(side.connectionState).toBe('connected')),
      { timeout: 20_000, interval: 200 },
    );
    await framesGrow(reports, await reports(), 30, 10_000);
    return reports;
  }

  // Issue 22's target, not met every run yet, so these run only when asked
  // (RTCKIT_CROSSBROWSER_OUTAGES=1). Since the polite side re-attaches its tracks after a rolled-back
  // offer (2026-12-07, Firefox ESR 140): 7 of 8 in one run — all four with Chromium polite (which
  // missed the 8 s case before: its encoder stopped on the rollback); with Firefox polite the 8 s
  // case is borderline, media back on Chromium in 1.1–2.9 s but on Firefox in 2.1–4.0 s over 4
  // probes: the connection rebuilt during the outage stays `connecting` in Firefox for about 2 s
  // after the link returns (Chromium's side says `connected` within 0.5 s).
  const whenAsked = it.runIf(inject('crossBrowserOutages'));

  whenAsked(
    'brings media back on both sides within 3 s of an 8 s black hole ending',
    async () => {
      const reports = await connectedCall();
      const late = await blackHole(reports, 8_000);
      await framesGrow(reports, late, 10, 3_000);
    },
    60_000,
  );

  whenAsked(
    'brings media back on both sides within 3 s of a 25 s black hole ending',
    async () => {
      const reports = await connectedCall();
      const late = await blackHole(reports, 25_000);
      await framesGrow(reports, late, 10, 3_000);
    },
    90_000,
  );
});
