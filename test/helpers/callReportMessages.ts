// Call report messages as the client's CallReporter makes them, for the server's node tests: typed
// against the client's own types, so a change of the wire shape breaks these before the server.
import type { CallReport, CallSummary } from 'rtckit/core';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A good periodic report (seq 1, 10 s in); `overrides` replace whole top-level fields. */
export function callReport(overrides: Partial<CallReport> = {}): CallReport {
  return {
    kind: 'report',
    version: 1,
    callId: 'c0ffee0000000001',
    seq: 1,
    t: 10_000,
    browser: { name: 'chrome', version: '140' },
    connectionState: 'connected',
    quality: { level: 'excellent', score: 95, mos: 4.4, uplink: 'excellent', downlink: 'excellent', reasons: [] },
    outbound: { bitrate: 1_200_000, packetLoss: 0, jitterMs: 2 },
    inbound: { bitrate: 1_100_000, packetLoss: 0.001, jitterMs: 3 },
    rttMs: 40,
    freezes: { count: 0, durationMs: 0 },
    abr: { rung: 'hd', reason: 'initial' },
    reconnect: { state: 'connected', attempt: 0, reason: null, losses: 0, byReason: {} },
    route: { type: 'host', protocol: 'udp', relayProtocol: null },
    ...overrides,
  };
}

/** A degraded periodic report: poor quality, long RTT, 6 s frozen in 10 s, one loss by `disconnected`. */
export function degradedReport(seq: number, callId = 'c0ffee0000000001'): CallReport {
  return callReport({
    callId,
    seq,
    t: seq * 10_000,
    quality: {
      level: 'poor',
      score: 35,
      mos: 2.1,
      uplink: 'good',
      downlink: 'poor',
      reasons: ['packet-loss', 'round-trip-time', 'video-frozen'],
    },
    inbound: { bitrate: 150_000, packetLoss: 0.12, jitterMs: 60 },
    rttMs: 800,
    freezes: { count: 3, durationMs: 6000 },
    reconnect: { state: 'connected', attempt: 0, reason: 'disconnected', losses: 1, byReason: { disconnected: 1 } },
  });
}

/** The end-of-call summary of a one-minute call; `overrides` merge one level deep. */
export function callSummary(overrides: DeepPartial<CallSummary> = {}): CallSummary {
  const base: CallSummary = {
    kind: 'summary',
    version: 1,
    callId: 'c0ffee0000000001',
    browser: { name: 'firefox', version: '140' },
    endReason: 'ended',
    durationMs: 60_000.5,
    samples: 60,
    timeInLevelMs: { excellent: 50_000, good: 8000, poor: 1000, lost: 0, unknown: 1000.5 },
    mos: { mean: 4.2, min: 2.5 },
    freezes: { count: 1, durationMs: 400 },
    reconnects: {
      count: 1,
      totalMs: 2500,
      maxMs: 2500,
      byReason: { 'media-stalled': 1 },
      recent: [{ reason: 'media-stalled', t: 30_000, durationMs: 2500, recovered: true, attempts: 1 }],
    },
    timeInRungMs: { hd: 40_000, sd: 19_000 },
    timeInRouteMs: { host: 59_000 },
    timeToFirstFrameMs: 850,
  };
  // One level deep: `{ reconnects: { byReason } }` keeps the other reconnect fields.
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const inBase = (base as unknown as Record<string, unknown>)[key];
    merged[key] =
      typeof value === 'object' && value !== null && typeof inBase === 'object' && inBase !== null
        ? { ...inBase, ...value }
        : value;
  }
  return merged as unknown as CallSummary;
}
