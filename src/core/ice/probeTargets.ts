// What a probe checks: one target per server URL, planned before anything is sent. Pure.
import type { RtcKitError } from '../errors';
import type { IceProbeFailure, IceProbeResult, IceServerKind } from './iceProbeResult';
import { checkTurnCredentials } from './turnCredentials';
import { validateIceServers } from './validateIceServers';

/** One server URL to check: the server entry to gather with, and its first result. Internal to rtckit. */
export interface ProbeTarget {
  /** `probing`, or already failed (an invalid entry, stale credentials): then nothing is sent. */
  readonly initial: IceProbeResult;
  /** The entry with this URL alone (and, for TURN, its credentials). */
  readonly iceServer: RTCIceServer;
}

/** What {@link probeTargets} needs of `probeIce`'s options. */
export interface ProbeTargetsOptions {
  /** See `ProbeIceOptions.minCredentialValidityMs`; `null` skips the credential check. */
  readonly minCredentialValidityMs?: number | null;
  /** The wall clock for credential expiry. */
  readonly now?: () => number;
}

const PROBING: Omit<IceProbeResult, 'serverIndex' | 'url' | 'kind'> = {
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

/**
 * One target per URL of every server, in order; entries that break a rule of `validateIceServers`
 * and TURN URLs whose credentials are about to expire come out already failed. Internal to rtckit.
 *
 * @example
 * ```ts
 * probeTargets([{ urls: ['stun:a.example', 'stun:b.example'] }, { urls: 'turn:c.example' }]).map((t) => t.initial.status);
 * // ['probing', 'probing', 'fail'] — the TURN entry has no credentials
 * ```
 */
export function probeTargets(iceServers: readonly unknown[], options: ProbeTargetsOptions = {}): ProbeTarget[] {
  const problems = validateIceServers(iceServers);
  const stale =
    options.minCredentialValidityMs === null
      ? []
      : checkTurnCredentials(iceServers, { minValidityMs: options.minCredentialValidityMs, now: options.now });
  return iceServers.flatMap((server, serverIndex): ProbeTarget[] => {
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
      return { iceServer, initial: { serverIndex, url, kind, ...PROBING } };
    });
  });
}

function kindOf(url: string): IceServerKind | null {
  const scheme = /^\s*([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === 'stun' || scheme === 'stuns' ? 'stun' : scheme === 'turn' || scheme === 'turns' ? 'turn' : null;
}

function failed(
  serverIndex: number,
  url: string | null,
  failure: IceProbeFailure,
  error: RtcKitError,
  kind: IceServerKind | null = null,
): IceProbeResult {
  return { serverIndex, url, kind, ...PROBING, status: 'fail', failure, error, durationMs: 0 };
}
