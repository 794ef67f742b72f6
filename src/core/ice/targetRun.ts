import type { Clock, TimerHandle } from '../clock';
import { messageOf } from '../errors';
import { IceKitError } from './iceErrors';
import type { IceCandidateErrorInfo, IceCandidateType, IceProbeFailure, IceProbeResult } from './iceProbeResult';
import { gatheringFailure, isCredentialRefusal, probeFailureError } from './probeFailure';
import type { ProbeTarget } from './probeTargets';
import { callThroughRelay, relayRoundTripMs } from './relayCall';

/** How often the relay call's stats are read until the browser has measured a round trip. */
const RTT_POLL_MS = 100;
const TYPE_ORDER: readonly IceCandidateType[] = ['host', 'srflx', 'prflx', 'relay'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The check of one server URL: a gathering connection with the server alone and, for TURN, a
 * second relay-only connection that calls it through the relay. Publishes a new result on every
 * change, and closes its connections when it ends (passed, failed, timed out or cancelled).
 * Internal to rtckit.
 *
 * @example
 * ```ts
 * const run = new TargetRun(target, RTCPeerConnection, systemClock, true, (result) => show(result));
 * run.start();
 * setTimeout(() => run.timeout(), 10_000);
 * await run.done;
 * ```
 */
export class TargetRun {
  /** Settles when the run has ended. */
  readonly done: Promise<void>;
  readonly #target: ProbeTarget;
  readonly #Connection: new (configuration?: RTCConfiguration) => RTCPeerConnection;
  readonly #clock: Clock;
  readonly #publish: (result: IceProbeResult) => void;
  readonly #abort = new AbortController();
  #result: IceProbeResult;
  #startedAt = 0;
  /** Gathering: `pending` until the server's candidate arrives (a failure ends the run at once). */
  #gathering: 'pending' | 'pass' = 'pending';
  /** The relay call (TURN): `none` when not made. */
  #call: 'none' | 'pending' | 'connected' | 'measured' | 'failed';
  #connections: RTCPeerConnection[] = [];
  #finished = false;
  #finish: () => void = () => {};
  #rttTimer: TimerHandle | null = null;

  constructor(
    target: ProbeTarget,
    Connection: new (configuration?: RTCConfiguration) => RTCPeerConnection,
    clock: Clock,
    relayCall: boolean,
    publish: (result: IceProbeResult) => void,
  ) {
    this.#target = target;
    this.#Connection = Connection;
    this.#clock = clock;
    this.#call = relayCall && target.initial.kind === 'turn' ? 'pending' : 'none';
    this.#publish = publish;
    this.#result = target.initial;
    this.done = new Promise((resolve) => (this.#finish = resolve));
  }

  start(): void {
    this.#startedAt = this.#clock.now();
    const configuration: RTCConfiguration = {
      iceServers: [this.#target.iceServer],
      iceTransportPolicy: this.#target.initial.kind === 'turn' ? 'relay' : 'all',
    };
    let gatherer: RTCPeerConnection;
    let callee: RTCPeerConnection | null = null;
    try {
      gatherer = this.#open(configuration);
      if (this.#call === 'pending') callee = this.#open(configuration);
    } catch (cause) {
      // The browser refused a configuration validateIceServers accepted (e.g. a scheme it lacks).
      this.#end({
        status: 'fail',
        failure: 'invalid',
        error: new IceKitError('invalid-rtc-config', { cause, detail: messageOf(cause) }),
      });
      return;
    }
    const { signal } = this.#abort;
    gatherer.addEventListener('icecandidate', ({ candidate }) => this.#onCandidate(candidate), { signal });
    gatherer.addEventListener('icecandidateerror', (event) => this.#onCandidateError(event), { signal });
    gatherer.addEventListener(
      'icegatheringstatechange',
      () => gatherer.iceGatheringState === 'complete' && this.#onGatheringComplete(),
      { signal },
    );
    // A negotiated channel gives the offer something to carry, and the relay call a transport.
    gatherer.createDataChannel('rtckit-ice-probe', { negotiated: true, id: 0 });
    if (callee) {
      callee.createDataChannel('rtckit-ice-probe', { negotiated: true, id: 0 });
      gatherer.addEventListener('connectionstatechange', () => this.#onCallState(gatherer), { signal });
      callThroughRelay(gatherer, callee, signal).catch(() => this.#callOver('failed'));
    } else {
      gatherer.setLocalDescription().catch((cause: unknown) => this.#fail('unreachable', cause));
    }
  }

  /** The deadline: decide with what is known. */
  timeout(): void {
    if (this.#finished) return;
    this.#update({ timedOut: true });
    if (this.#gathering === 'pending') this.#failGathering(true);
    else if (this.#call === 'connected')
      this.#end({ status: 'pass' }); // connected; no round trip read yet
    else this.#fail('relay-failed', undefined, true);
  }

  cancel(): void {
    this.#end({ status: 'cancelled' });
  }

  #open(configuration: RTCConfiguration): RTCPeerConnection {
    const pc = new this.#Connection(configuration);
    this.#connections.push(pc);
    return pc;
  }

  #elapsed(): number {
    return this.#clock.now() - this.#startedAt;
  }

  #update(patch: Partial<IceProbeResult>): void {
    if (this.#finished) return;
    this.#result = { ...this.#result, ...patch };
    this.#publish(this.#result);
  }

  #end(patch: Partial<IceProbeResult>): void {
    if (this.#finished) return;
    this.#update({ ...patch, durationMs: this.#elapsed() });
    this.#finished = true;
    this.#abort.abort();
    if (this.#rttTimer !== null) this.#clock.clearTimeout(this.#rttTimer);
    for (const pc of this.#connections) pc.close();
    this.#finish();
  }

  /** Ends the run once both gathering and the relay call (if any) have their answer. */
  #settle(): void {
    if (this.#finished || this.#gathering !== 'pass') return;
    if (this.#call === 'none' || this.#call === 'measured') this.#end({ status: 'pass' });
    else if (this.#call === 'failed') this.#fail('relay-failed');
  }

  #fail(failure: IceProbeFailure, cause?: unknown, timedOut = false): void {
    if (this.#finished) return;
    const errors = this.#result.candidateErrors;
    this.#end({
      status: 'fail',
      failure,
      reachable: failure !== 'unreachable',
      relayConnected: failure === 'relay-failed' ? false : this.#result.relayConnected,
      error: probeFailureError(this.#target.initial.url, failure, { timedOut, errors, cause }),
    });
  }

  // ——— gathering ———

  #onCandidate(candidate: RTCIceCandidate | null): void {
    if (!candidate?.candidate) return;
    const type = candidateTypeOf(candidate);
    const patch: Mutable<Partial<IceProbeResult>> = {};
    if (this.#result.firstCandidateMs === null) patch.firstCandidateMs = this.#elapsed();
    if (type && !this.#result.candidateTypes.includes(type)) {
      patch.candidateTypes = TYPE_ORDER.filter((t) => t === type || this.#result.candidateTypes.includes(t));
    }
    const fromServer = this.#target.initial.kind === 'turn' ? type === 'relay' : type === 'srflx';
    if (fromServer && this.#result.serverResponseMs === null) patch.serverResponseMs = this.#elapsed();
    this.#update(patch);
    if (fromServer) this.#passGathering();
  }

  #onCandidateError(event: Event): void {
    const e = event as RTCPeerConnectionIceErrorEvent;
    const info: IceCandidateErrorInfo = {
      errorCode: e.errorCode,
      errorText: e.errorText ?? '',
      address: e.address ?? null,
      port: e.port ?? null,
    };
    this.#update({ candidateErrors: [...this.#result.candidateErrors, info] });
    if (this.#gathering === 'pending' && isCredentialRefusal(info.errorCode)) this.#failGathering(false);
  }

  #onGatheringComplete(): void {
    if (this.#gathering !== 'pending') return;
    if (this.#target.initial.kind === 'stun' && this.#result.candidateErrors.length === 0) {
      // The server answered with an address the machine already has (no NAT on the way): the
      // browser drops such a reflexive candidate, but gathering completes only once it answered.
      this.#update({ serverResponseMs: this.#elapsed() });
      this.#passGathering();
      return;
    }
    this.#failGathering(false);
  }

  /** Gathering ended (or timed out) without a candidate from the server: say why from its errors. */
  #failGathering(timedOut: boolean): void {
    const failure = gatheringFailure(this.#result.candidateErrors);
    // Only silence is a timeout's fault; a refusal is the answer, whenever it came.
    this.#fail(failure, undefined, timedOut && failure === 'unreachable');
  }

  #passGathering(): void {
    if (this.#gathering === 'pass') return;
    this.#gathering = 'pass';
    this.#update({ reachable: true });
    this.#settle();
  }

  // ——— the relay call ———

  #onCallState(pc: RTCPeerConnection): void {
    if (pc.connectionState === 'connected' && this.#call === 'pending') {
      this.#call = 'connected';
      this.#update({ relayConnected: true });
      void this.#measureRtt(pc);
    } else if (pc.connectionState === 'failed') {
      this.#callOver('failed');
    }
  }

  /** Reads the round trip through the relay, polling until the browser has measured one. */
  async #measureRtt(pc: RTCPeerConnection): Promise<void> {
    const rtt = await relayRoundTripMs(pc).catch(() => null);
    if (this.#finished || this.#call !== 'connected') return;
    if (rtt === null) {
      this.#rttTimer = this.#clock.setTimeout(() => {
        this.#rttTimer = null;
        void this.#measureRtt(pc);
      }, RTT_POLL_MS);
      return;
    }
    this.#update({ rttMs: rtt });
    this.#callOver('measured');
  }

  #callOver(outcome: 'measured' | 'failed'): void {
    if (this.#finished || this.#call === 'measured' || this.#call === 'failed') return;
    this.#call = outcome;
    if (outcome === 'failed') this.#update({ relayConnected: false });
    this.#settle();
  }
}

function candidateTypeOf(candidate: RTCIceCandidate): IceCandidateType | null {
  const type = candidate.type ?? / typ (\w+)/.exec(candidate.candidate)?.[1];
  return type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : null;
}
