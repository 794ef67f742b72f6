// Turns two consecutive readings into one StatsSample: rates from counter deltas over the stats
// timestamps, loss from deltas, freezes and concealment over the interval. Pure.
import type { StatsReading, StreamReading } from './readStats';
import type {
  DirectionSample,
  DropReason,
  MediaKind,
  MediaSample,
  QualityLimitationReason,
  RtpStreamSample,
  StatsSample,
} from './types';

/** What a freeze is when the browser does not count freezes: the W3C `freezeCount` definition. */
const FREEZE_MIN_S = 0.15;
const FREEZE_FACTOR = 3;

/** A derived sample, or why the tick was dropped. Either way `lastReceivedAt` carries over. */
export type Derived =
  | { readonly sample: StatsSample; readonly dropped?: undefined; readonly lastReceivedAt: number | undefined }
  | { readonly sample?: undefined; readonly dropped: DropReason; readonly lastReceivedAt: number | undefined };

const delta = (now: number | undefined, before: number | undefined): number | undefined =>
  now === undefined || before === undefined ? undefined : now - before;

/** Whether a counter that may only grow went backwards. */
const wentBack = (now: number | undefined, before: number | undefined): boolean =>
  now !== undefined && before !== undefined && now < before;

/** Counters that only grow while a stream lives: one going backwards means the stream restarted. */
const GROWING = [
  'bytes',
  'packets',
  'frames',
  'freezeCount',
  'totalSamplesReceived',
  'concealedSamples',
  'roundTripTimeMeasurements',
] as const;

function reset(now: StreamReading, before: StreamReading): DropReason | undefined {
  if (now.ssrc !== before.ssrc) return 'ssrc-changed';
  return GROWING.some((counter) => wentBack(now[counter], before[counter])) ? 'counter-reset' : undefined;
}

/**
 * A round-trip time in ms: the mean over the interval from the cumulative total and count of
 * measurements when new ones arrived, else the latest single measurement (seconds).
 */
function meanRttMs(
  count: number | undefined,
  total: number | undefined,
  latest: number | undefined,
): number | undefined {
  if (count !== undefined && count > 0 && total !== undefined) return (total / count) * 1000;
  return latest === undefined ? undefined : latest * 1000;
}

interface StreamDerived {
  readonly sample: RtpStreamSample;
  /** Packets this stream's loss figure covers, to weight it in the aggregate. */
  readonly lossWeight: number;
  /** Samples this stream's concealment covers. */
  readonly concealmentWeight: number;
}

function deriveStream(now: StreamReading, before: StreamReading | undefined): StreamDerived {
  const seconds = before ? (now.timestamp - before.timestamp) / 1000 : 0;
  const rate = (d: number | undefined) => (d === undefined || seconds <= 0 ? undefined : d / seconds);
  const bytes = before && delta(now.bytes, before.bytes);
  const packets = before && delta(now.packets, before.packets);
  const frames = before && delta(now.frames, before.frames);

  let packetLoss: number | undefined;
  let lossWeight = 0;
  let reportAgeMs: number | undefined;
  let jitterMs = now.jitter === undefined ? undefined : now.jitter * 1000;
  if (now.direction === 'inbound') {
    // Late duplicates can lower the cumulative loss (RFC 3550): count that as no loss.
    const lost = before && delta(now.packetsLost, before.packetsLost);
    if (lost !== undefined && packets !== undefined) {
      lossWeight = Math.max(0, lost) + packets;
      packetLoss = lossWeight > 0 ? Math.max(0, lost) / lossWeight : undefined;
    }
  } else {
    ({ packetLoss, lossWeight } = sendLoss(now, before, packets, seconds));
    jitterMs = now.remoteJitter === undefined ? undefined : now.remoteJitter * 1000;
    // A report that stopped coming keeps its last values (Firefox keeps fractionLost 0 through a
    // black hole): its age tells the figures are old.
    reportAgeMs = now.remoteTimestamp === undefined ? undefined : Math.max(0, now.timestamp - now.remoteTimestamp);
  }
  const rttMs = meanRttMs(
    before && delta(now.roundTripTimeMeasurements, before.roundTripTimeMeasurements),
    before && delta(now.totalRoundTripTime, before.totalRoundTripTime),
    now.roundTripTime,
  );

  const sample: {
    -readonly [K in keyof RtpStreamSample]: RtpStreamSample[K];
  } = {
    ssrc: now.ssrc,
    mid: now.mid,
    rid: now.rid,
    codec: now.codec,
    bitrate: bytes === undefined ? undefined : rate(bytes * 8),
    packetRate: rate(packets),
    packetLoss,
    jitterMs,
    rttMs,
    reportAgeMs,
    active: now.active,
  };
  let concealmentWeight = 0;
  if (now.kind === 'video') {
    sample.framesPerSecond = frames !== undefined && seconds > 0 ? frames / seconds : now.framesPerSecond;
    sample.frameWidth = now.frameWidth;
    sample.frameHeight = now.frameHeight;
    if (now.direction === 'outbound') {
      sample.qualityLimitationReason = now.qualityLimitationReason;
      sample.targetBitrate = now.targetBitrate;
    } else if (before) {
      sample.framesDropped = delta(now.framesDropped, before.framesDropped);
      Object.assign(sample, freezes(now, before, frames, seconds));
    }
  } else if (now.direction === 'inbound' && before) {
    const total = delta(now.totalSamplesReceived, before.totalSamplesReceived);
    const concealed = delta(now.concealedSamples, before.concealedSamples);
    if (total !== undefined && total > 0 && concealed !== undefined) {
      const silent = delta(now.silentConcealedSamples, before.silentConcealedSamples) ?? 0;
      sample.concealment = Math.min(1, Math.max(0, concealed - silent) / total);
      concealmentWeight = total;
    }
  } else if (now.direction === 'outbound') {
    sample.targetBitrate = now.targetBitrate;
  }
  return { sample, lossWeight, concealmentWeight };
}

