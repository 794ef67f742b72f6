/**
 * An `RTCRtpSender` for jsdom tests that records what the code under test asks of it:
 * every `setParameters` and `replaceTrack` call, in order.
 *
 * @example
 * ```ts
 * const sender = pc.addTrack(videoTrack);
 * await controller.apply(); // code under test
 * expect(sender.parameterHistory.at(-1)?.encodings[0]?.maxBitrate).toBe(300_000);
 * ```
 */
export class FakeRtpSender {
  track: MediaStreamTrack | null;
  /** Every parameters object passed to `setParameters`, in order. */
  readonly parameterHistory: RTCRtpSendParameters[] = [];
  /** Every track passed to `replaceTrack`, in order. */
  readonly replacedTracks: (MediaStreamTrack | null)[] = [];
  #parameters: RTCRtpSendParameters;
  #transactions = 0;

  constructor(track: MediaStreamTrack | null, encodings: RTCRtpEncodingParameters[] = [{ active: true }]) {
    this.track = track;
    this.#parameters = { transactionId: 't0', encodings, codecs: [], headerExtensions: [], rtcp: {} };
  }

  getParameters(): RTCRtpSendParameters {
    return structuredClone({ ...this.#parameters, transactionId: `t${++this.#transactions}` });
  }

  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    this.parameterHistory.push(structuredClone(parameters));
    this.#parameters = structuredClone(parameters);
  }

  async replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.replacedTracks.push(track);
    this.track = track;
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map() as unknown as RTCStatsReport;
  }
}
