import type { RtcKitError } from '../errors';

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
