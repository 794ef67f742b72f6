import type { IncomingMessage } from 'node:http';
import { RtcKitError } from '../core/errors.ts';
import type { CallReportMessage } from '../core/report/callReportTypes.ts';
import { BoundedMap } from './boundedMap.ts';
import { createJoinTokenVerifier, SIGNALING_NAME, type JoinTokenVerification } from './joinToken.ts';
import { parseJsonObject } from './parseJsonObject.ts';
import { REPORT_REFUSAL_STATUS, type ReportRefusal } from './reportRefusal.ts';
import { createReportBatchParser } from './reportSchema.ts';
import { notFound, pathOf, type RequestHandler } from './requestHandler.ts';
import { createRateLimiter, resolveLimits } from './signalingLimits.ts';

/**
 * Who may post reports: the signaling server's join tokens (`jwt`, the same keys; the token's `sub`
 * is the peer whose reports they are), or your own check, which must name the peer.
 */
export type ReportAuth =
  | { readonly jwt: JoinTokenVerification }
  | {
      readonly verify: (
        token: string | undefined,
      ) => false | { readonly peer: string } | Promise<false | { readonly peer: string }>;
    };

/** The limits of {@link createReportIngest}; every one has a default. */
export interface ReportIngestLimits {
  /** Larger bodies are refused (`too-large`). Default 64 KiB (a batch of 10 reports is about 6 KiB). */
  readonly maxBodyBytes: number;
  /** Messages in one body at most (`invalid` beyond). Default 50. */
  readonly maxMessages: number;
  /** Sustained requests per second per client (see `clientKey`). Default 2. */
  readonly ratePerSecond: number;
  /** Requests a client may send at once. Default 20. */
  readonly rateBurst: number;
  /** Clients whose rate is tracked at once (the least recent are forgotten). Default 10 000. */
  readonly maxClients: number;
  /**
   * Message ids remembered to refuse replays, and calls whose reconnect counts are tracked. A
   * replay older than the last this many messages is not recognised. Default 100 000.
   */
  readonly maxRemembered: number;
  /**
   * How long after its expiry a join token still authenticates reports, in seconds: a join token
   * lives a minute, a call (and its last report) much longer. Default 14 400 (4 hours).
   */
  readonly tokenGraceSeconds: number;
}

/** What the ingest tells the metrics: a message it took, or a request it refused. */
export interface ReportIngestMetrics {
  accepted(peer: string, message: CallReportMessage): void;
  refused(reason: ReportRefusal): void;
}

/** Options for {@link createReportIngest}. */
export interface CreateReportIngestOptions {
  readonly auth: ReportAuth;
  /** The path it answers (other requests go to `next`, or 404). Default `'/call-reports'`. */
  readonly path?: string;
  /** Where accepted reports and refusals are counted: `createServerMetrics()`'s result. */
  readonly metrics?: { readonly reports: ReportIngestMetrics } | null;
  readonly limits?: Partial<ReportIngestLimits>;
  /**
   * Page origins allowed to post from another origin (CORS: preflight answered, `Origin` checked),
   * or `'any'`. Default: none, no CORS headers (same-origin pages, or a proxy in front).
   */
  readonly origins?: readonly string[] | 'any';
  /** Whom the rate limit counts a request to. Default the socket's remote address (behind a proxy, read your forwarded header). */
  readonly clientKey?: (request: IncomingMessage) => string;
}

export const DEFAULT_REPORT_INGEST_LIMITS: ReportIngestLimits = {
  maxBodyBytes: 65_536,
  maxMessages: 50,
  ratePerSecond: 2,
  rateBurst: 20,
  maxClients: 10_000,
  maxRemembered: 100_000,
  tokenGraceSeconds: 14_400,
};

const CONTENT_TYPES = ['application/json', 'text/plain'];

class Refused {
  constructor(
    readonly reason: ReportRefusal,
    readonly detail?: string,
  ) {}
}

/**
 * A request handler that takes the call reports of `fetchSink` and `beaconSink` (POSTed
 * `{ messages: [...] }`), checks them — schema (strictly), body size, rate per client, join token
 * (`Authorization: Bearer …`, or `token` in the body for a beacon, which cannot set headers),
 * replays — and counts what passes in the metrics. Every refusal has a {@link ReportRefusal} and
 * its HTTP status, and counts only in the refused-by-reason counter. Accepted: 204. Node only
 * (`rtckit/server`); a `jwt` auth needs `jose`.
 *
 * Serve it alone (`http.createServer(ingest)`), beside the signaling server
 * (`createSignalingServer({ requestHandlers: [ingest, metrics.handler] })`), or in Express
 * (`app.use(ingest)`): requests for other paths go to `next`.
 *
 * @throws {RtcKitError} `'invalid-option'` for an auth that cannot work, or bad limits.
 * @example
 * ```ts
 * import { createReportIngest, createServerMetrics, createSignalingServer } from 'rtckit/server';
 *
 * const auth = { jwt: { keys: [process.env.SIGNALING_SECRET!] } };
 * const metrics = await createServerMetrics();
 * const ingest = createReportIngest({ auth, metrics });
 * await createSignalingServer({ auth, origins: ['https://app.example.org'], metrics, requestHandlers: [ingest, metrics.handler] });
 * // In the page: fetchSink('/call-reports', { headers: { authorization: `Bearer ${joinToken}` } })
 * // or beaconSink('/call-reports', { token: joinToken }).
 * ```
 */