/**
 * Loss on what we send, from the remote receiver's reports. A new report's `packetsLost` delta is
 * divided by the packets we sent over the span between the two reports (reports arrive about every
 * second for video, every few seconds for audio); with no new report, its `fractionLost` stands.
 */
function sendLoss(
  now: StreamReading,
  before: StreamReading | undefined,
  packets: number | undefined,
  seconds: number,
): { packetLoss: number | undefined; lossWeight: number } {
  const reportSpan = before && delta(now.remoteTimestamp, before.remoteTimestamp);
  const lost = before && delta(now.remotePacketsLost, before.remotePacketsLost);
  if (reportSpan !== undefined && reportSpan > 0 && lost !== undefined && packets !== undefined && seconds > 0) {
    const covered = (packets / seconds) * (reportSpan / 1000);
    if (covered > 0) return { packetLoss: Math.min(1, Math.max(0, lost) / covered), lossWeight: covered };
  }
  if (now.remoteFractionLost !== undefined) return { packetLoss: now.remoteFractionLost, lossWeight: packets ?? 0 };
  return { packetLoss: undefined, lossWeight: 0 };
}

/**
 * Freezes in the interval. The browser's counters when it has them; and in every browser a stream
 * that decoded nothing for longer than the freeze threshold is frozen now (Chrome counts a freeze
 * only once it ends). Without `freezeCount`, one long gap among the interval's inter-frame delays
 * is estimated from `totalSquaredInterFrameDelay`, assuming the other frames kept the usual pace.
 */
function freezes(
  now: StreamReading,
  before: StreamReading,
  frames: number | undefined,
  seconds: number,
): Pick<RtpStreamSample, 'freezeCount' | 'freezeDurationMs' | 'frozen'> {
  const count = delta(now.freezeCount, before.freezeCount);
  const duration = delta(now.totalFreezesDuration, before.totalFreezesDuration);
  const priorFrames = before.frames ?? 0;
  const meanDelay =
    before.totalInterFrameDelay !== undefined && priorFrames > 1 ? before.totalInterFrameDelay / (priorFrames - 1) : 0;
  const threshold = Math.max(FREEZE_FACTOR * meanDelay, meanDelay + FREEZE_MIN_S);
  const stalled = frames === 0 && priorFrames > 0 && seconds >= threshold;
  if (count !== undefined) {
    return {
      freezeCount: count,
      freezeDurationMs: duration === undefined ? undefined : duration * 1000,
      frozen: count > 0 || stalled,
    };
  }
  const squared = delta(now.totalSquaredInterFrameDelay, before.totalSquaredInterFrameDelay);
  if (frames === undefined || squared === undefined || meanDelay === 0) return { frozen: stalled || undefined };
  const gap = frames > 0 ? Math.sqrt(Math.max(0, squared - (frames - 1) * meanDelay * meanDelay)) : 0;
  const froze = gap >= threshold;
  return {
    freezeCount: froze ? 1 : 0,
    freezeDurationMs: froze ? gap * 1000 : stalled ? seconds * 1000 : 0,
    frozen: froze || stalled,
  };
}

