// scoreQuality: one StatsSample in, a score, MOS, level and reasons out. Pure.
//
// The model (also on the docs page stories/ConnectionQuality.mdx):
//
// 1. Each direction is scored on its own: uplink from what we send (outbound streams, loss and
//    jitter as the remote receiver reports them), downlink from what we receive.
// 2. Per kind (audio, video) an E-model-style rating R is computed, as in ITU-T G.107 simplified
//    by Cole & Rosenbluth (2001):
//      R   = 93.2 − Id − Ie,eff − (video and audio penalties below)
//      d   = RTT/2 + 2·jitter + 10 ms                      (effective one-way latency)
//      Id  = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)       (delay impairment; H = step function)
//      Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl + Bpl)           (loss impairment, Ppl = loss in %, G.107)
//    with codec-specific Ie and Bpl (the codec's robustness to loss; CODEC_LOSS below).
//    Video also loses points for a low frame rate, a bitrate too low for its resolution, freezes,
//    and an encoder limited by CPU or bandwidth; audio for concealed (synthesised) samples; the
//    uplink for a congestion-control estimate below what video needs.
// 3. A direction's R is its worst kind's; the score is R scaled to 0–100 (R = 93.2 is 100).
//    The overall score is the worse direction's.
// 4. MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R), clamped to 1–4.5 (G.107 Annex B).
// 5. Levels: `lost` when the connection is disconnected or failed, or nothing at all has arrived
//    for LOST_AFTER_SILENCE_MS; `unknown` with no media to judge yet; otherwise by score:
//    excellent ≥ 85 (MOS ≈ 4.0), good ≥ 65 (MOS ≈ 3.1), poor below.
import type { MediaSample, StatsSample } from '../stats/types';
import type { QualityReason, QualityScore } from './types';
import { UNKNOWN_QUALITY } from './unknownQuality';

/** Codec robustness to random loss: `ie` (impairment with no loss) and `bpl` (loss robustness factor). */
export interface CodecLoss {
  readonly ie: number;
  readonly bpl: number;
}

/**
 * Loss weights per codec, lower-cased codec name → `{ ie, bpl }`. G.711 (PCMU/PCMA) with packet loss
 * concealment is ITU-T G.113 Appendix I's Ie = 0, Bpl = 25.1. The others are rtckit's calibration in
 * the same form: Opus has concealment and in-band FEC (more robust); video codecs lose whole frames
 * to a lost packet until NACK or a key frame repairs them, so their Bpl is lower, and H.264 (no
 * temporal layers in WebRTC's default profile) lower still.
 *
 * @example
 * ```ts
 * CODEC_LOSS.opus; // { ie: 0, bpl: 25 }
 * ```
 */
export const CODEC_LOSS: Readonly<Record<string, CodecLoss>> = {
  opus: { ie: 0, bpl: 25 },
  pcmu: { ie: 0, bpl: 25.1 },
  pcma: { ie: 0, bpl: 25.1 },
  g722: { ie: 0, bpl: 20 },
  red: { ie: 0, bpl: 30 },
  vp8: { ie: 0, bpl: 15 },
  vp9: { ie: 0, bpl: 18 },
  av1: { ie: 0, bpl: 18 },
  h264: { ie: 0, bpl: 12 },
  h265: { ie: 0, bpl: 12 },
};

/**
 * Loss weights for an audio or video codec rtckit does not know.
 *
 * @example
 * ```ts
 * const weights = CODEC_LOSS[codec] ?? DEFAULT_CODEC_LOSS.video;
 * ```
 */
export const DEFAULT_CODEC_LOSS: Readonly<Record<'audio' | 'video', CodecLoss>> = {
  audio: { ie: 0, bpl: 20 },
  video: { ie: 0, bpl: 15 },
};

/**
 * Every threshold the model uses; documented on the docs page with the formula.
 *
 * @example
 * ```ts
 * const isGoodEnough = (score: number) => score >= QUALITY_THRESHOLDS.good;
 * ```
 */
