import { RtcKitError } from '../errors';

// Unix seconds between 2001-09-09 and 5138: a static user name that merely starts with digits is not taken for one.
// rtckit/server's createTurnCredentials mints only expiries inside this range (and before 2038).
export const MIN_PLAUSIBLE_EXPIRY_S = 1e9;
export const MAX_PLAUSIBLE_EXPIRY_S = 1e11;

/** What a TURN REST user name (`expiry:user`) says. */
export interface TurnRestUsername {
  /** When the credentials stop working, in milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The part after the first `:` (empty when the name is the expiry alone). */
  readonly user: string;
}

/**
 * Reads a user name in the time-limited TURN REST scheme (coturn's `use-auth-secret`, and most
 * hosted TURN services): `expiry:user`, with `expiry` in Unix seconds. Returns `null` for any other
 * user name (a static TURN user).
 *
 * @example
 * ```ts
 * parseTurnRestUsername('1767225600:alice'); // { expiresAt: 1767225600000, user: 'alice' }
 * parseTurnRestUsername('alice'); // null
 * ```
 */
export function parseTurnRestUsername(username: string): TurnRestUsername | null {
  const match = /^(\d+)(?::(.*))?$/s.exec(username);
  if (!match) return null;
  const seconds = Number(match[1]);
  if (!(seconds >= MIN_PLAUSIBLE_EXPIRY_S && seconds < MAX_PLAUSIBLE_EXPIRY_S)) return null;
  return { expiresAt: seconds * 1000, user: match[2] ?? '' };
}

/** Options for {@link checkTurnCredentials}. */
export interface CheckTurnCredentialsOptions {
  /**
   * Credentials that stop working sooner than this are refused, in milliseconds. Default 60 000:
   * a TURN server checks the expiry on every request, refreshes included, so credentials that
   * expire during a call cost the call its relay.
   */
  readonly minValidityMs?: number;
  /** The wall clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * An {@link RtcKitError} with code `'turn-credentials-expired'`: the time-limited credentials of
 * `iceServers[serverIndex]` have expired (`remainingMs <= 0`) or expire within the required margin.
 *
 * @example
 * ```ts
 * const [stale] = checkTurnCredentials(iceServers);
 * if (stale) console.warn(`server ${stale.serverIndex} expires in ${stale.remainingMs} ms`);
 * ```
 */
export class TurnCredentialsError extends RtcKitError {
  readonly serverIndex: number;
  /** When the credentials stop (or stopped) working, in milliseconds since the epoch. */
  readonly expiresAt: number;
  /** Milliseconds left; zero or less when they have expired. */
  readonly remainingMs: number;

  constructor(serverIndex: number, expiresAt: number, remainingMs: number, minValidityMs: number) {
    const when = new Date(expiresAt).toISOString();
    super('turn-credentials-expired', {
      detail:
        remainingMs <= 0
          ? `iceServers[${serverIndex}]: they expired at ${when}.`
          : `iceServers[${serverIndex}]: they expire at ${when}, in ${Math.ceil(remainingMs / 1000)} s (at least ${Math.ceil(minValidityMs / 1000)} s are required).`,
    });
    this.serverIndex = serverIndex;
    this.expiresAt = expiresAt;
    this.remainingMs = remainingMs;
  }
}

const DEFAULT_MIN_VALIDITY_MS = 60_000;

/**
 * Finds TURN servers whose time-limited (REST) credentials have expired or expire within
 * `minValidityMs`, one {@link TurnCredentialsError} each (an empty array when all is well). Servers
 * with static user names, STUN servers and malformed entries are not its business (see
 * `validateIceServers`).
 *
 * @example
 * ```ts
 * const iceServers = await fetch('/turn-credentials').then((r) => r.json());
 * if (checkTurnCredentials(iceServers, { minValidityMs: 5 * 60_000 }).length) refetchCredentials();
 * ```
 */
export function checkTurnCredentials(
  iceServers: unknown,
  options: CheckTurnCredentialsOptions = {},
): TurnCredentialsError[] {
  if (!Array.isArray(iceServers)) return [];
  const minValidityMs = options.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS;
  const now = (options.now ?? Date.now)();
  const errors: TurnCredentialsError[] = [];
  iceServers.forEach((server: unknown, index) => {
    if (typeof server !== 'object' || server === null) return;
    const { urls, username } = server as Record<string, unknown>;
    const list: unknown[] = typeof urls === 'string' ? [urls] : Array.isArray(urls) ? urls : [];
    const isTurn = list.some((url) => typeof url === 'string' && /^\s*turns?:/i.test(url));
    if (!isTurn || typeof username !== 'string') return;
    const parsed = parseTurnRestUsername(username);
    if (!parsed) return;
    const remainingMs = parsed.expiresAt - now;
    if (remainingMs < minValidityMs)
      errors.push(new TurnCredentialsError(index, parsed.expiresAt, remainingMs, minValidityMs));
  });
  return errors;
}

/**
 * Throws the first {@link TurnCredentialsError} of {@link checkTurnCredentials}: call it before
 * handing `iceServers` to a connection, so a call never starts on credentials about to expire.
 *
 * @throws {TurnCredentialsError} when a TURN server's time-limited credentials expire within `minValidityMs`.
 * @example
 * ```ts
 * async function iceServersForCall(): Promise<RTCIceServer[]> {
 *   const iceServers = await fetch('/ice-servers').then((response) => response.json());
 *   assertFreshTurnCredentials(iceServers, { minValidityMs: 10 * 60_000 }); // throws if they expire within 10 min
 *   return iceServers;
 * }
 * ```
 */
export function assertFreshTurnCredentials(iceServers: unknown, options: CheckTurnCredentialsOptions = {}): void {
  const [first] = checkTurnCredentials(iceServers, options);
  if (first) throw first;
}
