// Network impairment through the Chrome DevTools Protocol, which applies to WebRTC's UDP sockets.
// Rules found by testing (see TESTING-WEBRTC.md): arm it before the RTCPeerConnection is created,
// never use `offline: true` (it cuts Vitest's own channel; `lossPercent: 100` is the black hole),
// and clear it after each test. Tests that impair run in the `network` project, one file at a time.
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