export const QUALITY_THRESHOLDS = {
  /** Score at or above which the level is `excellent`. */
  excellent: 85,
  /** Score at or above which the level is `good`; below it is `poor`. */
  good: 65,
  /** Nothing received for this long (ms) means `lost`, before the browser gives up on the connection. */
  lostAfterSilenceMs: 4000,
  /** Fixed codec and packetisation delay added to the effective latency, ms. */
  codecDelayMs: 10,
  /** A penalty of at least this many R points is named as a reason. */
  reasonMinPenalty: 5,
  /** Video frame rate at or above which there is no frame-rate penalty. */
  goodFps: 15,
  /** Bits per second per pixel at or above which video bitrate is enough for its resolution. */
  goodBitsPerPixel: 0.5,
  /** Largest penalty for a video bitrate far below its resolution's need, R points. */
  maxBitratePenalty: 25,
  /** Penalty for any freeze in the interval, plus `freezePenaltyPerFraction` × the frozen fraction. */
  freezePenalty: 10,
  freezePenaltyPerFraction: 50,
  /** Penalty when the encoder is limited by CPU, or by bandwidth (the picture is reduced: no longer excellent). */
  limitationPenalty: 15,
  /** Concealed-sample fraction above which audio loses points, and points per 1 % above it. */
  concealmentFloor: 0.02,
  concealmentPenaltyPerPercent: 3,
  /** Uplink video needs this much estimated outgoing bandwidth (bit/s) before it loses points. */
  videoUplinkBitrate: 300_000,
  audioUplinkBitrate: 64_000,
  /** Largest penalty for a low outgoing estimate, R points. */
  maxUplinkBandwidthPenalty: 30,
} as const;

/** The E-model's best rating with default settings: R = 93.2 is a score of 100. */
const R_MAX = 93.2;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round1 = (value: number) => Math.round(value * 10) / 10;

