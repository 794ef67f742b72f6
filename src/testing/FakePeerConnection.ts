import { systemClock, type Clock, type TimerHandle } from '../core/clock';
import type { StatsLike, StatsReportLike } from '../core/stats/readStats';
import { FakeRtpReceiver } from './FakeRtpReceiver';
import { FakeRtpSender } from './FakeRtpSender';
import {
  NETWORK_CONDITIONS,
  networkStatsScript,
  type NetworkCondition,
  type NetworkProfile,
} from './networkConditions';

/** One scripted `getStats()` answer: a report (or its stats as an array), or an error to reject with. */
export type ScriptedStats = StatsReportLike | readonly StatsLike[] | Error;

/** Options for {@link FakePeerConnection}. */
export interface FakePeerConnectionInit {
  /**
   * What `getStats()` answers: answers in order (the last repeats), e.g. reports recorded with
   * `[...(await pc.getStats()).values()]`, or a function of the call number. Default: a simulated
   * call on the `network` condition.
   */
  readonly stats?: readonly ScriptedStats[] | ((call: number) => ScriptedStats);
  /** The simulated network when `stats` is not given. Default `'clean'`. */
  readonly network?: NetworkCondition | NetworkProfile;
  /** Default `'connected'`. */
  readonly connectionState?: RTCPeerConnectionState;
  /** Times the black hole's `disconnected` (after 5 s) and `failed` (after 15 s), as Chromium does. */
  readonly clock?: Clock;
}

/**
 * One transceiver of a {@link FakePeerConnection}: the half a test added, a sender (`addTrack`,
 * `addSender`) or a receiver (`addReceiver`), under its media id.
 */
export interface FakeTransceiver {
  readonly mid: string;
  readonly direction: 'sendonly' | 'recvonly';
  readonly sender: FakeRtpSender | null;
  readonly receiver: FakeRtpReceiver | null;
}

const DISCONNECTED_AFTER_MS = 5000;
const FAILED_AFTER_MS = 15_000;
const RECONNECT_AFTER_MS = 100;

/**
 * A drop-in for `RTCPeerConnection` in jsdom, for testing what your UI does as a call's network
 * changes. `getStats()` answers from a script or from a simulated network you switch mid-test
 * (`setNetwork('lossy')`); a black hole takes the connection to `disconnected` after 5 s and
 * `failed` after 15 s (on the injected clock, so fake timers drive it), and `restartIce()` after the
 * network is back reconnects it. Senders record `setParameters` and `replaceTrack` (see
 * `FakeRtpSender`, which checks them as a browser does); receivers record `jitterBufferTarget`.
 * Each sender and receiver is a transceiver with its own media id, as after negotiation.
 *
 * @example
 * ```tsx
 * vi.useFakeTimers();
 * const pc = new FakePeerConnection({ network: 'clean' });
 * render(<QualityBadge pc={pc.asRTCPeerConnection()} />);
 * await vi.advanceTimersByTimeAsync(3000);
 * pc.setNetwork('lossy');
 * await vi.advanceTimersByTimeAsync(3000);
 * expect(screen.getByText(/poor/i)).toBeInTheDocument();
 * ```
 *
 * @example
 * ```ts
 * // Bitrate adaptation against scripted sender stats, with a sender the test made:
 * const pc = new FakePeerConnection({ stats: (call) => reportsForCall(call) });
 * const sender = pc.addSender(new FakeRtpSender(cameraTrack, [{ active: true, maxBitrate: 700_000 }]));
 * const abr = new BitrateController(pc.asRTCPeerConnection());
 * abr.subscribe(() => {});
 * await vi.advanceTimersByTimeAsync(0);
 * expect(sender.current.encodings[0]?.maxBitrate).toBe(1_500_000);
 * ```
 */
