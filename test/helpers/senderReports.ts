// Hand-built getStats() reports of a sending peer for BitrateController tests: one VP8 stream and
// an audio stream whose counters advance by one second per call, the receiver's loss reports, and
// the candidate pair's bandwidth estimate, each as the test scripts it.
import type { StatsLike } from 'rtckit/core';

export interface SenderScript {
  /** Loss (0–1) the receiver reports for the second ending at call `n`. Default: none. */
  readonly loss?: (call: number) => number;
  /** `availableOutgoingBitrate` at call `n`, bits per second; `undefined` leaves it out. Default 5 Mbit/s. */
  readonly estimate?: (call: number) => number | undefined;
  /** Video kilobits per second sent at call `n`. Default 500. */
  readonly kbps?: (call: number) => number;
  /** `qualityLimitationReason` at call `n`. Default `'none'`. */
  readonly limitation?: (call: number) => string;
  /** Round-trip time in seconds. Default 0.02. */
  readonly rtt?: number;
}

/** A `(call) => stats[]` script for FakePeerConnection. */
export function senderReports({
  loss = () => 0,
  estimate = () => 5_000_000,
  kbps = () => 500,
  limitation = () => 'none',
  rtt = 0.02,
}: SenderScript = {}) {
  let bytes = 0;
  let packets = 0;
  let lost = 0;
  let frames = 0;
  let audioBytes = 0;
  let audioPackets = 0;
  let last = -1;
  return (call: number): StatsLike[] => {
    for (let c = last + 1; c <= call; c++) {
      if (c === 0) continue;
      bytes += (kbps(c) * 1000) / 8;
      packets += 100;
      lost += Math.round(100 * loss(c));
      frames += 30;
      audioBytes += 4000;
      audioPackets += 50;
    }
    last = call;
    const timestamp = 1_000_000 + call * 1000;
    const available = estimate(call);
    return [
      {
        id: 'OT01V1',
        type: 'outbound-rtp',
        timestamp,
        kind: 'video',
        ssrc: 1,
        mid: '0',
        codecId: 'C1',
        remoteId: 'RI01V1',
        bytesSent: bytes,
        packetsSent: packets,
        framesEncoded: frames,
        frameWidth: 640,
        frameHeight: 480,
        qualityLimitationReason: limitation(call),
        active: true,
      },
      {
        id: 'RI01V1',
        type: 'remote-inbound-rtp',
        timestamp,
        kind: 'video',
        ssrc: 1,
        packetsLost: lost,
        fractionLost: loss(call),
        roundTripTime: rtt,
      },
      {
        id: 'OT01A1',
        type: 'outbound-rtp',
        timestamp,
        kind: 'audio',
        ssrc: 2,
        mid: '1',
        bytesSent: audioBytes,
        packetsSent: audioPackets,
      },
      { id: 'C1', type: 'codec', timestamp, mimeType: 'video/VP8' },
      { id: 'T1', type: 'transport', timestamp, selectedCandidatePairId: 'CP1' },
      {
        id: 'CP1',
        type: 'candidate-pair',
        timestamp,
        localCandidateId: 'L1',
        remoteCandidateId: 'R1',
        currentRoundTripTime: rtt,
        lastPacketReceivedTimestamp: timestamp - 5,
        ...(available === undefined ? {} : { availableOutgoingBitrate: available }),
      },
      { id: 'L1', type: 'local-candidate', timestamp, candidateType: 'host', protocol: 'udp' },
      { id: 'R1', type: 'remote-candidate', timestamp, candidateType: 'host', protocol: 'udp' },
    ];
  };
}
