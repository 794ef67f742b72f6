/** Options for {@link FakeRtpSender} beyond its track and encodings. */
export interface FakeRtpSenderOptions {
  /** The media id of its transceiver, for fakes that list transceivers. Default `'0'`. */
  readonly mid?: string;
  /**
   * Make `getParameters()` keep reporting the encodings the sender started with, whatever was set
   * since (as Safari has done), so a test can prove that code never relies on reading its own
   * changes back.
   */
  readonly misreports?: boolean;
}

/**
 * An `RTCRtpSender` for jsdom tests that records what the code under test asks of it — every
 * `setParameters` and `replaceTrack` call, in order — and checks `setParameters` as a browser
 * does: it needs the `transactionId` of the latest `getParameters()`, may not change the number of
 * encodings, and takes effect asynchronously.
 *
 * @example
 * ```ts
 * const sender = new FakeRtpSender(new FakeMediaStreamTrack('video', { width: 1280, height: 720 }));
 * await controller.apply(); // code under test
 * expect(sender.parameterHistory.at(-1)?.encodings[0]?.maxBitrate).toBe(300_000);
 * ```
 */
export class FakeRtpSender {
  track: MediaStreamTrack | null;
  readonly mid: string;
  /** Every parameters object `setParameters` accepted, in order. */
  readonly parameterHistory: RTCRtpSendParameters[] = [];
  /** Every track passed to `replaceTrack`, in order. */
  readonly replacedTracks: (MediaStreamTrack | null)[] = [];
  /** When set, the next `setParameters` rejects with it (and then it is cleared). */
  failNext: Error | null = null;
  #parameters: RTCRtpSendParameters;
  readonly #initial: RTCRtpEncodingParameters[];
  readonly #misreports: boolean;
  #transactions = 0;
  #transactionId = '';

  constructor(
    track: MediaStreamTrack | null = null,
    encodings: RTCRtpEncodingParameters[] = [{ active: true }],
    options: FakeRtpSenderOptions = {},
  ) {
    this.track = track;
    this.mid = options.mid ?? '0';
    this.#misreports = options.misreports ?? false;
    this.#initial = structuredClone(encodings);
    this.#parameters = {
      transactionId: '',
      encodings: structuredClone(encodings),
      codecs: [],
      headerExtensions: [],
      rtcp: {},
    };
  }

  /** The parameters the sender has now (what a browser would be applying), whatever it reports. */
  get current(): RTCRtpSendParameters {
    return structuredClone(this.#parameters);
  }

  getParameters(): RTCRtpSendParameters {
    this.#transactionId = `t${++this.#transactions}`;
    const parameters = structuredClone({ ...this.#parameters, transactionId: this.#transactionId });
    if (this.#misreports) {
      parameters.encodings = structuredClone(this.#initial);
      delete parameters.degradationPreference;
    }
    return parameters;
  }

  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    const failure = this.failNext;
    this.failNext = null;
    if (parameters.transactionId !== this.#transactionId) {
      throw new DOMException('Stale transaction id: call getParameters() first.', 'InvalidStateError');
    }
    this.#transactionId = '';
    if (parameters.encodings.length !== this.#parameters.encodings.length) {
      throw new DOMException('The number of encodings cannot change.', 'InvalidModificationError');
    }
    await Promise.resolve();
    if (failure) throw failure;
    this.#parameters = structuredClone(parameters);
    this.parameterHistory.push(structuredClone(parameters));
  }

  async replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.replacedTracks.push(track);
    this.track = track;
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map() as unknown as RTCStatsReport;
  }
}
