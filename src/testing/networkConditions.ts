import type { StatsLike } from '../core/stats/readStats';

/** The named conditions {@link FakePeerConnection} can simulate. */
export type NetworkCondition = 'clean' | 'lossy' | 'capped' | 'black-hole';

/** What a simulated network does to a call with one audio and one video stream each way. */
export interface NetworkProfile {
  /** Video bitrate each way, in kbit/s (audio adds 32). */
  readonly videoKbps: number;
  /** Packet loss each way, in percent. */
  readonly lossPercent: number;
  readonly rttMs: number;
  readonly jitterMs: number;
  /** Frames per second sent and received, and their size. */
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  /** The sender's estimate of the available uplink (`availableOutgoingBitrate`), in kbit/s. */
  readonly availableKbps: number;
  readonly qualityLimitationReason: 'none' | 'cpu' | 'bandwidth' | 'other';
  /** Nothing gets through: every counter stops and the receiver freezes. */
  readonly blackHole?: boolean;
}

/**
 * The named conditions, modelled on what Chromium reports under each (see TESTING-WEBRTC.md):
 * `capped` is a 300 kbit/s link, `lossy` 10 % random loss, `black-hole` 100 % loss.
 *
 * @example
 * ```ts
 * const pc = new FakePeerConnection({ network: { ...NETWORK_CONDITIONS.lossy, lossPercent: 4 } });
 * ```
 */
export const NETWORK_CONDITIONS: Readonly<Record<NetworkCondition, NetworkProfile>> = {
  clean: {
    videoKbps: 1500,
    lossPercent: 0,
    rttMs: 30,
    jitterMs: 4,
    fps: 30,
    width: 1280,
    height: 720,
    availableKbps: 3500,
    qualityLimitationReason: 'none',
  },
  lossy: {
    videoKbps: 900,
    lossPercent: 10,
    rttMs: 60,
    jitterMs: 15,
    fps: 24,
    width: 960,
    height: 540,
    availableKbps: 500,
    qualityLimitationReason: 'none',
  },
  capped: {
    videoKbps: 250,
    lossPercent: 2,
    rttMs: 400,
    jitterMs: 30,
    fps: 15,
    width: 480,
    height: 270,
    availableKbps: 290,
    qualityLimitationReason: 'bandwidth',
  },
  'black-hole': {
    videoKbps: 0,
    lossPercent: 100,
    rttMs: 30,
    jitterMs: 4,
    fps: 0,
    width: 1280,
    height: 720,
    availableKbps: 3500,
    qualityLimitationReason: 'none',
    blackHole: true,
  },
};

const AUDIO_KBPS = 32;
const AUDIO_PACKETS = 50;
const VIDEO_PACKET_BYTES = 1100;

interface Counters {
  bytes: number;
  packets: number;
  lost: number;
  frames: number;
}

const zero = (): Counters => ({ bytes: 0, packets: 0, lost: 0, frames: 0 });

/**
 * A `getStats()` script for {@link FakePeerConnection}: a call with audio and video both ways
 * whose counters advance by one second per call under the condition `profile()` returns at that
 * moment, so a test can change the network mid-call. Reports carry the stats Chromium does
 * (`outbound-rtp`, `remote-inbound-rtp`, `inbound-rtp`, `candidate-pair`, `transport`, codecs).
 *
 * @example
 * ```ts
 * let condition: NetworkCondition = 'clean';
 * const pc = new FakePeerConnection({ stats: networkStatsScript(() => NETWORK_CONDITIONS[condition]) });
 * condition = 'capped'; // the next poll reports a capped link
 * ```
 */
export function networkStatsScript(profile: () => NetworkProfile): (call: number) => StatsLike[] {
  const sent = { audio: zero(), video: zero() };
  const received = { audio: zero(), video: zero() };
  let lastReceivedAt = 0;
  let last = -1;
  let current = profile();
  return (call) => {
    for (let c = last + 1; c <= call; c++) {
      current = profile();
      if (c === 0) continue;
      advance(sent, received, current);
      if (!current.blackHole) lastReceivedAt = timestampOf(c);
    }
    last = Math.max(last, call);
    return report(timestampOf(call), current, sent, received, lastReceivedAt);
  };
}

function timestampOf(call: number): number {
  return 1_700_000_000_000 + call * 1000;
}

