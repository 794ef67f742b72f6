// Hand-built getStats() reports for hook and component tests: one received VP8 stream whose
// counters advance by one second per call, with as much packet loss as the test asks for.
import type { StatsLike } from 'rtckit/core';

export interface ReceiverScript {
  /** Loss (0–1) for the interval ending at call `n`. Default: none. */
  readonly loss?: (call: number) => number;
  /** Kilobits per second received at call `n`. Default 800. */
  readonly kbps?: (call: number) => number;
}

/** A `(call) => stats[]` script for FakePeerConnection. */
export function receiverReports({ loss = () => 0, kbps = () => 800 }: ReceiverScript = {}) {
  let bytes = 0;
  let received = 0;
  let lost = 0;
  let frames = 0;
  let last = -1;
  return (call: number): StatsLike[] => {
    // Advance the counters once per call, so a script can be polled in order.
    for (let c = last + 1; c <= call; c++) {
      if (c === 0) continue;
      const packets = 70;
      const missing = Math.round((packets * loss(c)) / (1 - loss(c)));
      bytes += (kbps(c) * 1000) / 8;
      received += packets;
      lost += missing;
      frames += 30;
    }
    last = call;
    const timestamp = 1_000_000 + call * 1000;
    return [
      {
        id: 'IT01V1',
        type: 'inbound-rtp',
        timestamp,
        kind: 'video',
        ssrc: 1,
        mid: '1',
        codecId: 'C1',
        bytesReceived: bytes,
        packetsReceived: received,
        packetsLost: lost,
        jitter: 0.002,
        framesDecoded: frames,
        framesPerSecond: 30,
        frameWidth: 640,
        frameHeight: 480,
        freezeCount: 0,
        totalFreezesDuration: 0,
      },
      { id: 'C1', type: 'codec', timestamp, mimeType: 'video/VP8' },
      { id: 'T1', type: 'transport', timestamp, selectedCandidatePairId: 'CP1' },
      {
        id: 'CP1',
        type: 'candidate-pair',
        timestamp,
        localCandidateId: 'L1',
        remoteCandidateId: 'R1',
        currentRoundTripTime: 0.02,
        lastPacketReceivedTimestamp: timestamp - 5,
        bytesReceived: bytes,
      },
      { id: 'L1', type: 'local-candidate', timestamp, candidateType: 'host', protocol: 'udp' },
      { id: 'R1', type: 'remote-candidate', timestamp, candidateType: 'srflx', protocol: 'udp' },
    ];
  };
}
