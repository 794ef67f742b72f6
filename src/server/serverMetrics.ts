import type * as PromClient from 'prom-client';
import { RtcKitError } from '../core/errors.ts';
import type { ReportIngestMetrics } from './reportIngest.ts';
import { closedCounter } from './closedCounter.ts';
import type { ClosedSet } from './closedSet.ts';
import { createReportMetrics } from './reportMetrics.ts';
import { notFound, pathOf, type RequestHandler } from './requestHandler.ts';
import type { SignalingAuthFailure, SignalingMetrics, SignalingRefusal } from './signalingMetrics.ts';

/** Options for {@link createServerMetrics}. */
export interface CreateServerMetricsOptions {
  /**
   * The registry to put rtckit's metrics on, e.g. one that holds your own. Default: a new one for
   * these metrics alone (never prom-client's global default registry).
   */
  readonly registry?: PromClient.Registry;
  /** The path `handler` answers. Default `'/metrics'`. */
  readonly path?: string;
  /** Calls whose reconnects and first frame are tracked at once, to count each once. Default 100 000. */
  readonly maxCalls?: number;
}

/** rtckit's Prometheus metrics: hand it to the signaling server and the report ingest, and serve `handler`. */
export interface ServerMetrics {
  readonly registry: PromClient.Registry;
  /** What `createSignalingServer({ metrics })` reports to. */
  readonly signaling: SignalingMetrics;
  /** What `createReportIngest({ metrics })` reports to. */
  readonly reports: ReportIngestMetrics;
  /** Answers `GET {path}` with the Prometheus text exposition; other requests go to `next` (or 404). */
  readonly handler: RequestHandler;
}

const AUTH_FAILURES = {
  'token-missing': true,
  'token-invalid': true,
  'token-expired': true,
  'token-lifetime': true,
  'token-room': true,
  'token-refused': true,
  'auth-timeout': true,
  'expected-auth': true,
} satisfies ClosedSet<SignalingAuthFailure>;
const SIGNALING_REFUSALS = {
  'too-large': true,
  malformed: true,
  'rate-limited': true,
  'held-full': true,
} satisfies ClosedSet<SignalingRefusal>;

/**
 * Prometheus metrics for rtckit's server side (docs/call-report-metrics.md lists each): rooms,
 * connections, messages relayed and refused by reason and auth failures from the signaling server;
 * from call reports, histograms of MOS, RTT, freeze seconds per minute and time to first frame, and
 * reconnects by reason. Every label takes values from a closed union only, so cardinality is
 * bounded whatever clients send. Node only; needs the `prom-client` package.
 *
 * @throws {RtcKitError} `'invalid-option'` when `prom-client` cannot be loaded.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createReportIngest, createServerMetrics, createSignalingServer } from 'rtckit/server';
 *
 * const metrics = await createServerMetrics();
 * const ingest = createReportIngest({ auth, metrics });
 * await createSignalingServer({ auth, origins, metrics, requestHandlers: [ingest] });
 * // /metrics on its own port, for Prometheus only:
 * createServer(metrics.handler).listen(9464, '127.0.0.1');
 * ```
 */
export async function createServerMetrics(options: CreateServerMetricsOptions = {}): Promise<ServerMetrics> {
  const prom = await import('prom-client').catch((cause: unknown) => {
    throw new RtcKitError('invalid-option', {
      cause,
      detail: 'createServerMetrics needs the prom-client package (npm install prom-client).',
    });
  });
  const registry = options.registry ?? new prom.Registry();
  const { path = '/metrics' } = options;
  const registers = [registry];
  const rooms = new prom.Gauge({
    name: 'rtckit_signaling_rooms',
    help: 'Rooms with members in this process.',
    registers,
  });
  const connections = new prom.Gauge({
    name: 'rtckit_signaling_connections',
    help: 'Open WebSocket connections, authenticated or not.',
    registers,
  });
  const relayed = new prom.Counter({
    name: 'rtckit_signaling_messages_relayed_total',
    help: 'Messages relayed to a room (or held for its next member).',
    registers,
  });
  const refused = closedCounter(prom, registry, {
    name: 'rtckit_signaling_messages_refused_total',
    help: 'Messages refused, by reason.',
    label: 'reason',
    values: SIGNALING_REFUSALS,
  });
  const authFailures = closedCounter(prom, registry, {
    name: 'rtckit_signaling_auth_failures_total',
    help: 'Connections refused at their join (close 4001), by reason.',
    label: 'reason',
    values: AUTH_FAILURES,
  });

  const signaling: SignalingMetrics = {
    connections: (delta) => connections.inc(delta),
    rooms: (delta) => rooms.inc(delta),
    relayed: () => relayed.inc(),
    refused: (reason) => refused.inc(reason),
    authFailed: (reason) => authFailures.inc(reason),
  };

  const handler: RequestHandler = (request, response, next) => {
    if (pathOf(request) !== path) return next ? next() : notFound(response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  };

  return {
    registry,
    signaling,
    reports: createReportMetrics(prom, registry, options.maxCalls ?? 100_000),
    handler,
  };
}