export class FakePeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState;
  iceConnectionState: RTCIceConnectionState;
  signalingState: RTCSignalingState = 'stable';
  /** How many times `getStats()` was called. */
  getStatsCalls = 0;
  /** How many times `restartIce()` was called. */
  restartIceCalls = 0;
  readonly #transceivers: FakeTransceiver[] = [];
  readonly #clock: Clock;
  readonly #script: readonly ScriptedStats[] | ((call: number) => ScriptedStats);
  #profile: NetworkProfile;
  #timers: TimerHandle[] = [];

  constructor(init: FakePeerConnectionInit = {}) {
    super();
    this.#clock = init.clock ?? systemClock;
    this.#profile = profileOf(init.network ?? 'clean');
    this.#script = init.stats ?? networkStatsScript(() => this.#profile);
    this.connectionState = init.connectionState ?? 'connected';
    this.iceConnectionState = iceStateFor(this.connectionState);
    if (this.#profile.blackHole) this.#scheduleOutage();
  }

  /** This object typed as an `RTCPeerConnection`, to pass to rtckit hooks and components. */
  asRTCPeerConnection(): RTCPeerConnection {
    return this as unknown as RTCPeerConnection;
  }

  /** The simulated network now. */
  get network(): NetworkProfile {
    return this.#profile;
  }

  getStats(): Promise<StatsReportLike> {
    const call = this.getStatsCalls++;
    if (this.connectionState === 'closed') {
      return Promise.reject(new DOMException('The RTCPeerConnection is closed.', 'InvalidStateError'));
    }
    const script = this.#script;
    const answer = typeof script === 'function' ? script(call) : script[Math.min(call, script.length - 1)];
    if (answer === undefined) return Promise.reject(new Error('FakePeerConnection: empty stats script'));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(toReport(answer));
  }

  /**
   * Switches the simulated network. Into a black hole, the connection goes `disconnected` after
   * 5 s and `failed` after 15 s; out of it, a `disconnected` connection recovers by itself, while a
   * `failed` one needs `restartIce()`.
   */
  setNetwork(network: NetworkCondition | NetworkProfile): void {
    const wasBlackHole = this.#profile.blackHole;
    this.#profile = profileOf(network);
    if (this.#profile.blackHole && !wasBlackHole) this.#scheduleOutage();
    if (!this.#profile.blackHole && wasBlackHole) {
      this.#clearTimers();
      if (this.connectionState === 'disconnected') this.#after(RECONNECT_AFTER_MS, 'connected');
    }
  }

  /** Sets `connectionState` (and the matching ICE state) and fires the change events. */
  setConnectionState(state: RTCPeerConnectionState): void {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this.iceConnectionState = iceStateFor(state);
    this.dispatchEvent(new Event('iceconnectionstatechange'));
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  /** Records the call; reconnects shortly when the network lets it. */
  restartIce(): void {
    this.restartIceCalls++;
    this.dispatchEvent(new Event('negotiationneeded'));
    if (!this.#profile.blackHole && this.connectionState !== 'closed') this.#after(RECONNECT_AFTER_MS, 'connected');
  }

  /** Sends `track` on a new transceiver (the next free media id); fires `negotiationneeded`. */
  addTrack(track: MediaStreamTrack): FakeRtpSender {
    return this.addSender(new FakeRtpSender(track, undefined, { mid: this.#nextMid() }));
  }

  /**
   * Adds a sender the test made — with its own encodings, media id or `misreports` — on a new
   * transceiver; fires `negotiationneeded`, as `addTrack` does. Throws when its media id is taken.
   */
  addSender(sender: FakeRtpSender): FakeRtpSender {
    this.#addTransceiver({ mid: sender.mid, direction: 'sendonly', sender, receiver: null });
    this.dispatchEvent(new Event('negotiationneeded'));
    return sender;
  }

  /**
   * Receives `track` from the other side on a new transceiver (the next free media id), as a
   * negotiation would; fires `track` with the receiver and its transceiver.
   */
  addReceiver(track: MediaStreamTrack): FakeRtpReceiver {
    const receiver = new FakeRtpReceiver(track);
    const transceiver = this.#addTransceiver({ mid: this.#nextMid(), direction: 'recvonly', sender: null, receiver });
    this.dispatchEvent(Object.assign(new Event('track'), { track, receiver, transceiver, streams: [] }));
    return receiver;
  }

  removeTrack(sender: FakeRtpSender): void {
    sender.track = null;
    this.dispatchEvent(new Event('negotiationneeded'));
  }

  getSenders(): FakeRtpSender[] {
    return this.#transceivers.flatMap((t) => (t.sender ? [t.sender] : []));
  }

  getReceivers(): FakeRtpReceiver[] {
    return this.#transceivers.flatMap((t) => (t.receiver ? [t.receiver] : []));
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.#transceivers];
  }

  close(): void {
    this.#clearTimers();
    this.signalingState = 'closed';
    this.setConnectionState('closed');
  }

  #addTransceiver(transceiver: FakeTransceiver): FakeTransceiver {
    if (this.#transceivers.some((t) => t.mid === transceiver.mid)) {
      throw new Error(`FakePeerConnection: media id ${transceiver.mid} is taken; give the sender another mid.`);
    }
    this.#transceivers.push(transceiver);
    return transceiver;
  }

  #nextMid(): string {
    let mid = this.#transceivers.length;
    while (this.#transceivers.some((t) => t.mid === String(mid))) mid++;
    return String(mid);
  }

  #scheduleOutage(): void {
    this.#clearTimers();
    if (this.connectionState !== 'connected') return;
    this.#after(DISCONNECTED_AFTER_MS, 'disconnected');
    this.#after(FAILED_AFTER_MS, 'failed');
  }

  #after(ms: number, state: RTCPeerConnectionState): void {
    this.#timers.push(
      this.#clock.setTimeout(() => {
        if (this.connectionState !== 'closed') this.setConnectionState(state);
      }, ms),
    );
  }

  #clearTimers(): void {
    for (const timer of this.#timers.splice(0)) this.#clock.clearTimeout(timer);
  }
}

function profileOf(network: NetworkCondition | NetworkProfile): NetworkProfile {
  return typeof network === 'string' ? NETWORK_CONDITIONS[network] : network;
}

function iceStateFor(state: RTCPeerConnectionState): RTCIceConnectionState {
  return state === 'connecting' ? 'checking' : state === 'new' ? 'new' : (state as RTCIceConnectionState);
}

function toReport(stats: StatsReportLike | readonly StatsLike[]): StatsReportLike {
  return Array.isArray(stats)
    ? new Map((stats as readonly StatsLike[]).map((s) => [s.id, s]))
    : (stats as StatsReportLike);
}
