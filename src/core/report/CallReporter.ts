import type { AdaptiveBitrateSnapshot } from '../abr/abrSnapshot';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { EngineUnit } from '../engineUnit';
import { ReportKitError } from './reportErrors';
import type { QualityMonitor } from '../quality/QualityMonitor';
import { UNKNOWN_QUALITY } from '../quality/unknownQuality';
import { sharedQualityMonitor } from '../quality/sharedQualityMonitor';
import type { ReconnectSnapshot } from '../reconnect/reconnectSnapshot';
import { sharedStatsCollector } from '../stats/sharedStatsCollector';
import type { StatsCollector } from '../stats/StatsCollector';
import type { StatsSample } from '../stats/types';
import { currentBrowser } from './browserInfo';
import { buildCallReport } from './buildCallReport';
import { sinkOf, type CallReportSink } from './callReportSink';
import {
  checkReportInterval,
  DEFAULT_REPORT_INTERVAL_MS,
  randomCallId,
  type CallReporterOptions,
  type CallReporterSnapshot,
  type CallReportSource,
} from './callReporterOptions';
import {
  CALL_REPORT_VERSION,
  type BrowserInfo,
  type CallEndReason,
  type CallReportMessage,
  type CallSummary,
} from './callReportTypes';
import { CallSummaryAccumulator, type SummaryTotals } from './CallSummaryAccumulator';
import { isStore, watch, type Observed } from './observed';
import { redact } from './redact';
import { SupportDump } from './SupportDump';

/** What the reporter reads while it follows one connection. */
interface Attached {
  readonly pc: RTCPeerConnection;
  readonly collector: StatsCollector;
  readonly quality: QualityMonitor;
  readonly stop: () => void;
}

/**
 * Reports one call: a compact {@link CallReport} every `intervalMs` (quality, MOS, bitrate, loss,
 * RTT, jitter, freezes, ABR rung, reconnects, route type, browser) and a {@link CallSummary} at the
 * end, to a sink, redacted. It reads the engine units already watching the call — the shared stats
 * collector and quality monitor of the connection, and the adaptive bitrate and reconnect units you
 * pass — so it adds no `getStats()` of its own. A session is followed to each new connection.
 *
 * It reports while subscribed: the first subscriber starts the call, the last one leaving ends it
 * (a microtask later, so React StrictMode's unsubscribe → subscribe does not), and so do `end()`
 * and the session closing. On `pagehide` it sends the summary so far and flushes the sink. Memory
 * stays the same however long the call: aggregates, and ring buffers for the support dump.
 *
 * @example
 * ```ts
 * const reporter = new CallReporter(session, { sink: fetchSink('/api/call-reports'), reconnect: reconnector });
 * const stop = reporter.subscribe(() => console.log(reporter.getSnapshot().latest?.quality.mos));
 * // … when the call is over:
 * reporter.end(); // the summary goes to the sink
 * stop();
 * ```
 */
export class CallReporter extends EngineUnit<CallReporterSnapshot> {
  readonly #source: CallReportSource;
  readonly #clock: Clock;
  #options: CallReporterOptions;
  #intervalMs: number;
  #sink: CallReportSink | null;
  readonly #dump: SupportDump | null;
  #browser: BrowserInfo | null = null;
  #startedAt = 0;
  #summary: CallSummaryAccumulator | null = null;
  #previousTotals: SummaryTotals | null = null;
  #seq = 0;
  #timer: TimerHandle | undefined;
  #attached: Attached | null = null;
  #lastSample: StatsSample | null = null;
  #abr: AdaptiveBitrateSnapshot | null = null;
  #reconnect: ReconnectSnapshot | null = null;
  #stops: (() => void)[] = [];
  #stopAbr: () => void = () => {};
  #stopReconnect: () => void = () => {};

