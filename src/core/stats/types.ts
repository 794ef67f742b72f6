// The normalised sample a StatsCollector produces per tick. Every field that comes from a stat the
// browser may not report is optional: `undefined` means "this browser did not say", never zero.

import type { MediaKind } from '../media/LocalMedia';

export type { MediaKind };

/** Why the encoder lowers quality, as the browser reports it on `outbound-rtp`. */
export type QualityLimitationReason = 'none' | 'cpu' | 'bandwidth' | 'other';

/**
 * One RTP stream over one sample interval: an SSRC we send (for simulcast, one per layer, told apart
 * by `rid`) or receive. Rates are computed from counter deltas over the stats `timestamp`s.
 */
export interface RtpStreamSample {
  readonly ssrc: number;
  /** The transceiver's media id, when known. */
  readonly mid?: string;
  /** The simulcast layer (RTP stream id), for a sender with several encodings. */
  readonly rid?: string;
  /** The codec name without its kind, e.g. `'VP8'`, `'opus'`. */
  readonly codec?: string;
  /** Bits per second of RTP payload (`bytesSent` / `bytesReceived` deltas). */
  readonly bitrate?: number;
  /** RTP packets per second. */
  readonly packetRate?: number;
  /**
   * Fraction (0–1) of packets lost in the interval. Receiving: lost / (lost + received) from deltas.
   * Sending: the remote receiver's `packetsLost` delta from `remote-inbound-rtp` over the packets sent
   * in the span its reports cover, or its `fractionLost` when no new report arrived.
   */
  readonly packetLoss?: number;
  /** Interarrival jitter in ms (receiving: ours; sending: as the remote receiver reports it). */
  readonly jitterMs?: number;
  /** Round-trip time in ms measured by RTCP for this stream (mean over the interval when possible). */
  readonly rttMs?: number;
  /**
   * Sending: how old the remote receiver's newest report on this stream is at this tick, ms — the age
   * of `packetLoss`, `jitterMs` and `rttMs`. It grows while reports stop (nothing of ours arrives).
   */
  readonly reportAgeMs?: number;
  /** Whether the sender encoding is active (simulcast layers can be switched off). */
  readonly active?: boolean;
  /** Frames per second, from frame counters (encoded or decoded) or the browser's own `framesPerSecond`. */
  readonly framesPerSecond?: number;
  readonly frameWidth?: number;
  readonly frameHeight?: number;
  /** Freezes that ended in the interval (receiving video). */
  readonly freezeCount?: number;
  /** Milliseconds of freezes reported in the interval (receiving video). */
  readonly freezeDurationMs?: number;
  /**
   * Whether the picture froze in the interval (receiving video): a freeze was counted, or no frame
   * was decoded for longer than the freeze threshold. Derived from inter-frame delays where the
   * browser has no `freezeCount`.
   */
  readonly frozen?: boolean;
  /** Frames dropped by the receiver in the interval. */
  readonly framesDropped?: number;
  /** Why the encoder is limiting quality (sending video). */
  readonly qualityLimitationReason?: QualityLimitationReason;
  /** The encoder's target in bits per second (sending). */
  readonly targetBitrate?: number;
  /** Fraction (0–1) of audible samples the receiver had to conceal in the interval (receiving audio). */
  readonly concealment?: number;
}

/** All streams of one direction and kind, and their aggregate over the interval. */
export interface MediaSample {
  readonly kind: MediaKind;
  /** One entry per SSRC; a simulcast sender has one per layer. */
  readonly streams: readonly RtpStreamSample[];
  /** Sum over streams, bits per second. */
  readonly bitrate?: number;
  /** Packet-weighted loss over streams (0–1). */
  readonly packetLoss?: number;
  /** The worst stream's jitter. */
  readonly jitterMs?: number;
  /** The worst stream's RTCP round-trip time. */
  readonly rttMs?: number;
  /** Sending: the age of the freshest receiver report among the streams, ms. */
  readonly reportAgeMs?: number;
  readonly codec?: string;
  /** The largest layer's frame rate and size (video). */
  readonly framesPerSecond?: number;
  readonly frameWidth?: number;
  readonly frameHeight?: number;
  readonly freezeCount?: number;
  readonly freezeDurationMs?: number;
  readonly frozen?: boolean;
  readonly framesDropped?: number;
  /** The most severe limitation among layers: bandwidth, then cpu, then other. */
  readonly qualityLimitationReason?: QualityLimitationReason;
  /** Sum of the encoders' targets, bits per second. */
  readonly targetBitrate?: number;
  /** Sample-weighted concealment (0–1). */
  readonly concealment?: number;
}

/** Media we send (`outbound`) or receive (`inbound`), by kind; a kind with no stream is absent. */
export interface DirectionSample {
  readonly audio?: MediaSample;
  readonly video?: MediaSample;
}

/** One end of the selected ICE candidate pair. */
export interface CandidateInfo {
  /** `host`, `srflx`, `prflx` or `relay`. */
  readonly type?: RTCIceCandidateType;
  /** Transport to the peer: `udp` or `tcp`. */
  readonly protocol?: string;
  /** For a local relay candidate: how we reach the TURN server (`udp`, `tcp`, `tls`). */
  readonly relayProtocol?: string;
  readonly address?: string;
  readonly port?: number;
}

/** The candidate pair carrying the media. */
export interface SelectedCandidatePair {
  readonly local: CandidateInfo;
  readonly remote: CandidateInfo;
  /** Whether either end is a TURN relay. */
  readonly relayed: boolean;
}

/**
 * One normalised tick of `getStats()`: what happened on the connection since the previous tick.
 * Immutable; the collector never changes a sample once it is published.
 */
export interface StatsSample {
  /** The stats timestamp of this tick, in ms (the browser's clock). */
  readonly timestamp: number;
  /** Milliseconds since the previous tick, by the stats timestamps. */
  readonly intervalMs: number;
  /** `pc.connectionState` (or the ICE state where there is none) when the stats were taken. */
  readonly connectionState?: RTCPeerConnectionState;
  readonly outbound: DirectionSample;
  readonly inbound: DirectionSample;
  /**
   * Round-trip time in ms: the worst RTCP measurement of the streams we send, else the selected
   * candidate pair's STUN round-trip time.
   */
  readonly rttMs?: number;
  /** The congestion controller's estimate of what we can send, bits per second. */
  readonly availableOutgoingBitrate?: number;
  /** The estimate of what we can receive, bits per second (few browsers report it). */
  readonly availableIncomingBitrate?: number;
  readonly candidatePair?: SelectedCandidatePair;
  /**
   * How long nothing at all (media, RTCP or ICE) has arrived on the selected pair, in ms; `undefined`
   * when the browser reports neither the pair's `lastPacketReceivedTimestamp` nor its byte counters.
   */
  readonly silenceMs?: number;
}

/** Why a tick produced no sample. */
export type DropReason = 'counter-reset' | 'ssrc-changed' | 'stale';