export function createReportIngest(options: CreateReportIngestOptions): RequestHandler {
  const limits = resolveLimits(DEFAULT_REPORT_INGEST_LIMITS, options.limits, 'createReportIngest');
  const { path = '/call-reports', origins } = options;
  const verify = reportVerifier(options.auth, limits.tokenGraceSeconds);
  const metrics = options.metrics?.reports;
  const parseReportBatch = createReportBatchParser(limits.maxMessages);
  const clientKey = options.clientKey ?? ((request: IncomingMessage) => request.socket.remoteAddress ?? '');
  const now = performance.now.bind(performance);
  const limiters = new BoundedMap<string, ReturnType<typeof createRateLimiter>>(limits.maxClients);
  const seen = new BoundedMap<string, true>(limits.maxRemembered);
  const allowOrigin = (origin: string | undefined) =>
    origins === undefined || origin === undefined || origins === 'any' || origins.includes(origin);

  const take = async (request: IncomingMessage): Promise<void> => {
    if (request.method !== 'POST') throw new Refused('method-not-allowed');
    if (!allowOrigin(request.headers.origin)) throw new Refused('origin-not-allowed');
    const key = clientKey(request);
    const limiter = limiters.get(key) ?? createRateLimiter(limits.ratePerSecond, limits.rateBurst, now);
    limiters.set(key, limiter);
    if (!limiter.take()) throw new Refused('rate-limited');
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!CONTENT_TYPES.includes(type)) throw new Refused('unsupported-media-type');
    const body = parseJsonObject(await readBody(request, limits.maxBodyBytes));
    if (body === null) throw new Refused('malformed');
    const token = bearerOf(request.headers.authorization) ?? (typeof body.token === 'string' ? body.token : undefined);
    const identity = await verify(token);
    if ('refused' in identity) throw new Refused('unauthenticated', identity.refused);
    const batch = parseReportBatch(body);
    if ('invalid' in batch) throw new Refused('invalid', batch.invalid);
    const ids = batch.messages.map((message) => idOf(identity.peer, message));
    if (new Set(ids).size < ids.length || ids.some((id) => seen.has(id))) throw new Refused('replayed');
    for (const id of ids) seen.set(id, true);
    for (const message of batch.messages) metrics?.accepted(identity.peer, message);
  };

  return (request, response, next) => {
    if (pathOf(request) !== path) return next ? next() : notFound(response);
    const cors = corsHeaders(origins, request.headers.origin);
    if (request.method === 'OPTIONS' && origins !== undefined) {
      response.writeHead(allowOrigin(request.headers.origin) ? 204 : 403, cors).end();
      return;
    }
    take(request).then(
      () => response.writeHead(204, cors).end(),
      (error: unknown) => {
        // Not a refusal but a fault of the server's (a metrics sink that threw): 500, counted nowhere.
        if (!(error instanceof Refused)) return void response.writeHead(500, { ...cors, connection: 'close' }).end();
        const refusal = error;
        metrics?.refused(refusal.reason);
        const headers: Record<string, string> = { ...cors, 'content-type': 'application/json' };
        if (refusal.reason === 'rate-limited') headers['retry-after'] = String(Math.ceil(1 / limits.ratePerSecond));
        // A body left unread (too large, or refused before reading) is not drained: the socket closes.
        if (!request.complete) headers.connection = 'close';
        response
          .writeHead(REPORT_REFUSAL_STATUS[refusal.reason], headers)
          .end(JSON.stringify({ refused: refusal.reason, detail: refusal.detail ?? null }));
      },
    );
  };
}

/** The replay id of a message: whose, which call, which report (a summary by its reason and length). */
function idOf(peer: string, message: CallReportMessage): string {
  const which = message.kind === 'report' ? message.seq : `summary ${message.endReason} ${message.durationMs}`;
  return `${peer}\n${message.callId}\n${which}`;
}

function reportVerifier(
  auth: ReportAuth,
  graceSeconds: number,
): (token: string | undefined) => Promise<{ peer: string } | { refused: string }> {
  if (typeof auth === 'object' && auth !== null && 'jwt' in auth) {
    const check = createJoinTokenVerifier(auth.jwt, { expiredGraceSeconds: graceSeconds });
    return (token) => check(token, null);
  }
  if (typeof auth === 'object' && auth !== null && typeof auth.verify === 'function') {
    const { verify } = auth;
    return async (token) => {
      if (!token) return { refused: 'token-missing' };
      const verdict = await Promise.resolve(verify(token)).catch(() => false as const);
      return verdict && SIGNALING_NAME.test(verdict.peer) ? { peer: verdict.peer } : { refused: 'token-refused' };
    };
  }
  throw new RtcKitError('invalid-option', { detail: 'createReportIngest: auth needs jwt or verify.' });
}

function corsHeaders(
  origins: CreateReportIngestOptions['origins'],
  origin: string | undefined,
): Record<string, string> {
  if (origins === undefined || origin === undefined) return {};
  if (origins !== 'any' && !origins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** The body as text, refused as `too-large` as soon as it passes `maxBytes` (by its header or as it arrives). */
function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(new Refused('too-large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        request.off('data', onData);
        request.pause();
        reject(new Refused('too-large'));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', () => reject(new Refused('malformed')));
  });
}