  constructor(source: CallReportSource, options: CallReporterOptions = {}) {
    const clock = options.clock ?? systemClock;
    super(
      { state: 'idle', callId: options.callId ?? randomCallId(clock.random), latest: null, summary: null, reports: 0 },
      { deferInactive: true, onActive: () => this.#start(), onInactive: () => this.end('unsubscribed') },
    );
    this.#source = source;
    this.#clock = clock;
    this.#options = options;
    this.#intervalMs = checkReportInterval(options.intervalMs ?? DEFAULT_REPORT_INTERVAL_MS);
    this.#sink = options.sink ? sinkOf(options.sink) : null;
    this.#dump =
      options.supportDump === false ? null : new SupportDump({ ...options.supportDump, redact: this.#redacts });
  }

  /**
   * Takes new options: `sink`, `intervalMs` (from the next report), `abr`, `reconnect`, `onError`
   * (the rest are read once, at construction or start).
   */
  setOptions(options: CallReporterOptions): void {
    const before = this.#options;
    this.#options = options;
    if (options.intervalMs !== before.intervalMs) {
      this.#intervalMs = checkReportInterval(options.intervalMs ?? DEFAULT_REPORT_INTERVAL_MS);
      if (this.#timer !== undefined) this.#schedule();
    }
    if (options.sink !== before.sink) this.#sink = options.sink ? sinkOf(options.sink) : null;
    if (this.getSnapshot().state !== 'reporting') return;
    if (options.abr !== before.abr) this.#watchAbr(before.abr);
    if (options.reconnect !== before.reconnect) this.#watchReconnect(before.reconnect);
  }

  /**
   * Ends the call: the final summary goes to the snapshot and the sink, and the sink is flushed.
   * Returns the summary (`null` if reporting never started). Later calls return the same summary.
   */
  end(reason: CallEndReason = 'ended'): CallSummary | null {
    const snapshot = this.getSnapshot();
    if (snapshot.state !== 'reporting') return snapshot.summary;
    const summary = this.#summaryNow(reason);
    this.#teardown();
    this.store.set({ ...snapshot, state: 'ended', summary });
    this.#deliver(summary);
    this.#flushSink('end');
    return summary;
  }

  /** The support dump so far as JSON Lines: raw redacted stats over the last minutes, and the reports. */
  supportDump(): string {
    const header = { callId: this.getSnapshot().callId, browser: this.#browserInfo(), t: this.#t() };
    return (this.#dump ?? new SupportDump({ maxStats: 1, maxMessages: 1 })).toJsonLines(header);
  }

  get #redacts(): boolean {
    return this.#options.redact ?? true;
  }

  #browserInfo(): BrowserInfo {
    return (this.#browser ??= this.#options.browser ?? currentBrowser());
  }

  #t(): number {
    return this.#summary ? Math.round(this.#clock.now() - this.#startedAt) : 0;
  }

  // ——— lifecycle ———

  #start(): void {
    if (this.getSnapshot().state !== 'idle') return;
    this.#startedAt = this.#clock.now();
    this.#browserInfo();
    this.#summary = new CallSummaryAccumulator(this.#startedAt);
    this.#previousTotals = this.#summary.totals();
    this.store.update({ state: 'reporting' });
    const source = this.#source;
    if (isSession(source)) {
      this.#stops.push(source.subscribe(() => this.#onSession()));
      this.#onSession();
    } else {
      this.#follow(source);
    }
    if (this.getSnapshot().state !== 'reporting') return; // the session was closed already
    this.#watchAbr(undefined);
    this.#watchReconnect(undefined);
    const page = this.#options.pageEvents === undefined ? globalThis.window : this.#options.pageEvents;
    if (page) {
      const onPageHide = () => this.#onPageHide();
      page.addEventListener('pagehide', onPageHide);
      this.#stops.push(() => page.removeEventListener('pagehide', onPageHide));
    }
    this.#schedule();
  }

  #teardown(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#follow(null);
    for (const stop of this.#stops) stop();
    this.#stops = [];
    this.#stopAbr();
    this.#stopReconnect();
  }

  #onSession(): void {
    const source = this.#source as Exclude<CallReportSource, RTCPeerConnection>;
    const { pc, closedBy } = source.getSnapshot();
    if (closedBy) this.end('closed');
    else this.#follow(pc);
  }

  /** Reads another connection's shared collector and monitor (or none), leaving the previous ones. */
  #follow(pc: RTCPeerConnection | null): void {
    if (pc === (this.#attached?.pc ?? null)) return;
    this.#attached?.stop();
    this.#attached = null;
    if (!pc) return;
    const options = this.#options;
    const collector = sharedStatsCollector(pc, {
      intervalMs: options.statsIntervalMs,
      registry: options.statsRegistry,
    });
    const quality = sharedQualityMonitor(collector, { registry: options.qualityRegistry });
    // The monitor first, so that it has scored a sample by the time the reporter hears of it.
    const stopQuality = quality.subscribe(() => {});
    const stopStats = collector.subscribe(() => this.#onStats());
    this.#attached = {
      pc,
      collector,
      quality,
      stop: () => {
        stopStats();
        stopQuality();
      },
    };
    this.#onStats();
  }

  #onStats(): void {
    const attached = this.#attached;
    const sample = attached?.collector.getSnapshot().latest ?? null;
    if (!attached || !sample || sample === this.#lastSample || !this.#summary) return;
    this.#lastSample = sample;
    this.#summary.observeSample(this.#clock.now(), sample, attached.quality.getSnapshot());
    const report = attached.collector.latestReport;
    if (report) this.#dump?.recordStats(this.#t(), report);
  }

  #watchAbr(before: Observed<AdaptiveBitrateSnapshot> | null | undefined): void {
    const next = this.#options.abr;
    if (!replacesWatch(before, next)) {
      if (next) this.#onAbr(next as AdaptiveBitrateSnapshot);
      return;
    }
    this.#stopAbr();
    this.#stopAbr = watch(next, (snapshot) => this.#onAbr(snapshot));
  }

  #onAbr(snapshot: AdaptiveBitrateSnapshot): void {
    this.#abr = snapshot;
    this.#summary?.observeAbr(this.#clock.now(), snapshot);
  }

  #watchReconnect(before: Observed<ReconnectSnapshot> | null | undefined): void {
    const next = this.#options.reconnect;
    if (!replacesWatch(before, next)) {
      if (next) this.#onReconnect(next as ReconnectSnapshot);
      return;
    }
    this.#stopReconnect();
    this.#stopReconnect = watch(next, (snapshot) => this.#onReconnect(snapshot));
  }

