// Just enough of a sending RTCPeerConnection for BitrateController and useAdaptiveBitrate tests:
// getStats() from a script, and video senders listed with their transceivers' mids.
import type { StatsLike } from 'rtckit/core';
import type { FakeRtpSender } from 'rtckit/testing';

export class FakeSendingConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'connected';
  iceConnectionState: RTCIceConnectionState = 'connected';
  /** How many times `getStats()` was called. */
  getStatsCalls = 0;
  readonly #senders: FakeRtpSender[] = [];

  constructor(readonly script: (call: number) => StatsLike[]) {
    super();
  }

  getStats(): Promise<Map<string, StatsLike>> {
    const call = this.getStatsCalls++;
    if (this.connectionState === 'closed') return Promise.reject(new DOMException('closed', 'InvalidStateError'));
    return Promise.resolve(new Map(this.script(call).map((stats) => [stats.id, stats])));
  }

  addSender(sender: FakeRtpSender): void {
    this.#senders.push(sender);
  }

  getSenders(): FakeRtpSender[] {
    return [...this.#senders];
  }

  getTransceivers(): { mid: string; sender: FakeRtpSender }[] {
    return this.#senders.map((sender) => ({ mid: sender.mid, sender }));
  }

  asRTCPeerConnection(): RTCPeerConnection {
    return this as unknown as RTCPeerConnection;
  }
}
