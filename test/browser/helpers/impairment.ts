// Network impairment through the Chrome DevTools Protocol, which applies to WebRTC's UDP sockets.
// Rules found by testing (see TESTING-WEBRTC.md): arm it before the RTCPeerConnection is created,
// never use `offline: true` (it cuts Vitest's own channel; `lossPercent: 100` is the black hole),
// and clear it after each test. Tests that impair run in the `network` project, one file at a time.
import { afterEach, beforeEach } from 'vitest';
import { cdp } from 'vitest/browser';

export interface Impairment {
  /** One-way added latency in ms (in a one-page loopback both peers see it: RTT ≈ 4 × latency). */
  readonly latencyMs?: number;
  /** Throughput cap in kbit/s, both directions. */
  readonly kbps?: number;
  /** Random packet loss in percent; 100 is a black hole for WebRTC only. */
  readonly lossPercent?: number;
}

function conditions({ latencyMs = 0, kbps, lossPercent = 0 }: Impairment) {
  const bytesPerSecond = kbps === undefined ? -1 : (kbps * 1000) / 8;
  return {
    offline: false,
    latency: latencyMs,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
    packetLoss: lossPercent,
  };
}

/**
 * The per-socket impairment that gives a one-page loopback call `path` end to end. CDP impairs every
 * WebRTC socket of the page, and in a one-page loopback each packet leaves one socket and enters
 * another: it is delayed twice and dropped with two independent chances. So each hop gets half the
 * one-way delay and the loss `p` with (1 − p)² = 1 − loss; a throughput cap is the same on both
 * hops (two equal links in series carry what one does).
 */
export function loopbackHop(path: Impairment): Impairment {
  const loss = (path.lossPercent ?? 0) / 100;
  return {
    ...(path.kbps === undefined ? {} : { kbps: path.kbps }),
    latencyMs: (path.latencyMs ?? 0) / 2,
    lossPercent: loss >= 1 ? 100 : (1 - Math.sqrt(1 - loss)) * 100,
  };
}

/** Arms impairment with a no-op condition; call before creating any RTCPeerConnection. */
export async function armImpairment(): Promise<void> {
  await cdp().send('Network.enable');
  // A non-default condition is needed for the emulation to attach to WebRTC's sockets.
  await cdp().send('Network.emulateNetworkConditions', conditions({ latencyMs: 1 }));
}

/** Applies an impairment mid-call (after {@link armImpairment}). */
export async function impair(impairment: Impairment): Promise<void> {
  await cdp().send('Network.emulateNetworkConditions', conditions({ latencyMs: 1, ...impairment }));
}

/** Lifts the impairment but keeps it armed, so it can be applied again in the same call. */
export async function restoreNetwork(): Promise<void> {
  await impair({});
}

/** Clears every condition and disables emulation; call after each test. */
export async function clearImpairment(): Promise<void> {
  await cdp().send('Network.emulateNetworkConditions', conditions({}));
  await cdp().send('Network.disable');
}

/**
 * The lifecycle every impairing test file needs: arms impairment before each test (before it
 * creates any connection) and, after each, runs `cleanup` (close what the test opened) and then
 * clears every condition.
 */
export function impairEachTest(cleanup: () => void): void {
  beforeEach(armImpairment);
  afterEach(async () => {
    cleanup();
    await clearImpairment();
  });
}
