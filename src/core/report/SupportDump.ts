import { systemClock } from '../clock';
import { ReportKitError } from './reportErrors';
import type { StatsReportLike } from '../stats/readStats';
import { SampleHistory } from '../stats/SampleHistory';
import type { BrowserInfo, CallReportMessage } from './callReportTypes';
import { redact } from './redact';

/** Options for {@link SupportDump}. */
export interface SupportDumpOptions {
  /** Raw stats reports kept (the newest). Default 120: two minutes at one per second. */
  readonly maxStats?: number;
  /** Reports and summaries kept (the newest). Default 360: an hour at one per 10 s. */
  readonly maxMessages?: number;
  /** Redact addresses and candidate details. Default `true`. */
  readonly redact?: boolean;
}

/** What heads a dump: the call, the browser and when it was written. */
export interface SupportDumpHeader {
  readonly callId: string;
  readonly browser: BrowserInfo;
  /** Milliseconds since reporting started. */
  readonly t: number;
}

interface StatsEntry {
  readonly t: number;
  readonly stats: readonly object[];
}

/**
 * What a support ticket needs from a call, like `chrome://webrtc-internals` in a file: the raw
 * `getStats()` reports over the last minutes (every stats object, redacted), and the call's reports
 * and summaries. Both are ring buffers, so memory stays the same however long the call. Written as
 * JSON Lines: a header line, then one line per stats report or message, in time order.
 *
 * @example
 * ```ts
 * const dump = new SupportDump({ maxStats: 300 });
 * dump.recordStats(1000, await pc.getStats());
 * const text = dump.toJsonLines({ callId: 'c1', browser: currentBrowser(), t: 1000 });
 * ```
 */
export class SupportDump {
  readonly #stats: SampleHistory<StatsEntry>;
  readonly #messages: SampleHistory<CallReportMessage & { readonly at: number }>;
  readonly #redact: boolean;

  constructor(options: SupportDumpOptions = {}) {
    this.#stats = new SampleHistory(options.maxStats ?? 120);
    this.#messages = new SampleHistory(options.maxMessages ?? 360);
    this.#redact = options.redact ?? true;
  }

  /** Copies every stats object of `report` (redacted), taken `t` ms into the call. */
  recordStats(t: number, report: StatsReportLike): void {
    const stats: object[] = [];
    report.forEach((entry) => stats.push(this.#redact ? redact(entry) : { ...entry }));
    this.#stats.push({ t, stats });
  }

  /** Keeps a report or summary (already redacted by the reporter when it redacts), made `t` ms into the call. */
  recordMessage(t: number, message: CallReportMessage): void {
    this.#messages.push({ ...message, at: t });
  }

  /** The dump as JSON Lines: the header, then stats and messages in time order. */
  toJsonLines(header: SupportDumpHeader): string {
    const lines: { readonly t: number; readonly line: object }[] = [
      ...this.#stats.toArray().map((entry) => ({ t: entry.t, line: { type: 'stats', ...entry } })),
      ...this.#messages
        .toArray()
        .map(({ at, ...message }) => ({ t: at, line: { type: message.kind, t: at, message } })),
    ];
    lines.sort((a, b) => a.t - b.t);
    const head = { type: 'header', format: 'rtckit-support-dump', version: 1, ...header };
    return [head, ...lines.map((entry) => entry.line)].map((line) => JSON.stringify(line)).join('\n') + '\n';
  }
}

/** The part of `document` {@link downloadSupportDump} uses. */
export interface DownloadTarget {
  createElement(tag: 'a'): HTMLAnchorElement;
  readonly body: HTMLElement | null;
}

/**
 * Saves `text` (a support dump's JSON Lines) as a file through the browser's download, from a user
 * action. Throws `support-dump-unavailable` where there is no document (server rendering, Node).
 *
 * @example
 * ```tsx
 * <button onClick={() => downloadSupportDump(reporter.supportDump(), 'call.jsonl')}>Download support dump</button>
 * ```
 */
export function downloadSupportDump(
  text: string,
  filename = 'rtckit-support-dump.jsonl',
  target: DownloadTarget | undefined = globalThis.document,
): void {
  const urls = globalThis.URL as typeof URL | undefined;
  if (!target?.body || typeof urls?.createObjectURL !== 'function') {
    throw new ReportKitError('support-dump-unavailable', { detail: 'There is no document to download from.' });
  }
  const url = urls.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = target.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  target.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked a moment later: some browsers read the object URL after click() returns.
    systemClock.setTimeout(() => urls.revokeObjectURL(url), 1000);
  }
}