/** Delay impairment Id for an effective one-way latency `d` in ms (Cole & Rosenbluth 2001). */
function delayImpairment(d: number): number {
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** Loss impairment Ie,eff (ITU-T G.107) for a loss fraction 0–1. */
function lossImpairment(loss: number, codec: CodecLoss): number {
  const percent = loss * 100;
  return codec.ie + ((95 - codec.ie) * percent) / (percent + codec.bpl);
}

/**
 * The E-model's mean opinion score for a rating R (ITU-T G.107 Annex B), 1–4.5.
 *
 * @example
 * ```ts
 * mosFromRating(93.2); // 4.41
 * ```
 */
export function mosFromRating(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return clamp(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 1, 4.5);
}

/**
 * The MOS for a 0–100 score (score 100 is R = 93.2).
 *
 * @example
 * ```ts
 * mosFromScore(100); // 4.41
 * ```
 */
export function mosFromScore(score: number): number {
  return Math.round(mosFromRating((score / 100) * R_MAX) * 100) / 100;
}

/**
 * The level for a 0–100 score by {@link QUALITY_THRESHOLDS}.
 *
 * @example
 * ```ts
 * levelFromScore(70); // 'good'
 * ```
 */
export function levelFromScore(score: number): 'excellent' | 'good' | 'poor' {
  if (score >= QUALITY_THRESHOLDS.excellent) return 'excellent';
  if (score >= QUALITY_THRESHOLDS.good) return 'good';
  return 'poor';
}

const percent = (fraction: number) => `${fraction >= 0.1 ? Math.round(fraction * 100) : round1(fraction * 100)} %`;
const kbps = (bitsPerSecond: number) => `${Math.round(bitsPerSecond / 1000)} kbit/s`;
const your = (direction: 'uplink' | 'downlink') => (direction === 'uplink' ? 'your upload' : 'your download');
const incoming = (direction: 'uplink' | 'downlink') => (direction === 'uplink' ? 'Outgoing' : 'Incoming');

/** Names a penalty among the reasons when it is large enough to matter; returns the penalty. */
function charge(reasons: QualityReason[], penalty: number, reason: Omit<QualityReason, 'penalty'>): number {
  if (penalty >= QUALITY_THRESHOLDS.reasonMinPenalty) reasons.push({ ...reason, penalty: round1(penalty) });
  return penalty;
}

interface Rated {
  readonly rating: number;
  readonly reasons: QualityReason[];
}

/** The rating of one kind in one direction, with the reasons for every penalty worth naming. */
function rateKind(
  media: MediaSample,
  direction: 'uplink' | 'downlink',
  sample: StatsSample,
  delayPenalty: number,
): Rated {
  const t = QUALITY_THRESHOLDS;
  const reasons: QualityReason[] = [];
  const add = (code: QualityReason['code'], penalty: number, message: string, detail?: string) =>
    charge(reasons, penalty, { code, direction, message, detail });
  const codec = CODEC_LOSS[media.codec?.toLowerCase() ?? ''] ?? DEFAULT_CODEC_LOSS[media.kind];
  let rating = R_MAX - delayPenalty;

  const loss = media.packetLoss ?? 0;
  rating -= add('packet-loss', lossImpairment(loss, codec), `High packet loss on ${your(direction)}`, percent(loss));

  if (media.kind === 'video') {
    const label = `${incoming(direction)} video`;
    const fps = media.framesPerSecond;
    const sending = (media.bitrate ?? 0) > 0;
    if (media.frozen) {
      const fraction =
        media.freezeDurationMs !== undefined && media.freezeDurationMs > 0
          ? clamp(media.freezeDurationMs / sample.intervalMs, 0, 1)
          : 1;
      rating -= add(
        'video-frozen',
        t.freezePenalty + t.freezePenaltyPerFraction * fraction,
        `${label} froze`,
        media.freezeDurationMs ? `${round1(media.freezeDurationMs / 1000)} s` : undefined,
      );
    } else if (fps !== undefined && sending && fps < t.goodFps) {
      const penalty = fps >= 5 ? (t.goodFps - fps) * 2 : 20 + (5 - fps) * 4;
      rating -= add('low-frame-rate', penalty, `Low frame rate on ${label.toLowerCase()}`, `${Math.round(fps)} fps`);
    }
    const pixels = (media.frameWidth ?? 0) * (media.frameHeight ?? 0);
    if (pixels > 0 && media.bitrate !== undefined && sending) {
      const bitsPerPixel = media.bitrate / pixels;
      const shortfall = clamp((t.goodBitsPerPixel - bitsPerPixel) / t.goodBitsPerPixel, 0, 1);
      rating -= add(
        'low-video-bitrate',
        shortfall * t.maxBitratePenalty,
        `${label} bitrate is low for its size`,
        `${kbps(media.bitrate)} at ${media.frameWidth}×${media.frameHeight}`,
      );
    }
    if (media.qualityLimitationReason === 'cpu') {
      rating -= add('cpu', t.limitationPenalty, 'Video encoder limited by CPU');
    } else if (media.qualityLimitationReason === 'bandwidth') {
      rating -= add('bandwidth', t.limitationPenalty, 'Outgoing video limited by your upload bandwidth');
    }
  } else if (media.concealment !== undefined && media.concealment > t.concealmentFloor) {
    const penalty = (media.concealment - t.concealmentFloor) * 100 * t.concealmentPenaltyPerPercent;
    rating -= add(
      'audio-concealment',
      penalty,
      `${incoming(direction)} audio is breaking up`,
      `${percent(media.concealment)} concealed`,
    );
  }

  if (direction === 'uplink' && sample.availableOutgoingBitrate !== undefined) {
    const needed = media.kind === 'video' ? t.videoUplinkBitrate : t.audioUplinkBitrate;
    const shortfall = clamp((needed - sample.availableOutgoingBitrate) / needed, 0, 1);
    rating -= add(
      'bandwidth',
      shortfall * t.maxUplinkBandwidthPenalty,
      'Your upload bandwidth is low',
      kbps(sample.availableOutgoingBitrate),
    );
  }
  return { rating, reasons };
}

/** Whether a kind has anything to judge: a rate over the interval, and media flowing (or frozen). */
function judged(media: MediaSample | undefined, direction: 'uplink' | 'downlink'): media is MediaSample {
  if (!media || media.bitrate === undefined) return false;
  return media.bitrate > 0 || (direction === 'downlink' && media.frozen === true);
}

interface DirectionRating {
  readonly score: number | null;
  readonly reasons: QualityReason[];
}

function rateDirection(sample: StatsSample, direction: 'uplink' | 'downlink'): DirectionRating {
  const media = direction === 'uplink' ? sample.outbound : sample.inbound;
  const kinds: MediaSample[] = [];
  if (judged(media.audio, direction)) kinds.push(media.audio);
  if (judged(media.video, direction)) kinds.push(media.video);
  if (kinds.length === 0) return { score: null, reasons: [] };
  let jitterMs = 0;
  for (const kind of kinds) jitterMs = Math.max(jitterMs, kind.jitterMs ?? 0);
  const rttMs = sample.rttMs ?? 0;
  const delayPenalty = delayImpairment(rttMs / 2 + 2 * jitterMs + QUALITY_THRESHOLDS.codecDelayMs);
  let worst: Rated | undefined;
  const reasons: QualityReason[] = [];
  for (const kind of kinds) {
    const rated = rateKind(kind, direction, sample, delayPenalty);
    reasons.push(...rated.reasons);
    if (!worst || rated.rating < worst.rating) worst = rated;
  }
  // Delay is named once for both directions (see scoreQuality); jitter's share of it is this direction's own.
  const jitterPenalty = delayPenalty - delayImpairment(rttMs / 2 + QUALITY_THRESHOLDS.codecDelayMs);
  charge(reasons, jitterPenalty, {
    code: 'jitter',
    direction,
    message: `Unsteady timing on ${your(direction)}`,
    detail: `jitter ${Math.round(jitterMs)} ms`,
  });
  return { score: Math.round(clamp((worst!.rating / R_MAX) * 100, 0, 100)), reasons };
}

/**
 * Scores one stats sample: a 0–100 score, its MOS, a level and the reasons, for the whole
 * connection and per direction. Pure: the same sample always gives the same result. For a level
 * that does not flicker, pass the results through {@link smoothQuality} (as `useConnectionQuality`
 * does). The model and its thresholds are documented above and in {@link QUALITY_THRESHOLDS}.
 *
 * @example
 * ```ts
 * const { level, score, mos, reasons } = scoreQuality(collector.getSnapshot().latest);
 * if (level === 'poor') console.log(reasons.map((r) => r.message).join('; '));
 * ```
 */
export function scoreQuality(sample: StatsSample | null | undefined): QualityScore {
  if (!sample) return UNKNOWN_QUALITY;
  const state = sample.connectionState;
  if (state === 'disconnected' || state === 'failed') {
    const message = state === 'failed' ? 'The connection failed' : 'The connection was lost';
    return lost({ code: 'connection-lost', direction: 'both', message, penalty: 100 });
  }
  if (state === 'new' || state === 'connecting' || state === 'closed') return UNKNOWN_QUALITY;
  if (sample.silenceMs !== undefined && sample.silenceMs >= QUALITY_THRESHOLDS.lostAfterSilenceMs) {
    const seconds = Math.round(sample.silenceMs / 1000);
    return lost({
      code: 'nothing-received',
      direction: 'both',
      message: 'Nothing is arriving from the other side',
      detail: `${seconds} s`,
      penalty: 100,
    });
  }

  const uplink = rateDirection(sample, 'uplink');
  const downlink = rateDirection(sample, 'downlink');
  if (uplink.score === null && downlink.score === null) return UNKNOWN_QUALITY;
  const score = Math.min(uplink.score ?? 100, downlink.score ?? 100);

  const reasons = [...uplink.reasons, ...downlink.reasons];
  const rttMs = sample.rttMs ?? 0;
  const rttPenalty = delayImpairment(rttMs / 2 + QUALITY_THRESHOLDS.codecDelayMs);
  charge(reasons, rttPenalty, {
    code: 'round-trip-time',
    direction: 'both',
    message: 'High round-trip time',
    detail: `${Math.round(rttMs)} ms`,
  });
  if (reasons.length > 1) reasons.sort((a, b) => b.penalty - a.penalty);
  return {
    level: levelFromScore(score),
    score,
    mos: mosFromScore(score),
    reasons: reasons.length > 1 ? dedupe(reasons) : reasons,
    uplink: uplink.score === null ? 'unknown' : levelFromScore(uplink.score),
    downlink: downlink.score === null ? 'unknown' : levelFromScore(downlink.score),
    uplinkScore: uplink.score,
    downlinkScore: downlink.score,
  };
}

function lost(reason: QualityReason): QualityScore {
  return {
    level: 'lost',
    score: 0,
    mos: 1,
    reasons: [reason],
    uplink: 'lost',
    downlink: 'lost',
    uplinkScore: 0,
    downlinkScore: 0,
  };
}

/** Keeps the first (largest) reason per code and direction, e.g. bandwidth named by audio and video. */
function dedupe(reasons: QualityReason[]): QualityReason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = `${reason.code}/${reason.direction}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
