// Applies the browser shims for RTCPeerConnection; imported here because this module creates connections.
import 'webrtc-adapter';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { messageOf, RtcKitError } from '../errors';
import { checkTurnCredentials } from './turnCredentials';
import { validateIceServers } from './validateIceServers';

/** An ICE candidate's type, as in `RTCIceCandidate.type`. */
export type IceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** What a server URL is for: `stun:`/`stuns:` or `turn:`/`turns:`. */
export type IceServerKind = 'stun' | 'turn';

/** Where the check of one server URL is: on `data-state` of the {@link IceProbe} row. */
export type IceProbeStatus = 'probing' | 'pass' | 'fail' | 'cancelled';

/**
 * Why a server failed its check:
 * - `invalid`: the entry breaks a rule of `validateIceServers` (nothing was sent);
 * - `credentials-expired`: its time-limited TURN credentials expire within `minCredentialValidityMs` (nothing was sent);
 * - `auth-failed`: the TURN server answered and refused the credentials (STUN error 401, 431 or 441);
 * - `refused`: the server answered with another error (403 forbidden, 486 quota, 508 capacity, …);
 * - `unreachable`: no answer — error 701, or nothing at all before the timeout (`timedOut`);
 * - `relay-failed`: the TURN server gave relay candidates, but two peers could not connect through it.
 */
export type IceProbeFailure =
  'invalid' | 'credentials-expired' | 'auth-failed' | 'refused' | 'unreachable' | 'relay-failed';

/** One `icecandidateerror` the browser reported for a server. */
export interface IceCandidateErrorInfo {
  /** A STUN error code (401 Unauthorized, 438 Stale Nonce, …) or 701 (no answer / cannot connect). */
  readonly errorCode: number;
  readonly errorText: string;
  /** The local address the request went out from (partly hidden by the browser). */
  readonly address: string | null;
  readonly port: number | null;
}

/** The check of one server URL. Replaced, never mutated, as the check goes on. */
export interface IceProbeResult {
  /** Index of the server in the `iceServers` given to {@link probeIce}. */
  readonly serverIndex: number;
  /** The URL checked; `null` when the entry has no usable URL. */
  readonly url: string | null;
  readonly kind: IceServerKind | null;
  readonly status: IceProbeStatus;
  /** `null` while probing, or when nothing was sent (invalid entry, expired credentials). */
  readonly failure: IceProbeFailure | null;
  /** Whether the server answered at all (an authentication failure is an answer). `null` until known. */
  readonly reachable: boolean | null;
  /** Whether the check ended at the timeout rather than on an answer. */
  readonly timedOut: boolean;
  /** Candidate types gathered with this server alone (TURN: relay-only gathering). */
  readonly candidateTypes: readonly IceCandidateType[];
  /** Milliseconds from the start of gathering to its first candidate. */
  readonly firstCandidateMs: number | null;
  /**
   * Milliseconds until the server answered: its first server-reflexive or relay candidate or, for a
   * STUN server whose reflexive address equals a host address (no NAT on the way), the end of
   * gathering without an error.
   */
  readonly serverResponseMs: number | null;
  /** TURN only: whether two local peers connected through this relay (`null` while unknown or not checked). */
  readonly relayConnected: boolean | null;
  /** TURN only: the round-trip time between those two peers through the relay, in milliseconds. */
  readonly rttMs: number | null;
  readonly candidateErrors: readonly IceCandidateErrorInfo[];
  /** The failure as an {@link RtcKitError} with a message and a hint, when `status` is `'fail'`. */
  readonly error: RtcKitError | null;
  /** How long the check took, once it ended. */
  readonly durationMs: number | null;
}

