import { describe, expect, it } from 'vitest';
import {
  beaconSink,
  CALL_REPORT_VERSION,
  exponentialBackoff,
  fetchSink,
  isRtcKitError,
  type CallReport,
  type CallReportMessage,
  type RtcKitError,
} from 'rtckit/core';
import { VirtualClock } from 'rtckit/testing';

const report = (seq: number): CallReport =>
  ({ kind: 'report', version: CALL_REPORT_VERSION, callId: 'c', seq }) as unknown as CallReport;

const seqs = (body: string) =>
  (JSON.parse(body) as { messages: CallReportMessage[] }).messages.map((m) => (m as CallReport).seq);

/** A fetch that records each request and answers with the next status (the last repeats); 0 = network error. */
function fakeFetch(statuses: number[]) {
  const requests: { body: string; init: RequestInit }[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    requests.push({ body: init.body as string, init });
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    if (status === 0) throw new TypeError('Failed to fetch');
    return new Response(null, { status });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

/** A sendBeacon that records each body and accepts it. */
function fakeBeacon() {
  const beacons: string[] = [];
  const sendBeacon = (_url: string, body: string) => (beacons.push(body), true);
  return { sendBeacon, beacons };
}

/** Lets the sink's awaited fetch settle. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('fetchSink', () => {
  it('sends a full batch at once and a part-filled one when the flush interval is up', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([200]);
    const sink = fetchSink('/reports', { fetch, clock, batchSize: 3, flushIntervalMs: 5000 });
    [1, 2, 3, 4].forEach((seq) => sink.send(report(seq)));
    await settle();
    expect(requests.map((r) => seqs(r.body))).toEqual([[1, 2, 3]]);
    clock.advance(4999);
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(requests.map((r) => seqs(r.body))).toEqual([[1, 2, 3], [4]]);
    expect(sink.counts).toEqual({ queued: 0, sent: 4, dropped: 0, failed: 0 });
    expect(requests[0]!.init).toMatchObject({ method: 'POST', keepalive: true });
  });

  it('retries a failed batch after the backoff policy’s delays, then sends it', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([0, 503, 200]);
    const contexts: { attempt: number; elapsedMs: number }[] = [];
    const sink = fetchSink('/reports', {
      fetch,
      clock,
      batchSize: 1,
      nextRetryDelayMs: (context) => {
        contexts.push({ attempt: context.attempt, elapsedMs: context.elapsedMs });
        return 1000 * context.attempt;
      },
    });
    sink.send(report(1));
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(999);
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(requests).toHaveLength(2); // 503: retried again, 2 s later
    clock.advance(2000);
    await settle();
    expect(requests.map((r) => seqs(r.body))).toEqual([[1], [1], [1]]);
    expect(contexts).toEqual([
      { attempt: 1, elapsedMs: 0 },
      { attempt: 2, elapsedMs: 1000 },
    ]);
    expect(sink.counts).toMatchObject({ sent: 1, failed: 0 });
  });

  it('gives a batch up when the policy says so, counts it and reports report-delivery-failed', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([0]);
    const errors: RtcKitError[] = [];
    const sink = fetchSink('/reports', {
      fetch,
      clock,
      batchSize: 2,
      nextRetryDelayMs: exponentialBackoff({ initialMs: 100, maxAttempts: 2, jitter: 0 }),
      onError: (error) => errors.push(error),
    });
    sink.send(report(1));
    sink.send(report(2));
    for (let i = 0; i < 5; i++) {
      await settle();
      clock.advance(1000);
    }
    expect(requests).toHaveLength(3); // the first try and two retries
    expect(sink.counts).toEqual({ queued: 0, sent: 0, dropped: 0, failed: 2 });
    expect(errors).toHaveLength(1);
    expect(isRtcKitError(errors[0], 'report-delivery-failed')).toBe(true);
  });

  it('does not retry a batch the server refuses (400)', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([400]);
    const sink = fetchSink('/reports', { fetch, clock, batchSize: 1 });
    sink.send(report(1));
    await settle();
    clock.advance(60_000);
    await settle();
    expect(requests).toHaveLength(1);
    expect(sink.counts).toMatchObject({ sent: 0, failed: 1 });
  });

  it('keeps at most maxQueue messages while the URL is down, dropping the oldest', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([0, 0, 200]);
    const sink = fetchSink('/reports', {
      fetch,
      clock,
      batchSize: 2,
      maxQueue: 4,
      nextRetryDelayMs: () => 10_000,
    });
    for (let seq = 1; seq <= 10; seq++) sink.send(report(seq));
    await settle();
    expect(sink.counts.queued).toBeLessThanOrEqual(4);
    clock.advance(10_000);
    await settle();
    clock.advance(10_000);
    await settle();
    for (let i = 0; i < 3; i++) {
      clock.advance(5000);
      await settle();
    }
    const delivered = requests.slice(2).flatMap((r) => seqs(r.body));
    expect(delivered).toEqual([7, 8, 9, 10]);
    expect(sink.counts).toEqual({ queued: 0, sent: 4, dropped: 6, failed: 0 });
  });

  it('on end, sends what is left even in a part-filled batch', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([200]);
    const sink = fetchSink('/reports', { fetch, clock, batchSize: 10 });
    sink.send(report(1));
    sink.send(report(2));
    sink.flush('end');
    await settle();
    expect(requests.map((r) => seqs(r.body))).toEqual([[1, 2]]);
  });

  it('on pagehide, hands everything queued to sendBeacon at once, batch by batch', async () => {
    const clock = new VirtualClock();
    const requests: string[] = [];
    // The first batch's request stays in flight.
    const fetch = ((_url: string, init: RequestInit) => {
      requests.push(init.body as string);
      return new Promise<Response>(() => {});
    }) as unknown as typeof globalThis.fetch;
    const { sendBeacon, beacons } = fakeBeacon();
    const sink = fetchSink('/reports', { fetch, clock, batchSize: 2, sendBeacon });
    [1, 2].forEach((seq) => sink.send(report(seq)));
    await settle();
    [3, 4, 5].forEach((seq) => sink.send(report(seq)));
    sink.flush('pagehide');
    await settle();
    expect(beacons.map(seqs)).toEqual([[3, 4], [5]]);
    expect(requests.map(seqs)).toEqual([[1, 2]]);
    expect(sink.counts).toMatchObject({ queued: 0, sent: 3 });
  });

  it('a message that fills a batch just before a pagehide flush goes with the beacon, not by a fetch of its own', async () => {
    const clock = new VirtualClock();
    const { fetch, requests } = fakeFetch([200]);
    const { sendBeacon, beacons } = fakeBeacon();
    const sink = fetchSink('/reports', { fetch, clock, batchSize: 2, sendBeacon });
    sink.send(report(1));
    // What the reporter does on pagehide, in one task: the summary so far, then the flush.
    sink.send(report(2));
    sink.flush('pagehide');
    await settle();
    expect(beacons.map(seqs)).toEqual([[1, 2]]);
    expect(requests).toEqual([]);
    expect(sink.counts).toEqual({ queued: 0, sent: 2, dropped: 0, failed: 0 });
  });

  it('with headers, flushes on pagehide by keepalive fetch, since a beacon cannot carry them', async () => {
    const { fetch, requests } = fakeFetch([200]);
    const { sendBeacon, beacons } = fakeBeacon();
    const sink = fetchSink('/reports', {
      fetch,
      headers: { authorization: 'Bearer t' },
      sendBeacon,
      clock: new VirtualClock(),
    });
    sink.send(report(1));
    sink.flush('pagehide');
    await settle();
    expect(beacons).toEqual([]);
    expect(requests[0]!.init).toMatchObject({ keepalive: true, headers: { authorization: 'Bearer t' } });
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => fetchSink('/r', { batchSize: 0 })).toThrow(expect.objectContaining({ code: 'invalid-report-option' }));
  });
});

describe('beaconSink', () => {
  it('sends batches by sendBeacon and retries one the browser would not queue', async () => {
    const clock = new VirtualClock();
    const answers = [false, true];
    const beacons: string[] = [];
    const sink = beaconSink('/reports', {
      clock,
      batchSize: 1,
      nextRetryDelayMs: () => 500,
      sendBeacon: (_url, body) => (beacons.push(body), answers.shift() ?? true),
    });
    sink.send(report(1));
    await settle();
    clock.advance(500);
    await settle();
    expect(beacons.map(seqs)).toEqual([[1], [1]]);
    expect(sink.counts).toMatchObject({ sent: 1, failed: 0 });
  });

  it('carries the join token in the body, asking a token function afresh for each batch and on pagehide', async () => {
    const clock = new VirtualClock();
    const { sendBeacon, beacons } = fakeBeacon();
    let minted = 0;
    const sink = beaconSink('/reports', { clock, batchSize: 1, sendBeacon, token: () => `t${++minted}` });
    sink.send(report(1));
    await settle();
    sink.send(report(2));
    await settle();
    const plain = beaconSink('/reports', { clock, batchSize: 5, sendBeacon });
    plain.send(report(3));
    plain.flush('pagehide');
    const bodies = beacons.map((body) => JSON.parse(body) as { token?: string; messages: CallReport[] });
    expect(bodies.map((body) => [body.token, body.messages.map((m) => m.seq)])).toEqual([
      ['t1', [1]],
      ['t2', [2]],
      [undefined, [3]],
    ]);
  });

  it('creating and sending touch no browser global until a batch goes (server rendering)', () => {
    const clock = new VirtualClock();
    const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true });
    try {
      const sink = beaconSink('/reports', { clock });
      sink.send(report(1));
      expect(sink.counts.queued).toBe(1);
    } finally {
      if (navigator) Object.defineProperty(globalThis, 'navigator', navigator);
    }
  });
});
