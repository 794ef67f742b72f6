import { exponentialBackoff, type RetryPolicy } from '../backoff';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import type { RtcKitError } from '../errors';
import { ReportKitError } from './reportErrors';
import { BoundedQueue } from './BoundedQueue';
import type { CallReportSink, SinkFlushReason } from './callReportSink';
import type { CallReportMessage } from './callReportTypes';

/** Options shared by {@link fetchSink} and {@link beaconSink}. */
export interface HttpSinkOptions {
  /** Messages per request; a full batch goes at once. Default 10. */
  readonly batchSize?: number;
  /** The longest a message waits for its batch to fill, ms. Default 5000. */
  readonly flushIntervalMs?: number;
  /** Messages held at most while the URL cannot be reached; past it the oldest go (counted in `dropped`). Default 200. */
  readonly maxQueue?: number;
  /**
   * When to retry a batch that failed (network error, 408, 429, 5xx), or `null` to give up on it.
   * Default `exponentialBackoff({ initialMs: 1000, maxMs: 30_000, maxAttempts: 6 })`.
   */
  readonly nextRetryDelayMs?: RetryPolicy;
  readonly clock?: Clock;
  /** Called with `report-delivery-failed` when a batch is given up or refused. */
  readonly onError?: (error: RtcKitError) => void;
}

/** Options for {@link fetchSink}. */
export interface FetchSinkOptions extends HttpSinkOptions {
  /** Sent with every request (e.g. `authorization`); a page-hide flush then goes by `keepalive` fetch, as a beacon cannot carry headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default the global `fetch`, looked up when sending. */
  readonly fetch?: typeof globalThis.fetch;
  /** Default `navigator.sendBeacon`, looked up when the page hides. */
  readonly sendBeacon?: (url: string, data: string) => boolean;
}

/** Options for {@link beaconSink}. */
export interface BeaconSinkOptions extends HttpSinkOptions {
  /**
   * A join token for `createReportIngest`, sent in the body (`{ "token": …, "messages": [...] }`),
   * as a beacon cannot set an `Authorization` header. A function is called for each batch.
   */
  readonly token?: string | (() => string);
  /** Default `navigator.sendBeacon`, looked up when sending. */
  readonly sendBeacon?: (url: string, data: string) => boolean;
}

/** What an HTTP sink did so far. */
export interface HttpSinkCounts {
  /** Messages waiting to be sent. */
  readonly queued: number;
  readonly sent: number;
  /** Dropped to keep the queue bounded (oldest first). */
  readonly dropped: number;
  /** Given up after retries, or refused by the server (a 4xx other than 408 and 429). */
  readonly failed: number;
}

/** A sink that posts batches of messages to a URL as `{ "messages": [...] }` (and a beacon's `token`). */
export interface HttpSink extends CallReportSink {
  readonly counts: HttpSinkCounts;
  flush(reason: SinkFlushReason): void;
}

type Outcome = 'sent' | 'retry' | 'refused';
type Transport = (body: string) => Promise<Outcome>;

/**
 * Posts call reports to `url` with `fetch`: batched, retried with backoff, the queue bounded, and
 * what is left sent by `sendBeacon` when the page hides. Creating it touches no browser API.
 * Make it once (outside render, or in `useState`), not on every render: the queue lives in it.
 *
 * @example
 * ```ts
 * const sink = fetchSink('/api/call-reports', { headers: { authorization: `Bearer ${token}` } });
 * new CallReporter(session, { sink });
 * ```
 */
export function fetchSink(url: string, options: FetchSinkOptions = {}): HttpSink {
  const { headers } = options;
  const post = (body: string, keepalive: boolean) =>
    (options.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      keepalive,
    });
  const transport: Transport = async (body) => outcomeOf(await post(body, true));
  const onPageHide = (body: string) => {
    if (!headers) return beacon(url, options.sendBeacon)(body);
    void post(body, true).catch(() => {});
    return true;
  };
  return new BatchingSink(transport, onPageHide, options);
}

/**
 * Posts call reports to `url` with `navigator.sendBeacon` (no headers, no response: a refused
 * beacon is retried with backoff): batched, the queue bounded, and what is left sent when the page
 * hides. Creating it touches no browser API. The join token, if the server wants one, goes in the
 * body (`token`).
 *
 * @example
 * ```ts
 * const sink = beaconSink('https://metrics.example.com/call-reports', { token: joinToken });
 * useCallReport(peer, { sink });
 * ```
 */
export function beaconSink(url: string, options: BeaconSinkOptions = {}): HttpSink {
  const send = beacon(url, options.sendBeacon);
  const { token } = options;
  const encode =
    token === undefined
      ? bodyOf
      : (messages: readonly CallReportMessage[]) =>
          JSON.stringify({ token: typeof token === 'function' ? token() : token, messages });
  return new BatchingSink((body) => Promise.resolve(send(body) ? 'sent' : 'retry'), send, options, encode);
}

function beacon(url: string, sendBeacon: BeaconSinkOptions['sendBeacon']): (body: string) => boolean {
  return (body) => {
    const navigator = globalThis.navigator as Navigator | undefined;
    // A string goes as text/plain, which needs no CORS preflight (a JSON Blob would).
    if (sendBeacon) return sendBeacon(url, body);
    return typeof navigator?.sendBeacon === 'function' ? navigator.sendBeacon(url, body) : false;
  };
}

