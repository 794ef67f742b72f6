// The wire shapes of call reports: what leaves the page. Every field is JSON-friendly (`null`, never
// `undefined`, for "not known"), carries no address or candidate detail, and stays the same size
// however long the call lasts.
import type { AbrReason } from '../abr/abrSnapshot';
import type { QualityLevel, QualityReasonCode } from '../quality/types';
import type { ReconnectReason, ReconnectState } from '../reconnect/types';

/**
 * The schema version in every report and summary; it changes only when a field changes meaning.
 *
 * @example
 * ```ts
 * if (message.version !== CALL_REPORT_VERSION) return refuse('unknown schema');
 * ```
 */
export const CALL_REPORT_VERSION = 1;

/** How media travels: directly (`host`), through a NAT's mapped address (`srflx`, `prflx`), or a TURN relay. */
export type RouteType = 'host' | 'srflx' | 'relay' | 'unknown';

/** The browser family, as far as its user agent tells. */
export type BrowserName = 'chrome' | 'edge' | 'firefox' | 'safari' | 'other';

/** Which browser sent a report: its family and major version (`null` when it does not say). */
export interface BrowserInfo {
  readonly name: BrowserName;
  readonly version: string | null;
}

/** One direction of media (all kinds together) at the moment of a report. */
export interface DirectionReport {
  /** Bits per second of RTP payload, audio and video summed. */
  readonly bitrate: number | null;
  /** The worse kind's packet loss over the last stats interval, 0–1. */
  readonly packetLoss: number | null;
  /** The worse kind's interarrival jitter, ms. */
  readonly jitterMs: number | null;
}

/** The route of the selected candidate pair: its type and transport, never its addresses. */
export interface RouteReport {
  readonly type: RouteType;
  /** `udp` or `tcp` to the peer. */
  readonly protocol: string | null;
  /** For a relayed route: how this side reaches the TURN server (`udp`, `tcp`, `tls`). */
  readonly relayProtocol: string | null;
}

/** Auto-reconnect at the moment of a report, and what it did so far. */
export interface ReconnectReport {
  readonly state: ReconnectState;
  /** Recovery attempts since the connection was lost; 0 while connected. */
  readonly attempt: number;
  /** Why it is reconnecting (or last was); `null` while all is well. */
  readonly reason: ReconnectReason | null;
  /** Times the connection was lost in this call so far. */
  readonly losses: number;
  /** Those losses by reason. */
  readonly byReason: Readonly<Partial<Record<ReconnectReason, number>>>;
}

/**
 * A compact periodic report: how the call is right now, plus what happened since the previous
 * report (freezes). About half a kilobyte of JSON.
 */
export interface CallReport {
  readonly kind: 'report';
  readonly version: typeof CALL_REPORT_VERSION;
  readonly callId: string;
  /** 1 for the first report of the call, then 2, 3, … (a gap means one was lost). */
  readonly seq: number;
  /** Milliseconds since the call's reporting started. */
  readonly t: number;
  readonly browser: BrowserInfo;
  readonly connectionState: RTCPeerConnectionState | null;
  readonly quality: {
    readonly level: QualityLevel;
    /** 0–100, `null` while unknown. */
    readonly score: number | null;
    /** 1–4.5, `null` while unknown. */
    readonly mos: number | null;
    readonly uplink: QualityLevel;
    readonly downlink: QualityLevel;
    /** What lowers the score, worst first. */
    readonly reasons: readonly QualityReasonCode[];
  };
  readonly outbound: DirectionReport;
  readonly inbound: DirectionReport;
  readonly rttMs: number | null;
  /** Received-video freezes since the previous report. */
  readonly freezes: { readonly count: number; readonly durationMs: number };
  /** The adaptive bitrate rung sent now, when a controller is given. */
  readonly abr: { readonly rung: string | null; readonly reason: AbrReason } | null;
  /** Auto-reconnect, when a reconnector is given. */
  readonly reconnect: ReconnectReport | null;
  readonly route: RouteReport;
}

/** One time the connection was lost, and how it ended. */
export interface ReconnectEpisode {
  readonly reason: ReconnectReason | null;
  /** When it was lost, ms since the call's reporting started. */
  readonly t: number;
  /** How long until media was back (or until the call ended without it). */
  readonly durationMs: number;
  /** Whether the connection came back. */
  readonly recovered: boolean;
  /** Recovery attempts it took. */
  readonly attempts: number;
}

/** Why a summary was made: the call ended, the session closed, the page is going away, or it is the summary so far. */
export type CallEndReason = 'ended' | 'closed' | 'unsubscribed' | 'pagehide' | 'in-progress';

/** How many {@link ReconnectEpisode}s a summary lists (the most recent); the totals count them all. */
export const MAX_LISTED_RECONNECTS = 10;

/** The end-of-call summary: running aggregates, the same size after a minute or ten hours. */
export interface CallSummary {
  readonly kind: 'summary';
  readonly version: typeof CALL_REPORT_VERSION;
  readonly callId: string;
  readonly browser: BrowserInfo;
  readonly endReason: CallEndReason;
  readonly durationMs: number;
  /** Stats samples the summary is built from. */
  readonly samples: number;
  /** Milliseconds at each quality level (the time before the first sample counts as `unknown`). */
  readonly timeInLevelMs: Readonly<Record<QualityLevel, number>>;
  /** Mean and lowest MOS over the samples that had one. */
  readonly mos: { readonly mean: number | null; readonly min: number | null };
  /** Received-video freezes over the call. */
  readonly freezes: { readonly count: number; readonly durationMs: number };
  readonly reconnects: {
    readonly count: number;
    readonly totalMs: number;
    readonly maxMs: number;
    readonly byReason: Readonly<Partial<Record<ReconnectReason, number>>>;
    /** The last {@link MAX_LISTED_RECONNECTS}, oldest first. */
    readonly recent: readonly ReconnectEpisode[];
  };
  /** Milliseconds on each adaptive bitrate rung, by rung id (only while a rung was set). */
  readonly timeInRungMs: Readonly<Record<string, number>>;
  /** Milliseconds on each route type, from the first sample with a selected pair. */
  readonly timeInRouteMs: Readonly<Partial<Record<RouteType, number>>>;
  /**
   * From the start of reporting to the first stats sample with decoded video, ms (so to within one
   * stats interval); `null` when no video arrived.
   */
  readonly timeToFirstFrameMs: number | null;
}

/**
 * What a sink receives: a periodic report or a summary.
 *
 * @example
 * ```ts
 * const sink = (message: CallReportMessage) => {
 *   if (message.kind === 'summary') console.log('call over', message.durationMs);
 * };
 * ```
 */
export type CallReportMessage = CallReport | CallSummary;
