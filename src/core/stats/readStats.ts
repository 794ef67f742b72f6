// Reads the few counters rtckit uses out of an RTCStatsReport into flat readings, in one pass and
// without copying the browser's objects. Every field is feature-detected: a stat a browser does not
// report (Firefox and Safari lack several) reads as `undefined`.
import type { CandidateInfo, MediaKind, QualityLimitationReason, SelectedCandidatePair } from './types';

/** What `getStats()` resolves to, reduced to what rtckit reads (a real RTCStatsReport or a Map). */
export interface StatsReportLike {
  forEach(callback: (stats: StatsLike) => void): void;
  get(id: string): StatsLike | undefined;
}

/** One stats object: `{ id, type, timestamp, …fields }`. */
export type StatsLike = { readonly id: string; readonly type: string; readonly timestamp: number } & {
  readonly [field: string]: unknown;
};

/** The raw counters of one RTP stream at one moment. */
export interface StreamReading {
  /** Identity across ticks that survives an SSRC change: direction, kind, mid and layer. */
  readonly key: string;
  readonly direction: 'inbound' | 'outbound';
  readonly kind: MediaKind;
  readonly ssrc: number;
  readonly mid: string | undefined;
  readonly rid: string | undefined;
  readonly codec: string | undefined;
  readonly timestamp: number;
  readonly bytes: number | undefined;
  readonly packets: number | undefined;
  /** Receiving: cumulative `packetsLost`. */
  readonly packetsLost: number | undefined;
  /** Seconds. */
  readonly jitter: number | undefined;
  readonly active: boolean | undefined;
  /** Frames encoded (sending) or decoded (receiving). */
  readonly frames: number | undefined;
  readonly framesPerSecond: number | undefined;
  readonly frameWidth: number | undefined;
  readonly frameHeight: number | undefined;
  readonly framesDropped: number | undefined;
  readonly freezeCount: number | undefined;
  /** Seconds. */
  readonly totalFreezesDuration: number | undefined;
  readonly totalInterFrameDelay: number | undefined;
  readonly totalSquaredInterFrameDelay: number | undefined;
  readonly concealedSamples: number | undefined;
  readonly silentConcealedSamples: number | undefined;
  readonly totalSamplesReceived: number | undefined;
  readonly qualityLimitationReason: QualityLimitationReason | undefined;
  readonly targetBitrate: number | undefined;
  /** From the remote end's RTCP (`remote-inbound-rtp` when sending, `remote-outbound-rtp` when receiving). */
  readonly remoteTimestamp: number | undefined;
  readonly remotePacketsLost: number | undefined;
  readonly remoteFractionLost: number | undefined;
  readonly remoteJitter: number | undefined;
  readonly roundTripTime: number | undefined;
  readonly totalRoundTripTime: number | undefined;
  readonly roundTripTimeMeasurements: number | undefined;
}

/** The selected candidate pair's counters. */
export interface PairReading {
  readonly id: string;
  readonly info: SelectedCandidatePair;
  readonly bytesReceived: number | undefined;
  readonly lastPacketReceivedTimestamp: number | undefined;
  readonly currentRoundTripTime: number | undefined;
  readonly totalRoundTripTime: number | undefined;
  readonly responsesReceived: number | undefined;
  readonly availableOutgoingBitrate: number | undefined;
  readonly availableIncomingBitrate: number | undefined;
}

