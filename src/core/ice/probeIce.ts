// Applies the browser shims for RTCPeerConnection; imported here because this module creates connections.
import 'webrtc-adapter';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { RtcKitError } from '../errors';
import type { IceProbeResult } from './iceProbeResult';
import { probeTargets } from './probeTargets';
import { TargetRun } from './targetRun';
import { validateIceServers } from './validateIceServers';

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
  const targets = probeTargets(iceServers as readonly unknown[], options);
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