const LIMITATION_SEVERITY: Record<QualityLimitationReason, number> = { none: 0, other: 1, cpu: 2, bandwidth: 3 };

/** Adds `value` to a running total that stays `undefined` until something is defined. */
const add = (total: number | undefined, value: number | undefined) =>
  value === undefined ? total : (total ?? 0) + value;
const larger = (best: number | undefined, value: number | undefined) =>
  value === undefined || (best !== undefined && best >= value) ? best : value;
const smaller = (best: number | undefined, value: number | undefined) =>
  value === undefined || (best !== undefined && best <= value) ? best : value;
const sending = (s: RtpStreamSample) => (s.bitrate ?? 1) > 0 && s.active !== false;
const area = (s: RtpStreamSample) => (s.frameWidth ?? 0) * (s.frameHeight ?? 0);

/** One pass over a kind's streams (this runs every tick for every stream: no intermediate arrays). */
function aggregate(kind: MediaKind, derived: readonly StreamDerived[]): MediaSample {
  const streams: RtpStreamSample[] = new Array(derived.length);
  let bitrate: number | undefined;
  let lossSum = 0;
  let lossWeight = 0;
  let lossMax: number | undefined;
  let jitterMs: number | undefined;
  let rttMs: number | undefined;
  let reportAgeMs: number | undefined;
  let codec: string | undefined;
  let targetBitrate: number | undefined;
  // Video: frame rate and size come from the largest layer that is sending (or, failing that, any).
  let main: RtpStreamSample | undefined;
  let limitation: QualityLimitationReason | undefined;
  let freezeCount: number | undefined;
  let freezeDurationMs: number | undefined;
  let frozen: boolean | undefined;
  let framesDropped: number | undefined;
  // Audio.
  let concealedSum = 0;
  let concealedWeight = 0;
  let concealmentMax: number | undefined;

  for (let i = 0; i < derived.length; i++) {
    const d = derived[i]!;
    const s = d.sample;
    streams[i] = s;
    bitrate = add(bitrate, s.bitrate);
    if (s.packetLoss !== undefined) {
      lossSum += s.packetLoss * d.lossWeight;
      lossWeight += d.lossWeight;
      lossMax = larger(lossMax, s.packetLoss);
    }
    jitterMs = larger(jitterMs, s.jitterMs);
    rttMs = larger(rttMs, s.rttMs);
    reportAgeMs = smaller(reportAgeMs, s.reportAgeMs);
    codec ??= s.codec;
    targetBitrate = add(targetBitrate, s.targetBitrate);
    if (kind === 'video') {
      if (!main || (sending(s) && !sending(main)) || (sending(s) === sending(main) && area(s) > area(main))) main = s;
      const reason = s.qualityLimitationReason;
      if (
        reason !== undefined &&
        (limitation === undefined || LIMITATION_SEVERITY[reason] > LIMITATION_SEVERITY[limitation])
      )
        limitation = reason;
      freezeCount = add(freezeCount, s.freezeCount);
      freezeDurationMs = add(freezeDurationMs, s.freezeDurationMs);
      if (s.frozen !== undefined) frozen = frozen === true || s.frozen;
      framesDropped = add(framesDropped, s.framesDropped);
    } else if (s.concealment !== undefined) {
      concealedSum += s.concealment * d.concealmentWeight;
      concealedWeight += d.concealmentWeight;
      concealmentMax = larger(concealmentMax, s.concealment);
    }
  }

  const packetLoss = lossMax === undefined ? undefined : lossWeight > 0 ? lossSum / lossWeight : lossMax;
  if (kind === 'video') {
    return {
      kind,
      streams,
      bitrate,
      packetLoss,
      jitterMs,
      rttMs,
      reportAgeMs,
      codec,
      framesPerSecond: main?.framesPerSecond,
      frameWidth: main?.frameWidth,
      frameHeight: main?.frameHeight,
      freezeCount,
      freezeDurationMs,
      frozen,
      framesDropped,
      qualityLimitationReason: limitation,
      targetBitrate,
    };
  }
  const concealment =
    concealmentMax === undefined ? undefined : concealedWeight > 0 ? concealedSum / concealedWeight : concealmentMax;
  return { kind, streams, bitrate, packetLoss, jitterMs, rttMs, reportAgeMs, codec, concealment, targetBitrate };
}

