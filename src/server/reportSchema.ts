// The strict schema of what the client's fetch and beacon sinks post: `{ messages: [...] }` (and,
// from a beacon, which cannot set headers, `token`). A message that does not match a `CallReport`
// or `CallSummary` of src/core/report/callReportTypes.ts exactly — an unknown key, a value outside
// its closed union, a number out of range — refuses the whole body, so nothing unchecked reaches a
// metric. The closed unions are listed here at run time, as record literals the compiler checks
// against the types; the schema is built when an ingest is made, so the module does no work at import.
import type { AbrReason } from '../core/abr/abrSnapshot.ts';
import type { QualityLevel, QualityReasonCode } from '../core/quality/types.ts';
import type { ReconnectReason, ReconnectState } from '../core/reconnect/types.ts';
import {
  CALL_REPORT_VERSION,
  type BrowserName,
  type CallEndReason,
  type CallReportMessage,
  type RouteType,
} from '../core/report/callReportTypes.ts';
import { isIn, membersOf, type ClosedSet } from './closedSet.ts';

export const QUALITY_LEVELS = {
  excellent: true,
  good: true,
  poor: true,
  lost: true,
  unknown: true,
} satisfies Record<QualityLevel, true>;
export const RECONNECT_REASONS = {
  disconnected: true,
  'media-stalled': true,
  failed: true,
  'restart-timeout': true,
  'peer-restarted': true,
  'signaling-lost': true,
  offline: true,
  'network-changed': true,
} satisfies Record<ReconnectReason, true>;
export const CALL_END_REASONS = {
  ended: true,
  closed: true,
  unsubscribed: true,
  pagehide: true,
  'in-progress': true,
} satisfies Record<CallEndReason, true>;
const QUALITY_REASONS = {
  'connection-lost': true,
  'nothing-received': true,
  'packet-loss': true,
  'round-trip-time': true,
  jitter: true,
  bandwidth: true,
  cpu: true,
  'video-frozen': true,
  'low-frame-rate': true,
  'low-video-bitrate': true,
  'audio-concealment': true,
  recovering: true,
} satisfies Record<QualityReasonCode, true>;
const RECONNECT_STATES = {
  idle: true,
  connected: true,
  reconnecting: true,
  failed: true,
} satisfies Record<ReconnectState, true>;
const ABR_REASONS = {
  'severe-loss': true,
  loss: true,
  'severe-bandwidth': true,
  collapse: true,
  bandwidth: true,
  cpu: true,
  'cpu-recovered': true,
  headroom: true,
  probe: true,
  capped: true,
  initial: true,
  'receiver-tile': true,
  'receiver-hidden': true,
  off: true,
  'no-video': true,
} satisfies Record<AbrReason, true>;
const ROUTE_TYPES = {
  host: true,
  srflx: true,
  relay: true,
  unknown: true,
} satisfies Record<RouteType, true>;
const BROWSER_NAMES = {
  chrome: true,
  edge: true,
  firefox: true,
  safari: true,
  other: true,
} satisfies Record<BrowserName, true>;
const CONNECTION_STATES = {
  new: true,
  connecting: true,
  connected: true,
  disconnected: true,
  failed: true,
  closed: true,
} satisfies Record<RTCPeerConnectionState, true>;

/** Checks a value; returns what is wrong with it (`at` names where), or `null` when it fits. */
type Check = (value: unknown, at: string) => string | null;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const oneOf =
  (set: ClosedSet<string>): Check =>
  (value, at) =>
    isIn(set, value) ? null : `${at}: not one of the known values`;

const number =
  (min: number, max: number, integer = false): Check =>
  (value, at) =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value))
      ? null
      : `${at}: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`;

/** Free text (a call id, a browser version, a rung id): short, and never used as a label. */
const text =
  (maxLength: number): Check =>
  (value, at) =>
    typeof value === 'string' && value.length >= 1 && value.length <= maxLength
      ? null
      : `${at}: expected a string of 1-${maxLength} characters`;

const literal =
  (expected: unknown): Check =>
  (value, at) =>
    value === expected ? null : `${at}: expected ${JSON.stringify(expected)}`;

const nullable =
  (check: Check): Check =>
  (value, at) =>
    value === null ? null : check(value, at);

/** An object with exactly these keys. */
const object =
  (shape: Readonly<Record<string, Check>>): Check =>
  (value, at) => {
    if (!isObject(value)) return `${at}: expected an object`;
    for (const key of Object.keys(value)) if (!(key in shape)) return `${at}: unexpected field "${key.slice(0, 40)}"`;
    for (const [key, check] of Object.entries(shape)) {
      if (!(key in value)) return `${at}.${key}: missing`;
      const wrong = check(value[key], `${at}.${key}`);
      if (wrong) return wrong;
    }
    return null;
  };

/** An object whose keys all pass `key` (at most `maxKeys` of them) and whose values all pass `each`. */
const record =
  (key: Check, each: Check, maxKeys: number): Check =>
  (value, at) => {
    if (!isObject(value)) return `${at}: expected an object`;
    const entries = Object.entries(value);
    if (entries.length > maxKeys) return `${at}: more than ${maxKeys} entries`;
    for (const [name, item] of entries) {
      const wrong = key(name, `${at} key`) ?? each(item, `${at}.${name.slice(0, 40)}`);
      if (wrong) return wrong;
    }
    return null;
  };