  #onReconnect(snapshot: ReconnectSnapshot): void {
    this.#reconnect = snapshot;
    this.#summary?.observeReconnect(this.#clock.now(), snapshot);
  }

  #onPageHide(): void {
    if (this.getSnapshot().state !== 'reporting') return;
    // The page may not come back (or may, from the back-forward cache): send what is known now.
    const summary = this.#summaryNow('pagehide');
    this.store.update({ summary });
    this.#deliver(summary);
    this.#flushSink('pagehide');
  }

  // ——— reports ———

  #schedule(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#tick();
    }, this.#intervalMs);
  }

  #tick(): void {
    if (!isSession(this.#source) && this.#source.connectionState === 'closed') {
      this.end('closed');
      return;
    }
    this.#report();
    this.#schedule();
  }

  #report(): void {
    const summary = this.#summary;
    if (!summary || !this.#previousTotals) return;
    const totals = summary.totals();
    const report = buildCallReport({
      callId: this.getSnapshot().callId,
      seq: ++this.#seq,
      t: this.#t(),
      browser: this.#browserInfo(),
      sample: this.#lastSample,
      quality: this.#attached?.quality.getSnapshot() ?? UNKNOWN_QUALITY,
      abr: this.#options.abr ? this.#abr : null,
      reconnect: this.#options.reconnect ? this.#reconnect : null,
      totals,
      previousTotals: this.#previousTotals,
    });
    this.#previousTotals = totals;
    const latest = this.#redacts ? redact(report) : report;
    this.store.update({ latest, summary: this.#summaryNow('in-progress'), reports: this.#seq });
    this.#deliver(latest);
  }

  #summaryNow(endReason: CallEndReason): CallSummary {
    const summary: CallSummary = {
      kind: 'summary',
      version: CALL_REPORT_VERSION,
      callId: this.getSnapshot().callId,
      browser: this.#browserInfo(),
      endReason,
      ...this.#summary!.summarize(this.#clock.now()),
    };
    return this.#redacts ? redact(summary) : summary;
  }

  /** Hands a message to the dump and the sink; a sink that throws does not stop the call's reports. */
  #deliver(message: CallReportMessage): void {
    if (message.kind === 'report' || message.endReason !== 'in-progress') this.#dump?.recordMessage(this.#t(), message);
    try {
      this.#sink?.send(message);
    } catch (cause) {
      this.#options.onError?.(new ReportKitError('report-delivery-failed', { cause, detail: 'The sink threw.' }));
    }
  }

  #flushSink(reason: 'end' | 'pagehide'): void {
    try {
      this.#sink?.flush?.(reason);
    } catch (cause) {
      this.#options.onError?.(new ReportKitError('report-delivery-failed', { cause, detail: 'The sink threw.' }));
    }
  }
}

function isSession(source: CallReportSource): source is Exclude<CallReportSource, RTCPeerConnection> {
  return isStore(source as Observed<unknown>);
}

/** Whether watching `next` needs a new subscription: a store came or went (a new snapshot value does not). */
function replacesWatch<T>(before: Observed<T> | null | undefined, next: Observed<T> | null | undefined): boolean {
  const storeOrNone = (source: Observed<T> | null | undefined) =>
    source == null ? null : isStore(source) ? source : 'value';
  return storeOrNone(before) !== storeOrNone(next) || storeOrNone(next) !== 'value';
}
