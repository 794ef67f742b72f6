/** The encodings a sender had before rtckit first changed them. */
export interface OriginalSenderParameters {
  readonly encodings: readonly RTCRtpEncodingParameters[];
  readonly degradationPreference: RTCDegradationPreference | undefined;
}

/**
 * The one owner of an `RTCRtpSender`'s encodings: every change rtckit makes to them — bitrate
 * adaptation's plans, putting the original back, the off-and-on that makes a key frame — goes
 * through here, one `setParameters` at a time. Two at once would race: the second carries the
 * transaction id of a `getParameters()` the first made stale, and the browser refuses it (or a
 * key-frame restart reads a plan half applied). Get it from `sharedSenderParameters`, so that every
 * controller and session touching a sender shares its queue.
 *
 * @example
 * ```ts
 * const parameters = senderParametersOf(sender);
 * parameters.original(); // { encodings: [{ active: true }], degradationPreference: undefined }
 * await parameters.set([{ active: true, maxBitrate: 300_000 }], 'maintain-framerate');
 * await parameters.restartFromKeyFrame();
 * await parameters.setTrackless(true); // after replaceTrack(null): nothing is sent
 * await parameters.set(parameters.original()!.encodings, parameters.original()!.degradationPreference);
 * ```
 */
export class SenderParameters {
  readonly sender: RTCRtpSender;
  #original: OriginalSenderParameters | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #noDegradationPreference = false;
  #trackless = false;
  #lastSet: readonly RTCRtpEncodingParameters[] | null = null;

  constructor(sender: RTCRtpSender) {
    this.sender = sender;
  }

  /**
   * The encodings the sender had before rtckit first changed them, read once and kept: browsers
   * (Safari) do not always report back what was set, so rtckit never reads its own changes back.
   * `null` while the sender has no encodings yet (not negotiated).
   */
  original(): OriginalSenderParameters | null {
    if (this.#original) return this.#original;
    const parameters = this.sender.getParameters();
    if (!parameters.encodings?.length) return null;
    this.#original = {
      encodings: parameters.encodings.map((encoding) => ({ ...encoding })),
      degradationPreference: parameters.degradationPreference,
    };
    return this.#original;
  }

  /**
   * Sets these encodings (a copy of them, never what the browser reports back) and the degradation
   * preference (the original one when `undefined`), after every change queued before. An engine
   * without `degradationPreference` gets the encodings alone. Rejects when the sender refuses them,
   * e.g. when their number differs from the sender's.
   */
  set(
    encodings: readonly RTCRtpEncodingParameters[],
    degradationPreference?: RTCDegradationPreference | undefined,
  ): Promise<void> {
    return this.#serially(() => this.#setNow(encodings, degradationPreference));
  }

  /**
   * Makes the sender start again from a key frame: there is no standard call for it, so its
   * active encodings are switched off and on again (a re-enabled encoding starts with a key frame),
   * in one turn of the queue so no other change lands between. Best effort, never rejects: the
   * video is never left off while the sender takes parameters at all.
   */
  restartFromKeyFrame(): Promise<void> {
    return this.#serially(() => this.#restartNow());
  }

  /**
   * Says whether the sender has no track (`replaceTrack(null)`: the camera is off). While it has
   * none every encoding is switched off, as Firefox otherwise goes on repeating the last frame about
   * once a second and the other side shows a frozen picture instead of no video; encodings set
   * meanwhile are kept and take effect, as set, when the track is back (a re-enabled encoding
   * starts from a key frame). Best effort, never rejects.
   */
  setTrackless(trackless: boolean): Promise<void> {
    return this.#serially(async () => {
      if (trackless === this.#trackless) return;
      const original = this.original(); // before the encodings are switched off
      this.#trackless = trackless;
      const wanted = this.#lastSet ?? original?.encodings;
      const parameters = this.sender.getParameters();
      if (!parameters.encodings?.length) return;
      parameters.encodings.forEach((encoding, i) => {
        encoding.active = !trackless && wanted?.[i]?.active !== false;
      });
      await this.sender.setParameters(parameters).catch(() => {});
    });
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #setNow(
    encodings: readonly RTCRtpEncodingParameters[],
    degradationPreference: RTCDegradationPreference | undefined,
  ): Promise<void> {
    this.original(); // what it had before this first change
    const parameters = this.sender.getParameters();
    if (parameters.encodings.length !== encodings.length) {
      throw new Error(
        `The sender has ${parameters.encodings.length} encodings, the controller planned ${encodings.length}.`,
      );
    }
    this.#lastSet = encodings.map((encoding) => ({ ...encoding }));
    parameters.encodings = this.#applicable(encodings);
    const preference = degradationPreference ?? this.#original?.degradationPreference;
    if (preference !== undefined && !this.#noDegradationPreference) parameters.degradationPreference = preference;
    try {
      await this.sender.setParameters(parameters);
    } catch (cause) {
      if (parameters.degradationPreference === undefined || this.#noDegradationPreference) throw cause;
      // An engine without degradationPreference support: go on without it.
      this.#noDegradationPreference = true;
      const retry = this.sender.getParameters();
      retry.encodings = this.#applicable(encodings);
      await this.sender.setParameters(retry);
    }
  }

  /** A copy of `encodings` to send now: all of them off while the sender has no track. */
  #applicable(encodings: readonly RTCRtpEncodingParameters[]): RTCRtpEncodingParameters[] {
    return encodings.map((encoding) => (this.#trackless ? { ...encoding, active: false } : { ...encoding }));
  }

  async #restartNow(): Promise<void> {
    const sender = this.sender;
    this.original(); // before the encodings are switched off
    const off = sender.getParameters();
    const active = off.encodings.map((encoding) => encoding.active !== false);
    if (!active.includes(true)) return;
    const turnOn = async () => {
      // Read again: setParameters wants the transaction id of a fresh getParameters().
      const on = sender.getParameters();
      on.encodings.forEach((encoding, i) => (encoding.active = active[i] ?? true));
      await sender.setParameters(on);
    };
    let turnedOff = false;
    try {
      off.encodings.forEach((encoding) => (encoding.active = false));
      await sender.setParameters(off);
      turnedOff = true;
      await turnOn();
    } catch {
      // A closing connection, or a sender changed outside rtckit. Never leave the video switched
      // off: try once more to turn it back on.
      if (turnedOff) await turnOn().catch(() => {});
    }
  }
}
