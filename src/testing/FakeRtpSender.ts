/** Options for {@link FakeRtpSender}. */
export interface FakeRtpSenderInit {
  /** The track it sends (a `FakeMediaStreamTrack` works); `null` for none. */
  readonly track?: MediaStreamTrack | null;
  /** Its encodings: one for a plain sender, one per layer for simulcast. Default `[{ active: true }]`. */
  readonly encodings?: readonly RTCRtpEncodingParameters[];
  /** The transceiver's media id, used by `FakeStatsPeerConnection.getTransceivers()`. Default `'0'`. */
  readonly mid?: string;
  /**
   * Make `getParameters()` keep reporting the encodings the sender started with, whatever was set
   * since (as Safari has done), so a test can prove that code never relies on reading its own
   * changes back.
   */
  readonly misreports?: boolean;
}

let transactions = 0;

/**
 * A stand-in for `RTCRtpSender` that keeps the parameters set on it and checks them as a browser
 * would: `setParameters` needs the `transactionId` of the latest `getParameters()`, may not change
 * the number of encodings, and takes effect asynchronously. Every accepted call is recorded.
 *
 * @example
 * ```ts
 * const sender = new FakeRtpSender({ track: new FakeMediaStreamTrack('video', { width: 1280, height: 720 }) });
 * const pc = new FakeStatsPeerConnection(reports);
 * pc.addSender(sender);
 * // … run code that adapts the bitrate, then:
 * expect(sender.applied.at(-1)?.encodings[0]?.maxBitrate).toBe(800_000);
 * ```
 */
export class FakeRtpSender {
  track: MediaStreamTrack | null;
  readonly mid: string;
  /** Every parameters object `setParameters` accepted, in order. */
  readonly applied: RTCRtpSendParameters[] = [];
  /** When set, the next `setParameters` rejects with it (and then it is cleared). */
  failNext: Error | null = null;
  #parameters: RTCRtpSendParameters;
  readonly #initial: readonly RTCRtpEncodingParameters[];
  #transactionId = '';
  readonly #misreports: boolean;

  constructor(init: FakeRtpSenderInit = {}) {
    this.track = init.track ?? null;
    this.mid = init.mid ?? '0';
    this.#misreports = init.misreports ?? false;
    this.#initial = (init.encodings ?? [{ active: true }]).map((encoding) => ({ ...encoding }));
    this.#parameters = {
      transactionId: '',
      encodings: this.#initial.map((encoding) => ({ ...encoding })),
      codecs: [],
      headerExtensions: [],
      rtcp: {},
    };
  }

  /** The parameters the sender has now (what a real browser would apply). */
  get current(): RTCRtpSendParameters {
    return clone(this.#parameters);
  }

  getParameters(): RTCRtpSendParameters {
    this.#transactionId = `t${++transactions}`;
    const parameters = clone(this.#parameters);
    parameters.transactionId = this.#transactionId;
    if (this.#misreports) {
      parameters.encodings = this.#initial.map((encoding) => ({ ...encoding }));
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
    this.#parameters = clone(parameters);
    this.applied.push(clone(parameters));
  }

  async replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.track = track;
  }
}

function clone(parameters: RTCRtpSendParameters): RTCRtpSendParameters {
  return { ...parameters, encodings: parameters.encodings.map((encoding) => ({ ...encoding })) };
}
