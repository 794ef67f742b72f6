/** The most playout delay a browser lets a receiver ask for, ms (Chromium and Firefox). */
const MAX_JITTER_BUFFER_TARGET_MS = 4000;

/**
 * An `RTCRtpReceiver` for jsdom tests: the track it receives and the `jitterBufferTarget` the code
 * under test sets, checked as a browser checks it (a number of ms from 0 to 4000, or `null` for
 * the browser's own choice; anything else throws a `RangeError`). Every accepted value is recorded.
 *
 * @example
 * ```ts
 * const pc = new FakePeerConnection();
 * const receiver = pc.addReceiver(new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack);
 * // … code under test runs …
 * expect(receiver.jitterBufferTarget).toBe(84);
 * ```
 */
export class FakeRtpReceiver {
  readonly track: MediaStreamTrack;
  /** Every value `jitterBufferTarget` was set to, in order. */
  readonly jitterBufferTargetHistory: (number | null)[] = [];
  #jitterBufferTarget: number | null = null;

  constructor(track: MediaStreamTrack) {
    this.track = track;
  }

  get jitterBufferTarget(): number | null {
    return this.#jitterBufferTarget;
  }

  set jitterBufferTarget(ms: number | null) {
    if (ms !== null && !(Number.isFinite(ms) && ms >= 0 && ms <= MAX_JITTER_BUFFER_TARGET_MS)) {
      throw new RangeError(`jitterBufferTarget must be between 0 and ${MAX_JITTER_BUFFER_TARGET_MS} ms, got ${ms}.`);
    }
    this.#jitterBufferTarget = ms;
    this.jitterBufferTargetHistory.push(ms);
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map() as unknown as RTCStatsReport;
  }
}