function advance(
  sent: Record<'audio' | 'video', Counters>,
  received: Record<'audio' | 'video', Counters>,
  profile: NetworkProfile,
): void {
  const loss = profile.blackHole ? 1 : profile.lossPercent / 100;
  const videoPackets = Math.max(1, Math.round((profile.videoKbps * 1000) / 8 / VIDEO_PACKET_BYTES));
  const perKind = {
    audio: { packets: AUDIO_PACKETS, bytes: (AUDIO_KBPS * 1000) / 8, frames: 0 },
    video: { packets: videoPackets, bytes: (profile.videoKbps * 1000) / 8, frames: profile.fps },
  };
  for (const kind of ['audio', 'video'] as const) {
    const { packets, bytes, frames } = perKind[kind];
    sent[kind].packets += packets;
    sent[kind].bytes += bytes;
    sent[kind].frames += frames;
    const arrived = Math.round(packets * (1 - loss));
    received[kind].packets += arrived;
    received[kind].lost += packets - arrived;
    received[kind].bytes += packets === 0 ? 0 : (bytes * arrived) / packets;
    received[kind].frames += profile.blackHole ? 0 : frames;
    sent[kind].lost += packets - arrived; // what the remote side reports back
  }
}

function report(
  timestamp: number,
  profile: NetworkProfile,
  sent: Record<'audio' | 'video', Counters>,
  received: Record<'audio' | 'video', Counters>,
  lastReceivedAt: number,
): StatsLike[] {
  const rtt = profile.rttMs / 1000;
  const jitter = profile.jitterMs / 1000;
  const stats: StatsLike[] = [
    { id: 'CV', type: 'codec', timestamp, mimeType: 'video/VP8', payloadType: 96 },
    { id: 'CA', type: 'codec', timestamp, mimeType: 'audio/opus', payloadType: 111 },
    { id: 'T', type: 'transport', timestamp, selectedCandidatePairId: 'CP' },
    {
      id: 'CP',
      type: 'candidate-pair',
      timestamp,
      state: 'succeeded',
      nominated: true,
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: rtt,
      availableOutgoingBitrate: profile.availableKbps * 1000,
      bytesSent: sent.audio.bytes + sent.video.bytes,
      bytesReceived: received.audio.bytes + received.video.bytes,
      lastPacketReceivedTimestamp: lastReceivedAt,
    },
    { id: 'L', type: 'local-candidate', timestamp, candidateType: 'host', protocol: 'udp', address: '192.0.2.1' },
    { id: 'R', type: 'remote-candidate', timestamp, candidateType: 'srflx', protocol: 'udp', address: '198.51.100.7' },
  ];
  for (const kind of ['audio', 'video'] as const) {
    const ssrc = kind === 'audio' ? 1001 : 2002;
    const codecId = kind === 'audio' ? 'CA' : 'CV';
    const video = kind === 'video' ? { frameWidth: profile.width, frameHeight: profile.height } : {};
    stats.push(
      {
        id: `OT-${kind}`,
        type: 'outbound-rtp',
        timestamp,
        kind,
        ssrc,
        mid: kind === 'audio' ? '0' : '1',
        codecId,
        bytesSent: sent[kind].bytes,
        packetsSent: sent[kind].packets,
        ...(kind === 'video'
          ? {
              ...video,
              framesEncoded: sent.video.frames,
              framesSent: sent.video.frames,
              framesPerSecond: profile.fps,
              targetBitrate: profile.videoKbps * 1000,
              qualityLimitationReason: profile.qualityLimitationReason,
            }
          : {}),
      },
      {
        id: `RI-${kind}`,
        type: 'remote-inbound-rtp',
        timestamp,
        kind,
        ssrc,
        codecId,
        localId: `OT-${kind}`,
        packetsLost: sent[kind].lost,
        fractionLost: profile.blackHole ? 1 : profile.lossPercent / 100,
        jitter,
        roundTripTime: rtt,
      },
      {
        id: `IT-${kind}`,
        type: 'inbound-rtp',
        timestamp,
        kind,
        ssrc: ssrc + 1,
        mid: kind === 'audio' ? '0' : '1',
        codecId,
        bytesReceived: received[kind].bytes,
        packetsReceived: received[kind].packets,
        packetsLost: received[kind].lost,
        jitter,
        ...(kind === 'video'
          ? {
              ...video,
              framesDecoded: received.video.frames,
              framesReceived: received.video.frames,
              framesPerSecond: profile.blackHole ? 0 : profile.fps,
              freezeCount: 0,
              totalFreezesDuration: 0,
            }
          : { concealedSamples: 0, totalSamplesReceived: received.audio.packets * 960 }),
      },
    );
  }
  return stats;
}
