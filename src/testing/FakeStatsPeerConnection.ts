import type { StatsLike, StatsReportLike } from '../core/stats/readStats';

/** One scripted `getStats()` answer: a report (or its stats as an array), or an error to reject with. */
export type ScriptedStats = StatsReportLike | readonly StatsLike[] | Error;

function toReport(stats: StatsReportLike | readonly StatsLike[]): StatsReportLike {
  return Array.isArray(stats)
    ? new Map((stats as readonly StatsLike[]).map((s) => [s.id, s]))
    : (stats as StatsReportLike);
}

/**
 * A stand-in for `RTCPeerConnection` in stats tests: `getStats()` answers from a script (reports
 * recorded with `[...(await pc.getStats()).values()]`, or built by hand), and the connection state
 * is set by the test. Pass it wherever rtckit takes a connection for stats (`useStats`,
 * `useConnectionQuality`, `QualityBadge`, `StatsCollector`).
 *
 * @example
 * ```ts
 * const pc = new FakeStatsPeerConnection(recordedReports); // or (call) => reportFor(call)
 * render(<QualityBadge pc={pc as unknown as RTCPeerConnection} />);
 * pc.setConnectionState('disconnected');
 * ```
 */
export class FakeStatsPeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'connected';
  iceConnectionState: RTCIceConnectionState = 'connected';
  /** How many times `getStats()` was called. */
  getStatsCalls = 0;
  readonly #script: readonly ScriptedStats[] | ((call: number) => ScriptedStats);

  /**
   * @param script The answers in order (the last one repeats once they run out), or a function of
   * the call number (0, 1, 2, …).
   */
  constructor(script: readonly ScriptedStats[] | ((call: number) => ScriptedStats)) {
    super();
    this.#script = script;
  }

  getStats(): Promise<StatsReportLike> {
    const call = this.getStatsCalls++;
    if (this.connectionState === 'closed') {
      return Promise.reject(new DOMException('The RTCPeerConnection is closed.', 'InvalidStateError'));
    }
    const script = this.#script;
    const answer = typeof script === 'function' ? script(call) : script[Math.min(call, script.length - 1)];
    if (answer === undefined) return Promise.reject(new Error('FakeStatsPeerConnection: empty script'));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(toReport(answer));
  }

  /** Sets `connectionState` (and the matching ICE state) and fires `connectionstatechange`. */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.iceConnectionState = state === 'connecting' ? 'checking' : (state as RTCIceConnectionState);
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  close(): void {
    this.setConnectionState('closed');
  }
}