/** Options for {@link probeIce}. */
export interface ProbeIceOptions {
  /** Bound on the whole check, in milliseconds (servers are checked at once). Default 10 000. */
  readonly timeoutMs?: number;
  /** Aborting it stops the check, closes every connection and rejects with `'ice-probe-cancelled'`. */
  readonly signal?: AbortSignal;
  /** Also connect two local peers through each TURN server and measure their round trip. Default `true`. */
  readonly relayCall?: boolean;
  /**
   * TURN REST credentials that expire sooner than this (ms) fail as `credentials-expired` without
   * contacting the server. Default 60 000; `null` sends them anyway (to see what the server says).
   */
  readonly minCredentialValidityMs?: number | null;
  /** The wall clock for credential expiry, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** Called with every result list as the check goes on (the same list {@link probeIce} resolves with last). */
  readonly onProgress?: (results: readonly IceProbeResult[]) => void;
  /** Timers and the monotonic clock. */
  readonly clock?: Clock;
  /** The `RTCPeerConnection` implementation; default the global one. */
  readonly RTCPeerConnection?: new (configuration?: RTCConfiguration) => RTCPeerConnection;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const RTT_POLL_MS = 100;
const AUTH_ERRORS = new Set([401, 431, 441]);
const NO_ANSWER = 701;
const TYPE_ORDER: readonly IceCandidateType[] = ['host', 'srflx', 'prflx', 'relay'];

/**
 * A pre-call check of STUN and TURN servers. Each server URL is checked on its own connection
 * with that server alone (relay-only for TURN), all at once, and reported as it goes: reachable or
 * not, the candidate types it yields, time to the first candidate and to the server's answer, and
 * for TURN an authentication failure (the server answered and refused the credentials) apart from
 * unreachability. For each TURN server two local peers then connect through the relay and the
 * round trip between them is measured. Everything is bounded by `timeoutMs` and can be cancelled.
 *
 * Entries that break a rule of `validateIceServers`, or whose time-limited TURN credentials are
 * about to expire, fail without anything being sent.
 *
 * @throws {IceServerError} (rejects) when `iceServers` is not a list, or is empty or missing.
 * @throws {RtcKitError} (rejects) `'ice-probe-cancelled'` when `signal` aborts; `'webrtc-unsupported'` without `RTCPeerConnection`.
 * @example
 * ```ts
 * const results = await probeIce(
 *   [{ urls: 'stun:stun.example.org' }, { urls: 'turn:turn.example.org', username, credential }],
 *   { timeoutMs: 5000 },
 * );
 * for (const r of results) console.log(r.url, r.status, r.failure, r.candidateTypes, r.rttMs);
 * ```
 */
export function probeIce(iceServers: unknown, options: ProbeIceOptions = {}): Promise<IceProbeResult[]> {
  const [listError] = validateIceServers(iceServers, { requireServers: true }).filter((e) => e.serverIndex < 0);
  if (listError) return Promise.reject(listError);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    return Promise.reject(
      new RtcKitError('invalid-option', { detail: 'probeIce: timeoutMs must be a positive number.' }),
    );
  }
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelled(signal.reason));
  const Connection = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
  if (typeof Connection !== 'function') return Promise.reject(new RtcKitError('webrtc-unsupported'));

  const clock = options.clock ?? systemClock;
  const targets = targetsOf(iceServers as readonly unknown[], options);
  let results: IceProbeResult[] = targets.map((target) => target.initial);
  const publish = (index: number, result: IceProbeResult) => {
    if (results[index] === result) return;
    results = results.map((old, i) => (i === index ? result : old));
    options.onProgress?.(results);
  };
  options.onProgress?.(results);

  return new Promise<IceProbeResult[]>((resolve, reject) => {
    const runs = targets.map((target, index) =>
      target.initial.status === 'probing'
        ? new TargetRun(target, Connection, clock, options.relayCall ?? true, (result) => publish(index, result))
        : null,
    );
    const active = runs.filter((run): run is TargetRun => run !== null);
    let timer: TimerHandle | null = null;
    const cleanup = () => {
      if (timer !== null) clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      for (const run of active) run.cancel();
      reject(cancelled(signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = clock.setTimeout(() => {
      timer = null;
      for (const run of active) run.timeout();
    }, timeoutMs);
    void Promise.all(active.map((run) => run.done)).then(() => {
      if (signal?.aborted) return;
      cleanup();
      resolve(results);
    });
    for (const run of active) run.start();
  });
}

function cancelled(cause: unknown): RtcKitError {
  return new RtcKitError('ice-probe-cancelled', { cause });
}

// ——— what to check ———

interface Target {
  readonly initial: IceProbeResult;
  readonly iceServer: RTCIceServer;
}

const EMPTY: Omit<IceProbeResult, 'serverIndex' | 'url' | 'kind'> = {
  status: 'probing',
  failure: null,
  reachable: null,
  timedOut: false,
  candidateTypes: [],
  firstCandidateMs: null,
  serverResponseMs: null,
  relayConnected: null,
  rttMs: null,
  candidateErrors: [],
  error: null,
  durationMs: null,
};

function kindOf(url: string): IceServerKind | null {
  const scheme = /^\s*([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === 'stun' || scheme === 'stuns' ? 'stun' : scheme === 'turn' || scheme === 'turns' ? 'turn' : null;
}

/** One target per server URL; invalid entries and stale credentials come out already failed. */
function targetsOf(iceServers: readonly unknown[], options: ProbeIceOptions): Target[] {
  const problems = validateIceServers(iceServers);
  const stale =
    options.minCredentialValidityMs === null
      ? []
      : checkTurnCredentials(iceServers, { minValidityMs: options.minCredentialValidityMs, now: options.now });
  return iceServers.flatMap((server, serverIndex): Target[] => {
    const mine = problems.filter((problem) => problem.serverIndex === serverIndex);
    const whole = mine.find((problem) => problem.url === null);
    if (whole) {
      return [{ iceServer: { urls: [] }, initial: failed(serverIndex, null, 'invalid', whole) }];
    }
    const { urls, username, credential } = server as RTCIceServer;
    const list = (typeof urls === 'string' ? [urls] : urls).map(String);
    const expired = stale.find((error) => error.serverIndex === serverIndex);
    return list.map((url) => {
      const kind = kindOf(url);
      const problem = mine.find((p) => p.url === url);
      if (problem) return { iceServer: { urls: url }, initial: failed(serverIndex, url, 'invalid', problem, kind) };
      if (kind === 'turn' && expired) {
        return { iceServer: { urls: url }, initial: failed(serverIndex, url, 'credentials-expired', expired, kind) };
      }
      const iceServer: RTCIceServer = kind === 'turn' ? { urls: url, username, credential } : { urls: url };
      return { iceServer, initial: { serverIndex, url, kind, ...EMPTY } };
    });
  });
}

function failed(
  serverIndex: number,
  url: string | null,
  failure: IceProbeFailure,
  error: RtcKitError,
  kind: IceServerKind | null = null,
): IceProbeResult {
  return { serverIndex, url, kind, ...EMPTY, status: 'fail', failure, error, durationMs: 0 };
}

// ——— checking one URL ———

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The check of one URL: a gathering connection with the server alone and, for TURN, a second
 * relay-only connection that calls it through the relay. Publishes a new result on every change.
 */
class TargetRun {
  readonly done: Promise<void>;
  readonly #target: Target;
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
    target: Target,
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
        error: new RtcKitError('invalid-rtc-config', { cause, detail: messageOf(cause) }),
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
      this.#connect(gatherer, callee).catch(() => this.#callOver('failed'));
    } else {
      gatherer.setLocalDescription().catch((cause: unknown) => this.#fail('unreachable', cause));
    }
  }

  /** The deadline: decide with what is known. */
  timeout(): void {
    if (this.#finished) return;
    this.#update({ timedOut: true });
    if (this.#gathering === 'pending') this.#failFromErrors(true);
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
    // Refused credentials are final (every network sends the same ones); no answer on one network may not be.
    if (this.#gathering === 'pending' && AUTH_ERRORS.has(info.errorCode)) this.#failFromErrors(false);
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
    this.#failFromErrors(false);
  }

  #passGathering(): void {
    if (this.#gathering === 'pass') return;
    this.#gathering = 'pass';
    this.#update({ reachable: true });
    this.#settle();
  }

  /** Gathering ended (or timed out) without a candidate from the server: say why from its errors. */
  #failFromErrors(timedOut: boolean): void {
    const codes = this.#result.candidateErrors.map((error) => error.errorCode);
    if (codes.some((code) => AUTH_ERRORS.has(code))) this.#fail('auth-failed');
    else if (codes.some((code) => code !== NO_ANSWER)) this.#fail('refused');
    else this.#fail('unreachable', undefined, timedOut);
  }

  #fail(failure: IceProbeFailure, cause?: unknown, timedOut = false): void {
    if (this.#finished) return;
    const errors = this.#result.candidateErrors;
    const detail = [
      `${this.#target.initial.url}:`,
      timedOut
        ? failure === 'relay-failed'
          ? 'the two peers had not connected through the relay by the timeout.'
          : 'no answer before the timeout.'
        : '',
      errors.length ? `The browser said: ${errors.map((e) => `${e.errorCode} ${e.errorText}`.trim()).join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    this.#end({
      status: 'fail',
      failure,
      reachable: failure !== 'unreachable',
      relayConnected: failure === 'relay-failed' ? false : this.#result.relayConnected,
      error: new RtcKitError(ERROR_CODE[failure], { cause, detail }),
    });
  }

  // ——— the relay call ———

  async #connect(caller: RTCPeerConnection, callee: RTCPeerConnection): Promise<void> {
    const calleeReady = forwardCandidates(caller, callee, this.#abort.signal);
    const callerReady = forwardCandidates(callee, caller, this.#abort.signal);
    await caller.setLocalDescription();
    await callee.setRemoteDescription(caller.localDescription!);
    calleeReady();
    await callee.setLocalDescription();
    await caller.setRemoteDescription(callee.localDescription!);
    callerReady();
  }

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
    const rtt = await roundTripMs(pc).catch(() => null);
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

const ERROR_CODE = {
  invalid: 'invalid-ice-server',
  'credentials-expired': 'turn-credentials-expired',
  'auth-failed': 'turn-auth-failed',
  refused: 'turn-allocation-refused',
  unreachable: 'ice-server-unreachable',
  'relay-failed': 'turn-relay-failed',
} as const satisfies Record<IceProbeFailure, RtcKitError['code']>;

/**
 * Sends `from`'s candidates to `to` once `to` has a remote description; returns the function that
 * says it has.
 */
function forwardCandidates(from: RTCPeerConnection, to: RTCPeerConnection, signal: AbortSignal): () => void {
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  from.addEventListener(
    'icecandidate',
    ({ candidate }) => {
      if (candidate?.candidate) void ready.then(() => to.addIceCandidate(candidate)).catch(() => {});
    },
    { signal },
  );
  return markReady;
}

function candidateTypeOf(candidate: RTCIceCandidate): IceCandidateType | null {
  const type = candidate.type ?? / typ (\w+)/.exec(candidate.candidate)?.[1];
  return type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : null;
}

/** The selected candidate pair's round-trip time, in milliseconds, or `null` before one was measured. */
async function roundTripMs(pc: RTCPeerConnection): Promise<number | null> {
  const report = await pc.getStats();
  let pair: RTCIceCandidatePairStats | undefined;
  report.forEach((stat: { type: string; selectedCandidatePairId?: string }) => {
    if (stat.type === 'transport' && stat.selectedCandidatePairId) pair = report.get(stat.selectedCandidatePairId);
  });
  if (!pair) {
    report.forEach((stat: RTCIceCandidatePairStats) => {
      if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded') pair ??= stat;
    });
  }
  if (!pair) return null;
  if (typeof pair.currentRoundTripTime === 'number') return pair.currentRoundTripTime * 1000;
  if (typeof pair.totalRoundTripTime === 'number' && pair.responsesReceived) {
    return (pair.totalRoundTripTime / pair.responsesReceived) * 1000;
  }
  return null;
}
