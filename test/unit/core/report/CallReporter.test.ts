import { describe, expect, it } from 'vitest';
import {
  CallReporter,
  createStore,
  IDLE_ABR_SNAPSHOT,
  SharedRegistry,
  sharedStatsCollector,
  type CallReporterOptions,
  type CallReportMessage,
  type CallSummary,
  type PeerClosedBy,
  type ReconnectSnapshot,
  type StatsCollectorRegistry,
  type StatsLike,
} from 'rtckit/core';
import { VirtualClock } from 'rtckit/testing';
import { IDLE_RECONNECT_SNAPSHOT } from '@src/core/reconnect/reconnectSnapshot';
import { receiverReports } from '../../../helpers/syntheticReports';

/** A connection whose own polling never answers: the test feeds its shared collector instead. */
function quietConnection(): RTCPeerConnection {
  return { connectionState: 'connected', getStats: () => new Promise(() => {}) } as unknown as RTCPeerConnection;
}

/** A reporter on a quiet connection, with the collector it reads and a script of reports to feed it. */
function setup(options: CallReporterOptions = {}, pc = quietConnection()) {
  const clock = new VirtualClock();
  const statsRegistry: StatsCollectorRegistry = new SharedRegistry();
  const messages: CallReportMessage[] = [];
  const page = new EventTarget();
  const all: CallReporterOptions = {
    clock,
    statsRegistry,
    qualityRegistry: new SharedRegistry(),
    browser: { name: 'chrome', version: '131' },
    pageEvents: page,
    sink: (message) => messages.push(message),
    callId: 'call-1',
    ...options,
  };
  const reporter = new CallReporter(pc, all);
  const collector = sharedStatsCollector(pc, { registry: statsRegistry });
  const script = receiverReports();
  let call = 0;
  /** One stats tick a second, on the virtual clock, for `seconds`. */
  const run = (seconds: number, withAddress = false) => {
    for (let i = 0; i < seconds; i++) {
      const stats: StatsLike[] = script(call++);
      if (withAddress)
        stats.push({ id: 'L9', type: 'local-candidate', timestamp: 0, address: '192.0.2.44', port: 54_321 });
      collector.ingest(new Map(stats.map((s) => [s.id, s])), 'connected');
      clock.advance(1000);
    }
  };
  return { clock, reporter, messages, run, page, collector, options: all };
}

const reportsIn = (messages: CallReportMessage[]) => messages.filter((m) => m.kind === 'report');
const summariesIn = (messages: CallReportMessage[]) => messages.filter((m): m is CallSummary => m.kind === 'summary');

