import { describe, expect, it } from 'vitest';
import {
  browserOf,
  buildCallReport,
  IDLE_ABR_SNAPSHOT,
  routeTypeOf,
  scoreQuality,
  type CallReportInput,
  type SummaryTotals,
} from 'rtckit/core';
import { sample } from '../../../helpers/samples';

const none: SummaryTotals = { freezeCount: 0, freezeMs: 0, losses: 0, byReason: {} };

function input(overrides: Partial<CallReportInput> = {}): CallReportInput {
  const current = sample({
    rttMs: 48,
    inVideo: { bitrate: 700_000, packetLoss: 0.02, jitterMs: 9 },
    inAudio: { bitrate: 32_000, packetLoss: 0.05, jitterMs: 4 },
    outVideo: { bitrate: 900_000 },
    outAudio: null,
    candidatePair: {
      local: { type: 'relay', protocol: 'udp', relayProtocol: 'tls', address: '198.51.100.7', port: 5000 },
      remote: { type: 'srflx', protocol: 'udp', address: '203.0.113.9', port: 6000 },
      relayed: true,
    },
  });
  return {
    callId: 'call-1',
    seq: 3,
    t: 30_000.4,
    browser: { name: 'chrome', version: '131' },
    sample: current,
    quality: scoreQuality(current),
    abr: null,
    reconnect: null,
    totals: none,
    previousTotals: none,
    ...overrides,
  };
}

describe('buildCallReport', () => {
  it('sums bitrate per direction and takes the worse kind’s loss and jitter', () => {
    const report = buildCallReport(input());
    expect(report.inbound).toEqual({ bitrate: 732_000, packetLoss: 0.05, jitterMs: 9 });
    expect(report.outbound).toEqual({ bitrate: 900_000, packetLoss: 0, jitterMs: 2 });
    expect(report.rttMs).toBe(48);
    expect(report).toMatchObject({ kind: 'report', version: 1, callId: 'call-1', seq: 3, t: 30_000 });
  });

  it('carries quality level, score, MOS and reason codes', () => {
    const lossy = sample({ inVideo: { packetLoss: 0.12 } });
    const quality = scoreQuality(lossy);
    const report = buildCallReport(input({ sample: lossy, quality }));
    expect(report.quality).toEqual({
      level: quality.level,
      score: quality.score,
      mos: quality.mos,
      uplink: quality.uplink,
      downlink: quality.downlink,
      reasons: quality.reasons.map((reason) => reason.code),
    });
    expect(report.quality.reasons).toContain('packet-loss');
  });

  it('gives the route type and transports, never an address or port', () => {
    const report = buildCallReport(input());
    expect(report.route).toEqual({ type: 'relay', protocol: 'udp', relayProtocol: 'tls' });
    expect(JSON.stringify(report)).not.toMatch(/198\.51|203\.0|5000|6000/);
  });

  it('reports freezes since the previous report from the running totals', () => {
    const report = buildCallReport(
      input({
        previousTotals: { ...none, freezeCount: 2, freezeMs: 900 },
        totals: { ...none, freezeCount: 5, freezeMs: 2400.4 },
      }),
    );
    expect(report.freezes).toEqual({ count: 3, durationMs: 1500 });
  });

  it('adds the rung and the reconnect state only when those units are given', () => {
    expect(buildCallReport(input())).toMatchObject({ abr: null, reconnect: null });
    const report = buildCallReport(
      input({
        abr: { ...IDLE_ABR_SNAPSHOT, rung: IDLE_ABR_SNAPSHOT.ladder[1]!, reason: 'loss' },
        reconnect: {
          state: 'reconnecting',
          reason: 'disconnected',
          attempt: 2,
          nextRetryInMs: 1000,
          action: 'ice-restart',
          lostAt: 0,
          iceRestarts: 1,
          rebuilds: 0,
          videoReattaches: 0,
          online: true,
          signaling: null,
          error: null,
        },
        totals: { ...none, losses: 3, byReason: { disconnected: 2, failed: 1 } },
      }),
    );
    expect(report.abr).toEqual({ rung: IDLE_ABR_SNAPSHOT.ladder[1]!.id, reason: 'loss' });
    expect(report.reconnect).toEqual({
      state: 'reconnecting',
      attempt: 2,
      reason: 'disconnected',
      losses: 3,
      byReason: { disconnected: 2, failed: 1 },
    });
  });

  it('says null, not zero, for what is not known before the first sample', () => {
    const report = buildCallReport(input({ sample: null, quality: scoreQuality(null) }));
    expect(report).toMatchObject({
      connectionState: null,
      inbound: { bitrate: null, packetLoss: null, jitterMs: null },
      rttMs: null,
      route: { type: 'unknown', protocol: null, relayProtocol: null },
      quality: { level: 'unknown', score: null, mos: null },
    });
  });
});

describe('routeTypeOf', () => {
  it.each([
    ['host', 'host', false, 'host'],
    ['host', 'srflx', false, 'srflx'],
    ['prflx', 'host', false, 'srflx'],
    ['relay', 'host', true, 'relay'],
    ['host', 'relay', false, 'relay'],
    [undefined, 'host', false, 'unknown'],
  ] as const)('%s ↔ %s is %s', (local, remote, relayed, expected) => {
    expect(routeTypeOf({ local: { type: local }, remote: { type: remote }, relayed })).toBe(expected);
  });
});

describe('browserOf', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'chrome',
      '131',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.68',
      'edge',
      '130',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'firefox', '133'],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      'safari',
      '18',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1',
      'chrome',
      '131',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      'chrome',
      '156',
    ],
    ['curl/8.5.0', 'other', null],
  ])('%s', (userAgent, name, version) => {
    expect(browserOf(userAgent)).toEqual({ name, version });
  });
});
