/** How a connection is doing, on `data-quality`: a closed union. */
export type QualityLevel = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** Which way a problem affects: what you send, what you receive, or both. */
export type QualityDirection = 'uplink' | 'downlink' | 'both';

/** What lowered the score, as a closed union; each comes with a sentence in `message`. */
export type QualityReasonCode =
  | 'connection-lost'
  | 'nothing-received'
  | 'packet-loss'
  | 'round-trip-time'
  | 'jitter'
  | 'bandwidth'
  | 'cpu'
  | 'video-frozen'
  | 'low-frame-rate'
  | 'low-video-bitrate'
  | 'audio-concealment'
  | 'recovering';

/** One cause of a lower score, in words a person understands. */
export interface QualityReason {
  readonly code: QualityReasonCode;
  readonly direction: QualityDirection;
  /** A short phrase that stays the same while the cause lasts, e.g. "High packet loss on your upload". */
  readonly message: string;
  /** The measured value behind it, e.g. "12 %"; changes from tick to tick. */
  readonly detail?: string;
  /** How many score points (0–100) this cause took away; reasons are sorted by it, largest first. */
  readonly penalty: number;
}

/** The result of {@link scoreQuality}: a score, its MOS and level, the reasons, and a level per direction. */
export interface QualityScore {
  /** The overall level: the worse of uplink and downlink. */
  readonly level: QualityLevel;
  /** 0–100 (100 is a perfect link), or `null` when the level is `unknown`. */
  readonly score: number | null;
  /** Mean opinion score, 1–4.5, from the score through the E-model's R-to-MOS curve; `null` when unknown. */
  readonly mos: number | null;
  readonly reasons: readonly QualityReason[];
  /** The level of what you send. */
  readonly uplink: QualityLevel;
  /** The level of what you receive. */
  readonly downlink: QualityLevel;
  readonly uplinkScore: number | null;
  readonly downlinkScore: number | null;
}