function outcomeOf(response: Response): Outcome {
  if (response.ok) return 'sent';
  const { status } = response;
  return status === 408 || status === 429 || status >= 500 ? 'retry' : 'refused';
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ReportKitError('invalid-report-option', { detail: `${name} must be a positive integer, got ${value}.` });
  }
  return value;
}

class BatchingSink implements HttpSink {
  readonly #transport: Transport;
  readonly #onPageHide: (body: string) => boolean;
  readonly #clock: Clock;
  readonly #policy: RetryPolicy;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #onError: ((error: RtcKitError) => void) | undefined;
  readonly #queue: BoundedQueue<CallReportMessage>;
  readonly #encode: (messages: readonly CallReportMessage[]) => string;
  #timer: TimerHandle | undefined;
  #inFlight = false;
  #drainQueued = false;
  /** Waiting for a retry: new messages join the queue but do not jump the backoff. */
  #backingOff = false;
  /** Flushing at the end of a call: send what is left even in part-filled batches. */
  #emptying = false;
  #attempt = 0;
  #failingSince = 0;
  #sent = 0;
  #failed = 0;

  constructor(
    transport: Transport,
    onPageHide: (body: string) => boolean,
    options: HttpSinkOptions,
    encode: (messages: readonly CallReportMessage[]) => string = bodyOf,
  ) {
    this.#transport = transport;
    this.#encode = encode;
    this.#onPageHide = onPageHide;
    this.#clock = options.clock ?? systemClock;
    this.#policy = options.nextRetryDelayMs ?? exponentialBackoff({ initialMs: 1000, maxMs: 30_000, maxAttempts: 6 });
    this.#batchSize = positiveInteger('batchSize', options.batchSize ?? 10);
    this.#flushIntervalMs = positiveInteger('flushIntervalMs', options.flushIntervalMs ?? 5000);
    this.#queue = new BoundedQueue(positiveInteger('maxQueue', options.maxQueue ?? 200));
    this.#onError = options.onError;
  }

  get counts(): HttpSinkCounts {
    return { queued: this.#queue.size, sent: this.#sent, dropped: this.#queue.dropped, failed: this.#failed };
  }

  send(message: CallReportMessage): void {
    this.#queue.push(message);
    if (this.#inFlight || this.#backingOff) return;
    if (this.#queue.size >= this.#batchSize) this.#drainSoon();
    else this.#timer ??= this.#clock.setTimeout(() => void this.#drain(), this.#flushIntervalMs);
  }

  /**
   * A full batch goes at the end of the current task, not inside `send`: the reporter sends its
   * page-hide summary and then flushes with `'pagehide'` in one task, and a summary that filled a
   * batch must go with the rest by the page-hide transport, not start a fetch of its own first.
   */
  #drainSoon(): void {
    if (this.#drainQueued) return;
    this.#drainQueued = true;
    queueMicrotask(() => {
      this.#drainQueued = false;
      if (!this.#inFlight && !this.#backingOff) void this.#drain();
    });
  }

  flush(reason: SinkFlushReason): void {
    if (reason === 'pagehide') {
      this.#cancelTimer();
      // Synchronous: the page may be gone before a promise settles. What a beacon refuses stays queued.
      const kept: CallReportMessage[] = [];
      for (let batch = this.#queue.take(this.#batchSize); batch.length > 0; batch = this.#queue.take(this.#batchSize)) {
        if (this.#onPageHide(this.#encode(batch))) this.#sent += batch.length;
        else kept.push(...batch);
      }
      this.#queue.putBack(kept);
      return;
    }
    this.#emptying = true;
    if (!this.#inFlight && !this.#backingOff) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#cancelTimer();
    this.#backingOff = false;
    const batch = this.#queue.take(this.#batchSize);
    if (batch.length === 0) {
      this.#emptying = false;
      return;
    }
    this.#inFlight = true;
    const outcome = await this.#transport(this.#encode(batch)).catch((): Outcome => 'retry');
    this.#inFlight = false;
    if (outcome === 'retry') return this.#retry(batch);
    this.#attempt = 0;
    if (outcome === 'sent') this.#sent += batch.length;
    else this.#giveUp(batch, 'the server refused the batch');
    this.#next();
  }

  #retry(batch: CallReportMessage[]): void {
    this.#attempt++;
    if (this.#attempt === 1) this.#failingSince = this.#clock.now();
    const delay = this.#policy({
      attempt: this.#attempt,
      elapsedMs: this.#clock.now() - this.#failingSince,
      random: this.#clock.random(),
    });
    if (delay === null) {
      this.#attempt = 0;
      this.#giveUp(batch, 'the retries ran out');
      this.#next();
      return;
    }
    this.#queue.putBack(batch);
    this.#backingOff = true;
    this.#timer = this.#clock.setTimeout(() => void this.#drain(), delay);
  }

  /** After a batch is settled: the next one now if due, else when the interval is up. */
  #next(): void {
    if (this.#queue.size === 0) this.#emptying = false;
    else if (this.#emptying || this.#queue.size >= this.#batchSize) void this.#drain();
    else this.#timer = this.#clock.setTimeout(() => void this.#drain(), this.#flushIntervalMs);
  }

  #giveUp(batch: readonly CallReportMessage[], why: string): void {
    this.#failed += batch.length;
    this.#onError?.(new ReportKitError('report-delivery-failed', { detail: `${batch.length} messages: ${why}.` }));
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

const bodyOf = (messages: readonly CallReportMessage[]) => JSON.stringify({ messages });
