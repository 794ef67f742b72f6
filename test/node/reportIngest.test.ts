// The call report ingest and its metrics over real HTTP on 127.0.0.1: what the client's own sinks
// send is taken and counted; each kind of bad request is refused with its reason and status and
// changes no metric but the refused-by-reason counter.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { beaconSink, fetchSink, type CallReport, type CallReportMessage } from 'rtckit/core';
import {
  createReportIngest,
  createServerMetrics,
  createSignalingServer,
  createSignalingToken,
  REPORT_REFUSAL_STATUS,
  type CreateReportIngestOptions,
  type ReportRefusal,
  type ServerMetrics,
  type SignalingServer,
} from 'rtckit/server';
import { callReport, callSummary, degradedReport } from '../helpers/callReportMessages.ts';
import { rawClient, until } from '../helpers/signalingClients.ts';

const KEY = 'a-signing-secret-for-the-report-tests!!';
const token = (peer = 'alice', now?: () => number) => createSignalingToken({ key: KEY, room: 'call-1', peer, now });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Ingest {
  readonly url: string;
  readonly metrics: ServerMetrics;
  /** The metric samples now, `name{labels}` → value (the refused counter left out with `except`). */
  samples(): Promise<Map<string, number>>;
}

async function startIngest(options: Partial<CreateReportIngestOptions> = {}): Promise<Ingest> {
  const metrics = await createServerMetrics();
  const ingest = createReportIngest({ auth: { jwt: { keys: [KEY] } }, metrics, ...options });
  const server: Server = createServer((request, response) =>
    ingest(request, response, () => metrics.handler(request, response)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/call-reports`,
    metrics,
    samples: async () => samplesOf(await (await fetch(`${base}/metrics`)).text()),
  };
}

/** Prometheus text exposition → `name{labels}` → value. */
function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
};
const bearer = async (peer = 'alice') => ({ authorization: `Bearer ${await token(peer)}` });
const batch = (...messages: CallReportMessage[]) => ({ messages });

describe('createReportIngest', () => {
  it("takes what the client's fetchSink sends (Authorization header) and counts it", async () => {
    const ingest = await startIngest();
    const errors: unknown[] = [];
    const sink = fetchSink(ingest.url, { headers: await bearer(), batchSize: 2, onError: (e) => errors.push(e) });
    sink.send(callReport());
    sink.send(degradedReport(2));
    await until(() => expect(sink.counts.sent).toBe(2));
    expect(errors).toEqual([]);
    const samples = await ingest.samples();
    expect(samples.get('rtckit_call_reports_total{level="excellent"}')).toBe(1);
    expect(samples.get('rtckit_call_reports_total{level="poor"}')).toBe(1);
    expect(samples.get('rtckit_call_mos_count')).toBe(2);
    expect(samples.get('rtckit_call_mos_bucket{le="2.5"}')).toBe(1);
    expect(samples.get('rtckit_call_rtt_seconds_bucket{le="0.05"}')).toBe(1);
    expect(samples.get('rtckit_call_rtt_seconds_bucket{le="0.5"}')).toBe(1);
    // 6 s frozen over the 10 s the second report covers: 36 s per minute.
    expect(samples.get('rtckit_call_freeze_seconds_per_minute_sum')).toBeCloseTo(36);
    expect(samples.get('rtckit_call_reconnects_total{reason="disconnected"}')).toBe(1);
  });

  it("takes what the client's beaconSink sends (text/plain, the token in the body)", async () => {
    const ingest = await startIngest();
    const statuses: number[] = [];
    const sink = beaconSink(ingest.url, {
      token: await token(),
      batchSize: 1,
      // Node has no navigator.sendBeacon: a fetch of the same request (text/plain, no headers).
      sendBeacon: (url, data) => {
        void fetch(url, { method: 'POST', body: data }).then((response) => statuses.push(response.status));
        return true;
      },
    });
    sink.send(callSummary());
    await until(() => expect(statuses).toEqual([204]));
    const samples = await ingest.samples();
    expect(samples.get('rtckit_call_summaries_total{end_reason="ended"}')).toBe(1);
    expect(samples.get('rtckit_call_time_to_first_frame_seconds_bucket{le="1"}')).toBe(1);
    expect(samples.get('rtckit_call_reconnects_total{reason="media-stalled"}')).toBe(1);
  });

  it('counts each reconnect and each first frame once per call, across reports and summaries', async () => {
    const ingest = await startIngest();
    const headers = await bearer();
    const lossy = (seq: number, byReason: NonNullable<CallReport['reconnect']>['byReason']) =>
      callReport({
        seq,
        t: seq * 10_000,
        reconnect: { state: 'connected', attempt: 0, reason: 'failed', losses: 1, byReason },
      });
    expect((await post(ingest.url, batch(lossy(1, { failed: 1 }), lossy(2, { failed: 1 })), headers)).status).toBe(204);
    expect((await post(ingest.url, batch(lossy(3, { failed: 2 })), headers)).status).toBe(204);
    const pagehide = callSummary({
      endReason: 'pagehide',
      durationMs: 30_000,
      reconnects: { byReason: { failed: 2 } },
    });
    const ended = callSummary({ reconnects: { byReason: { failed: 2, offline: 1 } } });
    expect((await post(ingest.url, batch(pagehide, ended), headers)).status).toBe(204);
    const samples = await ingest.samples();
    expect(samples.get('rtckit_call_reconnects_total{reason="failed"}')).toBe(2);
    expect(samples.get('rtckit_call_reconnects_total{reason="offline"}')).toBe(1);
    expect(samples.get('rtckit_call_time_to_first_frame_seconds_count')).toBe(1);
    // Another peer's call of the same id is another call.
    expect((await post(ingest.url, batch(lossy(1, { failed: 1 })), await bearer('bob'))).status).toBe(204);
    expect((await ingest.samples()).get('rtckit_call_reconnects_total{reason="failed"}')).toBe(3);
  });

  it('takes a join token that expired within the grace, and refuses one past it', async () => {
    const ingest = await startIngest({ limits: { tokenGraceSeconds: 3600 } });
    const issuedAgo = (seconds: number) => token('alice', () => Date.now() - seconds * 1000);
    const late = await post(ingest.url, batch(callReport()), { authorization: `Bearer ${await issuedAgo(1800)}` });
    expect(late.status).toBe(204);
    const tooLate = await post(ingest.url, batch(callReport({ seq: 2 })), {
      authorization: `Bearer ${await issuedAgo(7200)}`,
    });
    expect(tooLate).toEqual({ status: 401, body: { refused: 'unauthenticated', detail: 'token-expired' } });
  });

  describe('refuses, with its reason and status, and changes no metric but the refused counter', () => {
    const refusedKey = (reason: ReportRefusal) => `rtckit_call_reports_refused_total{reason="${reason}"}`;

    /** Posts one accepted report first (so there is something to change), then `attempt`. */
    async function expectRefused(
      reason: ReportRefusal,
      attempt: (ingest: Ingest) => Promise<Response>,
      options: Partial<CreateReportIngestOptions> = {},
    ) {
      const ingest = await startIngest(options);
      expect((await post(ingest.url, batch(callReport()), await bearer())).status).toBe(204);
      const before = await ingest.samples();
      const response = await attempt(ingest);
      expect(response.status).toBe(REPORT_REFUSAL_STATUS[reason]);
      expect(await response.json()).toMatchObject({ refused: reason });
      const after = await ingest.samples();
      expect(after.get(refusedKey(reason))).toBe((before.get(refusedKey(reason)) ?? 0) + 1);
      after.delete(refusedKey(reason));
      before.delete(refusedKey(reason));
      expect(after).toEqual(before);
    }
    const send = (url: string, body: string, headers: Record<string, string>, method = 'POST') =>
      fetch(url, { method, body, headers: { 'content-type': 'application/json', ...headers } });

    it('malformed: not a JSON object', async () => {
      await expectRefused('malformed', async (ingest) => send(ingest.url, '{"messages": [', await bearer()));
    });

    it('invalid: a field outside the schema, named in the detail', async () => {
      await expectRefused('invalid', async (ingest) => {
        const response = await send(
          ingest.url,
          JSON.stringify(batch(callReport({ seq: 2, rttMs: -5 }))),
          await bearer(),
        );
        expect(await response.clone().json()).toMatchObject({ detail: expect.stringContaining('messages[0].rttMs') });
        return response;
      });
    });

    it('invalid: an unknown key, or a batch with one bad message among good ones', async () => {
      await expectRefused('invalid', async (ingest) =>
        send(ingest.url, JSON.stringify({ ...batch(callReport({ seq: 2 })), extra: 1 }), await bearer()),
      );
      await expectRefused('invalid', async (ingest) => {
        const bad = { ...callReport({ seq: 3 }), kind: 'other' };
        return send(ingest.url, JSON.stringify({ messages: [callReport({ seq: 2 }), bad] }), await bearer());
      });
    });

    it('too-large: a body over maxBodyBytes', async () => {
      await expectRefused(
        'too-large',
        async (ingest) => {
          const messages = Array.from({ length: 40 }, (_, i) => callReport({ seq: i + 2 }));
          return send(ingest.url, JSON.stringify({ messages }), await bearer());
        },
        { limits: { maxBodyBytes: 8192, maxMessages: 100 } },
      );
    });

    it('replayed: a report id taken before, or twice in one batch', async () => {
      await expectRefused('replayed', async (ingest) =>
        send(ingest.url, JSON.stringify(batch(callReport())), await bearer()),
      );
      await expectRefused('replayed', async (ingest) =>
        send(ingest.url, JSON.stringify(batch(callReport({ seq: 2 }), callReport({ seq: 2 }))), await bearer()),
      );
    });

    it('unauthenticated: no token, a bad signature, another key', async () => {
      await expectRefused('unauthenticated', (ingest) =>
        send(ingest.url, JSON.stringify(batch(callReport({ seq: 2 }))), {}),
      );
      await expectRefused('unauthenticated', async (ingest) => {
        const forged = `${(await token()).slice(0, -4)}AAAA`;
        return send(ingest.url, JSON.stringify(batch(callReport({ seq: 2 }))), { authorization: `Bearer ${forged}` });
      });
      await expectRefused('unauthenticated', async (ingest) => {
        const other = await createSignalingToken({
          key: 'another-secret-of-at-least-32-bytes!!',
          room: 'r',
          peer: 'a',
        });
        return send(ingest.url, JSON.stringify({ token: other, ...batch(callReport({ seq: 2 })) }), {});
      });
    });

    it('rate-limited: past the burst, with Retry-After', async () => {
      await expectRefused(
        'rate-limited',
        async (ingest) => {
          const response = await send(ingest.url, JSON.stringify(batch(callReport({ seq: 2 }))), await bearer());
          expect(response.headers.get('retry-after')).toBe('2');
          return response;
        },
        { limits: { rateBurst: 1, ratePerSecond: 0.5 } },
      );
    });

    it('method-not-allowed and unsupported-media-type', async () => {
      await expectRefused('method-not-allowed', (ingest) => send(ingest.url, '{}', {}, 'PUT'));
      await expectRefused('unsupported-media-type', (ingest) =>
        fetch(ingest.url, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
    });
  });

  it('a reason outside the closed unions adds no label value, whichever way it comes', async () => {
    const ingest = await startIngest();
    const labelsBefore = [...(await ingest.samples()).keys()].sort();
    const weird = callReport({
      reconnect: { state: 'connected', attempt: 0, reason: null, losses: 1, byReason: { 'x-{weird}"': 1 } as never },
    });
    const response = await post(ingest.url, batch(weird), await bearer());
    expect(response.status).toBe(400);
    // Past the schema too (a metrics object fed directly): what is not in the union is not counted.
    ingest.metrics.reports.accepted('alice', { ...weird, quality: { ...weird.quality, level: 'weird' as never } });
    ingest.metrics.reports.refused('weird' as never);
    const labelsAfter = [...(await ingest.samples()).keys()].sort();
    expect(labelsAfter).toEqual(labelsBefore);
    expect(labelsAfter.filter((key) => key.includes('weird'))).toEqual([]);
  });

  it('answers only its path; other requests go to next', async () => {
    const ingest = await startIngest();
    expect((await fetch(ingest.url.replace('/call-reports', '/elsewhere'), { method: 'POST' })).status).toBe(404);
    expect((await fetch(ingest.url.replace('/call-reports', '/metrics'))).status).toBe(200);
  });

  it('answers a CORS preflight from an allowed origin and refuses another origin', async () => {
    const ingest = await startIngest({ origins: ['https://app.example.org'] });
    const preflight = await fetch(ingest.url, { method: 'OPTIONS', headers: { origin: 'https://app.example.org' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const foreign = await post(ingest.url, batch(callReport()), {
      ...(await bearer()),
      origin: 'https://evil.example',
    });
    expect(foreign).toEqual({ status: 403, body: { refused: 'origin-not-allowed', detail: null } });
  });
});

describe('signaling metrics, and the ingest mounted on the signaling server', () => {
  it('counts connections, rooms, relayed and refused messages and auth failures', async () => {
    const metrics = await createServerMetrics();
    const ingest = createReportIngest({ auth: { jwt: { keys: [KEY] } }, metrics });
    const server: SignalingServer = await createSignalingServer({
      auth: { jwt: { keys: [KEY] } },
      origins: 'any',
      metrics,
      requestHandlers: [ingest, metrics.handler],
      limits: { maxMessageBytes: 1024 },
    });
    closers.push(() => server.close());
    const http = server.url.replace('ws:', 'http:');
    const samples = async () => samplesOf(await (await fetch(`${http}/metrics`)).text());

    const a = await rawClient(`${server.url}/?room=call-1`, await token('alice'));
    const b = await rawClient(`${server.url}/?room=call-1`, await token('bob'));
    await until(() => {
      a.ready();
      b.ready();
    });
    a.socket.send('{"type":"offer"}');
    a.socket.send(JSON.stringify({ type: 'offer', sdp: 'x'.repeat(2000) }));
    await until(() => expect(b.frames).toContain('{"type":"offer"}'));
    await until(() => expect(a.frames).toContain('{"type":"server:refused","reason":"too-large"}'));
    const intruder = await rawClient(`${server.url}/?room=call-1`, 'not-a-token');
    expect(await intruder.closed).toEqual({ code: 4001, reason: 'token-invalid' });

    // The server hears the intruder's socket close a moment after the client does.
    await expect.poll(async () => (await samples()).get('rtckit_signaling_connections')).toBe(2);
    let now = await samples();
    expect(now.get('rtckit_signaling_rooms')).toBe(1);
    expect(now.get('rtckit_signaling_messages_relayed_total')).toBe(1);
    expect(now.get('rtckit_signaling_messages_refused_total{reason="too-large"}')).toBe(1);
    expect(now.get('rtckit_signaling_auth_failures_total{reason="token-invalid"}')).toBe(1);

    // The ingest on the same port, with the same join tokens.
    expect((await post(`${http}/call-reports`, batch(callReport()), await bearer())).status).toBe(204);
    // Anything else still gets 426, as before.
    expect((await fetch(`${http}/`)).status).toBe(426);

    a.socket.close();
    b.socket.close();
    await Promise.all([a.closed, b.closed]);
    await expect.poll(async () => (await samples()).get('rtckit_signaling_connections')).toBe(0);
    now = await samples();
    expect(now.get('rtckit_call_reports_total{level="excellent"}')).toBe(1);
    expect(now.get('rtckit_signaling_connections')).toBe(0);
    expect(now.get('rtckit_signaling_rooms')).toBe(0);
  });
});