describe('CallReporter', () => {
  it('starts nothing until subscribed', () => {
    const { reporter, clock, messages } = setup();
    clock.advance(60_000);
    expect(messages).toEqual([]);
    expect(reporter.getSnapshot().state).toBe('idle');
  });

  it('sends a report every intervalMs from the shared collector and quality monitor', () => {
    const { reporter, messages, run } = setup({ intervalMs: 5000 });
    const stop = reporter.subscribe(() => {});
    run(16);
    const reports = reportsIn(messages);
    expect(reports.map((r) => [r.seq, r.t])).toEqual([
      [1, 5000],
      [2, 10_000],
      [3, 15_000],
    ]);
    expect(reports[2]).toMatchObject({
      callId: 'call-1',
      browser: { name: 'chrome', version: '131' },
      connectionState: 'connected',
      inbound: { bitrate: 800_000, packetLoss: 0 },
      route: { type: 'srflx', protocol: 'udp' },
      quality: { level: 'excellent' },
    });
    expect(reporter.getSnapshot()).toMatchObject({ state: 'reporting', reports: 3, latest: reports[2] });
    expect(reporter.getSnapshot().summary).toMatchObject({ endReason: 'in-progress', durationMs: 15_000 });
    stop();
  });

  it('ends a microtask after the last subscriber leaves, not when one comes straight back (StrictMode)', async () => {
    const { reporter, messages, run } = setup();
    reporter.subscribe(() => {})();
    const stop = reporter.subscribe(() => {});
    await Promise.resolve();
    expect(reporter.getSnapshot().state).toBe('reporting');
    run(3);
    stop();
    await Promise.resolve();
    const [summary] = summariesIn(messages);
    expect(summary).toMatchObject({ endReason: 'unsubscribed', durationMs: 3000, samples: 2 });
    expect(summary!.timeToFirstFrameMs).toBe(1000); // the first tick is the baseline; the second decodes
    expect(reporter.getSnapshot()).toMatchObject({ state: 'ended', summary });
  });

  it('end() sends the summary once and stops reporting', () => {
    const { reporter, messages, run, clock } = setup({ intervalMs: 2000 });
    reporter.subscribe(() => {});
    run(4);
    const summary = reporter.end();
    expect(reporter.end()).toBe(summary);
    clock.advance(60_000);
    expect(reportsIn(messages)).toHaveLength(2);
    expect(summariesIn(messages)).toEqual([summary]);
    expect(summary).toMatchObject({ endReason: 'ended', timeInLevelMs: { excellent: 3000 } });
  });

  it('measures reconnects from a Reconnector-like store, and puts them in reports and the summary', () => {
    const reconnect = createStore<ReconnectSnapshot>({ ...IDLE_RECONNECT_SNAPSHOT, state: 'connected' });
    const { reporter, messages, run } = setup({ reconnect, intervalMs: 3000 });
    reporter.subscribe(() => {});
    run(2);
    reconnect.update({ state: 'reconnecting', reason: 'disconnected', attempt: 1 });
    run(2);
    reconnect.update({ attempt: 2 });
    run(2);
    reconnect.update({ state: 'connected', reason: null, attempt: 0 });
    run(1);
    const summary = reporter.end()!;
    expect(reportsIn(messages)[0]!.reconnect).toEqual({
      state: 'reconnecting',
      attempt: 1,
      reason: 'disconnected',
      losses: 1,
      byReason: { disconnected: 1 },
    });
    expect(summary.reconnects).toMatchObject({
      count: 1,
      totalMs: 4000,
      recent: [{ reason: 'disconnected', t: 2000, durationMs: 4000, recovered: true, attempts: 2 }],
    });
  });

  it('takes an ABR snapshot value pushed with setOptions (what useAdaptiveBitrate returns)', () => {
    const ladder = IDLE_ABR_SNAPSHOT.ladder;
    const top = { ...IDLE_ABR_SNAPSHOT, rung: ladder[0]!, reason: 'initial' as const };
    const { reporter, messages, run, options } = setup({ intervalMs: 2000, abr: top });
    reporter.subscribe(() => {});
    reporter.setOptions({ ...options, abr: { ...top } }); // a new render, the same rung
    run(2);
    reporter.setOptions({ ...options, abr: { ...IDLE_ABR_SNAPSHOT, rung: ladder[1]!, reason: 'loss' } });
    run(3);
    const summary = reporter.end()!;
    expect(reportsIn(messages).map((r) => r.abr)).toEqual([
      { rung: ladder[0]!.id, reason: 'initial' },
      { rung: ladder[1]!.id, reason: 'loss' },
    ]);
    expect(summary.timeInRungMs).toEqual({ [ladder[0]!.id]: 2000, [ladder[1]!.id]: 3000 });
  });

  it('follows a session to its new connection and ends when the session is closed', () => {
    const first = quietConnection();
    const session = createStore<{ pc: RTCPeerConnection | null; closedBy: PeerClosedBy | null }>({
      pc: first,
      closedBy: null,
    });
    const clock = new VirtualClock();
    const statsRegistry: StatsCollectorRegistry = new SharedRegistry();
    const messages: CallReportMessage[] = [];
    const reporter = new CallReporter(session, {
      clock,
      statsRegistry,
      pageEvents: null,
      sink: (m) => messages.push(m),
    });
    reporter.subscribe(() => {});
    const feed = (pc: RTCPeerConnection, seconds: number) => {
      const collector = sharedStatsCollector(pc, { registry: statsRegistry });
      const script = receiverReports();
      for (let i = 0; i < seconds; i++) {
        collector.ingest(new Map(script(i).map((s) => [s.id, s])), 'connected');
        clock.advance(1000);
      }
    };
    feed(first, 3);
    const second = quietConnection();
    session.update({ pc: second });
    feed(second, 3);
    feed(first, 3); // the old connection's collector: no longer read
    session.update({ closedBy: 'remote' });
    expect(summariesIn(messages)).toEqual([
      expect.objectContaining({ endReason: 'closed', samples: 4, durationMs: 9000 }),
    ]);
  });

  it('on pagehide sends the summary so far and flushes the sink, and goes on reporting', () => {
    const flushes: string[] = [];
    const messages: CallReportMessage[] = [];
    const { reporter, run, page } = setup({
      intervalMs: 2000,
      sink: { send: (m) => messages.push(m), flush: (reason) => flushes.push(reason) },
    });
    reporter.subscribe(() => {});
    run(3);
    page.dispatchEvent(new Event('pagehide'));
    expect(summariesIn(messages)).toEqual([expect.objectContaining({ endReason: 'pagehide', durationMs: 3000 })]);
    expect(flushes).toEqual(['pagehide']);
    run(2);
    expect(reporter.getSnapshot().state).toBe('reporting');
    expect(reportsIn(messages)).toHaveLength(2);
  });

  it('redacts what it sends and keeps the support dump’s raw stats redacted, unless told otherwise', () => {
    const { reporter, run } = setup({ callId: 'from 10.1.2.3' });
    reporter.subscribe(() => {});
    run(12, true);
    expect(JSON.stringify(reporter.getSnapshot().latest)).not.toContain('10.1.2.3');
    const dump = reporter.supportDump();
    const lines = dump
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines[0]).toMatchObject({ type: 'header', format: 'rtckit-support-dump' });
    // Every tick that made a sample (the first only sets the baseline).
    expect(lines.filter((l) => l.type === 'stats')).toHaveLength(11);
    expect(lines.filter((l) => l.type === 'report')).toHaveLength(1);
    expect(dump).toContain('"type":"local-candidate"');
    expect(dump).not.toContain('192.0.2.44');
    expect(dump).not.toContain('54321');

    const kept = setup({ redact: false });
    kept.reporter.subscribe(() => {});
    kept.run(2, true);
    expect(kept.reporter.supportDump()).toContain('192.0.2.44');
  });

  it('keeps the support dump bounded over a long call', () => {
    const { reporter, run } = setup({ intervalMs: 1000, supportDump: { maxStats: 5, maxMessages: 3 } });
    reporter.subscribe(() => {});
    run(50);
    const lines = reporter.supportDump().trim().split('\n');
    expect(lines).toHaveLength(1 + 5 + 3);
  });

  it('refuses a report interval under a second', () => {
    expect(() => setup({ intervalMs: 500 })).toThrow(expect.objectContaining({ code: 'invalid-report-option' }));
  });

  it('goes on reporting when the sink throws, and says so', () => {
    const errors: unknown[] = [];
    const { reporter, run } = setup({
      intervalMs: 1000,
      sink: () => {
        throw new Error('full');
      },
      onError: (error) => errors.push(error),
    });
    reporter.subscribe(() => {});
    run(3);
    expect(reporter.getSnapshot().reports).toBe(3);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'report-delivery-failed' }),
      expect.objectContaining({ code: 'report-delivery-failed' }),
      expect.objectContaining({ code: 'report-delivery-failed' }),
    ]);
  });
});