function direction(derived: readonly StreamDerived[], dir: 'inbound' | 'outbound', all: readonly StreamReading[]) {
  let audio: StreamDerived[] | undefined;
  let video: StreamDerived[] | undefined;
  for (let i = 0; i < all.length; i++) {
    const stream = all[i]!;
    if (stream.direction !== dir) continue;
    if (stream.kind === 'audio') (audio ??= []).push(derived[i]!);
    else (video ??= []).push(derived[i]!);
  }
  const result: { audio?: MediaSample; video?: MediaSample } = {};
  if (audio) result.audio = aggregate('audio', audio);
  if (video) result.video = aggregate('video', video);
  return result as DirectionSample;
}

/**
 * Derives the sample for the interval between `before` and `now`. Returns `dropped` instead when a
 * stream's SSRC changed, a counter went backwards (a renegotiation or a restarted encoder) or the
 * report is not newer than the last: such an interval would produce nonsense.
 */
export function deriveSample(
  before: StatsReading,
  now: StatsReading,
  lastReceivedAt: number | undefined,
  connectionState?: RTCPeerConnectionState,
): Derived {
  const pair = now.pair;
  const pairBefore = before.pair?.id === pair?.id ? before.pair : undefined;
  // When the browser has no lastPacketReceivedTimestamp, the pair's byte counter tells whether anything
  // arrived. A newly selected pair's counter has no baseline and tells nothing: the last arrival stands
  // (ICE switches pairs while a black hole lasts, and that is no sign of life). With neither, when
  // anything last arrived is unknown, and so is the silence (not 0).
  let receivedAt = pair?.lastPacketReceivedTimestamp;
  if (receivedAt === undefined && pair?.bytesReceived !== undefined) {
    const arrived = delta(pair.bytesReceived, pairBefore?.bytesReceived);
    const switched = before.pair !== undefined && pairBefore === undefined;
    receivedAt = switched || (arrived !== undefined && arrived <= 0) ? lastReceivedAt : now.timestamp;
  }

  const intervalMs = now.timestamp - before.timestamp;
  if (!(intervalMs > 0)) return { dropped: 'stale', lastReceivedAt: receivedAt };

  const derived: StreamDerived[] = [];
  for (const stream of now.streams) {
    // A handful of streams: a linear search beats building a Map every tick.
    const prior = before.streams.find((s) => s.key === stream.key);
    if (prior) {
      const why = reset(stream, prior);
      if (why) return { dropped: why, lastReceivedAt: receivedAt };
    }
    derived.push(deriveStream(stream, prior));
  }

  const outbound = direction(derived, 'outbound', now.streams);
  const inbound = direction(derived, 'inbound', now.streams);

  // Firefox reports `currentRoundTripTime: 0` on pairs that never got an answer: no measurement.
  const pairRtt =
    pair?.responsesReceived === 0
      ? undefined
      : meanRttMs(
          delta(pair?.responsesReceived, pairBefore?.responsesReceived),
          delta(pair?.totalRoundTripTime, pairBefore?.totalRoundTripTime),
          pair?.currentRoundTripTime,
        );

  const sample: StatsSample = {
    timestamp: now.timestamp,
    intervalMs,
    connectionState,
    outbound,
    inbound,
    rttMs: larger(outbound.audio?.rttMs, outbound.video?.rttMs) ?? pairRtt,
    availableOutgoingBitrate: pair?.availableOutgoingBitrate,
    availableIncomingBitrate: pair?.availableIncomingBitrate,
    candidatePair: pair?.info,
    silenceMs: receivedAt === undefined ? undefined : Math.max(0, now.timestamp - receivedAt),
  };
  return { sample, lastReceivedAt: receivedAt };
}