const list =
  (each: Check, maxItems: number): Check =>
  (value, at) => {
    if (!Array.isArray(value)) return `${at}: expected an array`;
    if (value.length > maxItems) return `${at}: more than ${maxItems} items`;
    for (const [index, item] of value.entries()) {
      const wrong = each(item, `${at}[${index}]`);
      if (wrong) return wrong;
    }
    return null;
  };

/** What a body that passed the schema holds. */
export interface ReportBatch {
  readonly messages: readonly CallReportMessage[];
  /** The join token a beacon carries in the body (a fetch sends it in `Authorization` instead). */
  readonly token: string | null;
}

/**
 * Checks a parsed request body against the schema: `{ messages: [1..maxMessages messages], token? }`.
 * Returns the batch, or what is wrong (the first problem found, naming its place).
 *
 * @example
 * ```ts
 * const checked = parseReportBatch(JSON.parse(body), 50);
 * if ('invalid' in checked) return refuse(400, checked.invalid);
 * ```
 */
/**
 * The checker of request bodies: `{ messages: [1..maxMessages messages], token? }`. It returns the
 * batch, or what is wrong (the first problem found, naming its place).
 *
 * @example
 * ```ts
 * const parseReportBatch = createReportBatchParser(50);
 * const checked = parseReportBatch(JSON.parse(body));
 * if ('invalid' in checked) return refuse(400, checked.invalid);
 * ```
 */
export function createReportBatchParser(
  maxMessages: number,
): (body: unknown) => ReportBatch | { readonly invalid: string } {
  const DAY_MS = 86_400_000;
  /** Milliseconds of a call (fractional: the clock is `performance.now`), up to a week. */
  const duration = number(0, 7 * DAY_MS);
  const count = number(0, 1_000_000, true);
  const level = oneOf(QUALITY_LEVELS);
  const reconnectReason = oneOf(RECONNECT_REASONS);
  const browser = object({ name: oneOf(BROWSER_NAMES), version: nullable(text(32)) });
  const direction = object({
    bitrate: nullable(number(0, 1e10)),
    packetLoss: nullable(number(0, 1)),
    jitterMs: nullable(number(0, 60_000)),
  });
  const freezes = object({ count, durationMs: duration });
  const byReason = record(reconnectReason, count, membersOf(RECONNECT_REASONS).length);
  const common = { version: literal(CALL_REPORT_VERSION), callId: text(64), browser };

  const report = object({
    kind: literal('report'),
    ...common,
    seq: number(1, 1e9, true),
    t: duration,
    connectionState: nullable(oneOf(CONNECTION_STATES)),
    quality: object({
      level,
      score: nullable(number(0, 100)),
      mos: nullable(number(1, 4.5)),
      uplink: level,
      downlink: level,
      reasons: list(oneOf(QUALITY_REASONS), membersOf(QUALITY_REASONS).length),
    }),
    outbound: direction,
    inbound: direction,
    rttMs: nullable(number(0, 60_000)),
    freezes,
    abr: nullable(object({ rung: nullable(text(64)), reason: oneOf(ABR_REASONS) })),
    reconnect: nullable(
      object({
        state: oneOf(RECONNECT_STATES),
        attempt: count,
        reason: nullable(reconnectReason),
        losses: count,
        byReason,
      }),
    ),
    route: object({ type: oneOf(ROUTE_TYPES), protocol: nullable(text(8)), relayProtocol: nullable(text(8)) }),
  });

  const summary = object({
    kind: literal('summary'),
    ...common,
    endReason: oneOf(CALL_END_REASONS),
    durationMs: duration,
    samples: number(0, 1e9, true),
    timeInLevelMs: object(Object.fromEntries(membersOf(QUALITY_LEVELS).map((name) => [name, duration]))),
    mos: object({ mean: nullable(number(1, 4.5)), min: nullable(number(1, 4.5)) }),
    freezes,
    reconnects: object({
      count,
      totalMs: duration,
      maxMs: duration,
      byReason,
      recent: list(
        object({
          reason: nullable(reconnectReason),
          t: duration,
          durationMs: duration,
          recovered: (value, at) => (typeof value === 'boolean' ? null : `${at}: expected a boolean`),
          attempts: count,
        }),
        10,
      ),
    }),
    timeInRungMs: record(text(64), duration, 32),
    timeInRouteMs: record(oneOf(ROUTE_TYPES), duration, membersOf(ROUTE_TYPES).length),
    timeToFirstFrameMs: nullable(duration),
  });

  const message: Check = (value, at) =>
    isObject(value) && value.kind === 'summary' ? summary(value, at) : report(value, at);

  return (body) => {
    const wrong = object({
      messages: (value, at) =>
        Array.isArray(value) && value.length === 0 ? `${at}: no messages` : list(message, maxMessages)(value, at),
      ...(isObject(body) && 'token' in body ? { token: text(8192) } : {}),
    })(body, 'body');
    if (wrong) return { invalid: wrong };
    const { messages, token } = body as { messages: CallReportMessage[]; token?: string };
    return { messages, token: token ?? null };
  };
}