/** Everything rtckit reads from one report. */
export interface StatsReading {
  /** The latest local timestamp in the report, ms. */
  readonly timestamp: number;
  readonly streams: readonly StreamReading[];
  readonly pair: PairReading | undefined;
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const LIMITATIONS: ReadonlySet<unknown> = new Set(['none', 'cpu', 'bandwidth', 'other']);

function kindOf(stats: StatsLike): MediaKind | undefined {
  const kind = stats.kind ?? stats.mediaType;
  return kind === 'audio' || kind === 'video' ? kind : undefined;
}

function codecOf(report: StatsReportLike, stats: StatsLike): string | undefined {
  const codecId = str(stats.codecId);
  const mimeType = codecId === undefined ? undefined : str(report.get(codecId)?.mimeType);
  if (mimeType === undefined) return undefined;
  const slash = mimeType.indexOf('/');
  return slash < 0 ? mimeType : mimeType.slice(slash + 1);
}

function readStream(
  report: StatsReportLike,
  stats: StatsLike,
  direction: 'inbound' | 'outbound',
  remote: StatsLike | undefined,
): StreamReading | undefined {
  const kind = kindOf(stats);
  const ssrc = num(stats.ssrc);
  if (kind === undefined || ssrc === undefined) return undefined;
  const mid = str(stats.mid);
  const rid = str(stats.rid);
  const inbound = direction === 'inbound';
  const layer = rid ?? num(stats.encodingIndex) ?? '';
  const identity = mid ?? (inbound ? str(stats.trackIdentifier) : str(stats.mediaSourceId)) ?? stats.id;
  const limitation = stats.qualityLimitationReason;
  return {
    key: `${direction}:${kind}:${identity}:${layer}`,
    direction,
    kind,
    ssrc,
    mid,
    rid,
    codec: codecOf(report, stats),
    timestamp: stats.timestamp,
    bytes: num(inbound ? stats.bytesReceived : stats.bytesSent),
    packets: num(inbound ? stats.packetsReceived : stats.packetsSent),
    packetsLost: inbound ? num(stats.packetsLost) : undefined,
    jitter: inbound ? num(stats.jitter) : num(remote?.jitter),
    active: typeof stats.active === 'boolean' ? stats.active : undefined,
    frames: num(inbound ? (stats.framesDecoded ?? stats.framesReceived) : stats.framesEncoded),
    framesPerSecond: num(stats.framesPerSecond),
    frameWidth: num(stats.frameWidth),
    frameHeight: num(stats.frameHeight),
    framesDropped: num(stats.framesDropped),
    freezeCount: num(stats.freezeCount),
    totalFreezesDuration: num(stats.totalFreezesDuration),
    totalInterFrameDelay: num(stats.totalInterFrameDelay),
    totalSquaredInterFrameDelay: num(stats.totalSquaredInterFrameDelay),
    concealedSamples: num(stats.concealedSamples),
    silentConcealedSamples: num(stats.silentConcealedSamples),
    totalSamplesReceived: num(stats.totalSamplesReceived),
    qualityLimitationReason: LIMITATIONS.has(limitation) ? (limitation as QualityLimitationReason) : undefined,
    targetBitrate: num(stats.targetBitrate),
    remoteTimestamp: remote?.timestamp,
    remotePacketsLost: num(remote?.packetsLost),
    remoteFractionLost: num(remote?.fractionLost),
    remoteJitter: num(remote?.jitter),
    roundTripTime: num(remote?.roundTripTime),
    totalRoundTripTime: num(remote?.totalRoundTripTime),
    roundTripTimeMeasurements: num(remote?.roundTripTimeMeasurements),
  };
}

function candidateInfo(stats: StatsLike | undefined): CandidateInfo {
  if (!stats) return {};
  const type = str(stats.candidateType) as RTCIceCandidateType | undefined;
  return {
    type,
    protocol: str(stats.protocol),
    relayProtocol: str(stats.relayProtocol),
    address: str(stats.address) ?? str(stats.ip),
    port: num(stats.port),
  };
}

/**
 * Reads one report in a single pass. `previousPair` is the last reading's pair: when the same pair
 * is still selected its `info` object is reused, so selecting it does not re-render anything.
 */
export function readStats(report: StatsReportLike, previousPair?: PairReading): StatsReading {
  const streams: StreamReading[] = [];
  // Streams whose RTCP counterpart is not linked by id (Firefox): matched by SSRC after the pass.
  let unlinked: [StatsLike, 'inbound' | 'outbound'][] | undefined;
  let remoteBySsrc: Map<number, StatsLike> | undefined;
  let pairId: string | undefined;
  let pairs: StatsLike[] | undefined;
  let timestamp = 0;

  report.forEach((stats) => {
    const type = stats.type;
    if (type === 'outbound-rtp' || type === 'inbound-rtp') {
      const direction = type === 'inbound-rtp' ? 'inbound' : 'outbound';
      const remoteId = stats.remoteId;
      const remote = typeof remoteId === 'string' ? report.get(remoteId) : undefined;
      if (remote || stats.ssrc === undefined) {
        const reading = readStream(report, stats, direction, remote);
        if (reading) streams.push(reading);
      } else {
        (unlinked ??= []).push([stats, direction]);
      }
    } else if (type === 'remote-inbound-rtp' || type === 'remote-outbound-rtp') {
      const ssrc = num(stats.ssrc);
      if (ssrc !== undefined) (remoteBySsrc ??= new Map()).set(ssrc, stats);
      return;
    } else if (type === 'transport') {
      pairId ??= str(stats.selectedCandidatePairId);
    } else if (type === 'candidate-pair') {
      (pairs ??= []).push(stats);
    } else {
      return;
    }
    if (stats.timestamp > timestamp) timestamp = stats.timestamp;
  });

  if (unlinked) {
    for (const [stats, direction] of unlinked) {
      const reading = readStream(report, stats, direction, remoteBySsrc?.get(num(stats.ssrc) ?? -1));
      if (reading) streams.push(reading);
    }
  }
  const pair = (pairId === undefined ? undefined : report.get(pairId)) ?? fallbackPair(pairs);
  return { timestamp, streams, pair: pair && readPair(report, pair, previousPair) };
}

/** Without a transport naming its pair (Firefox): the pair marked `selected`, else the busiest nominated one. */
function fallbackPair(pairs: StatsLike[] | undefined): StatsLike | undefined {
  let best: StatsLike | undefined;
  for (const pair of pairs ?? []) {
    if (pair.selected === true) return pair;
    if (pair.nominated === true && pair.state === 'succeeded') {
      if (!best || (num(pair.bytesReceived) ?? 0) > (num(best.bytesReceived) ?? 0)) best = pair;
    }
  }
  return best;
}

function readPair(report: StatsReportLike, pair: StatsLike, previous: PairReading | undefined): PairReading {
  let info: SelectedCandidatePair;
  if (previous?.id === pair.id) {
    info = previous.info;
  } else {
    const local = candidateInfo(report.get(str(pair.localCandidateId) ?? ''));
    const remote = candidateInfo(report.get(str(pair.remoteCandidateId) ?? ''));
    info = { local, remote, relayed: local.type === 'relay' || remote.type === 'relay' };
  }
  return {
    id: pair.id,
    info,
    bytesReceived: num(pair.bytesReceived),
    lastPacketReceivedTimestamp: num(pair.lastPacketReceivedTimestamp),
    currentRoundTripTime: num(pair.currentRoundTripTime),
    totalRoundTripTime: num(pair.totalRoundTripTime),
    responsesReceived: num(pair.responsesReceived),
    availableOutgoingBitrate: num(pair.availableOutgoingBitrate),
    availableIncomingBitrate: num(pair.availableIncomingBitrate),
  };
}
