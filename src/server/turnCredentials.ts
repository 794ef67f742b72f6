import { createHmac } from 'node:crypto';
import { RtcKitError } from '../core/errors.ts';
import { MIN_PLAUSIBLE_EXPIRY_S } from '../core/ice/turnCredentials.ts';
import { MAX_TURN_USERNAME_BYTES } from '../core/ice/validateIceServers.ts';

/** Options for {@link createTurnCredentials}. */
export interface CreateTurnCredentialsOptions {
  /** The secret shared with the TURN server (coturn: `static-auth-secret`). */
  readonly secret: string;
  /** Who the credentials are for; it ends up after the expiry in the user name. Default: none. */
  readonly user?: string;
  /** How long they work, in seconds, from 1 to a year. Default 86 400 (a day). */
  readonly ttlSeconds?: number;
  /** The wall clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Time-limited TURN credentials, ready for an `RTCIceServer`. */
export interface TurnCredentials {
  /** `expiry:user` (or just `expiry`), the expiry in Unix seconds. */
  readonly username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  readonly credential: string;
  /** When they stop working, in milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly ttlSeconds: number;
}

const DEFAULT_TTL_SECONDS = 86_400;
const MAX_TTL_SECONDS = 31_536_000; // 365 days; literals, so that the module does no work at import
// 2038-01-19T03:14:07Z, the last second a signed 32-bit time_t holds.
const MAX_EXPIRY_S = 2_147_483_647; // 2³¹ − 1

/**
 * Mints TURN credentials in the time-limited "TURN REST API" scheme that coturn (`use-auth-secret`
 * with `static-auth-secret`) and most hosted TURN services accept: the user name is
 * `expiry:user` and the password is the base64 HMAC-SHA1 of the user name under the shared
 * secret. Run it on your server, behind your own authentication, and hand the result to the
 * browser; the secret never leaves the server. Node only (`rtckit/server`).
 *
 * @throws {RtcKitError} `'invalid-option'` for an empty secret; a user with `:`, control characters or
 *   lone surrogates, or that makes the user name longer than 509 bytes; a lifetime outside 1 s – 1 year;
 *   a clock that is not a finite number; an expiry before 2001 or after 2038-01-19 (coturn's limit).
 * @example
 * ```ts
 * import { createTurnCredentials } from 'rtckit/server';
 *
 * app.get('/ice-servers', requireLogin, (req, res) => {
 *   const { username, credential } = createTurnCredentials({ secret: process.env.TURN_SECRET!, user: req.user.id, ttlSeconds: 3600 });
 *   res.json([{ urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'], username, credential }]);
 * });
 * ```
 */
export function createTurnCredentials(options: CreateTurnCredentialsOptions): TurnCredentials {
  const { secret, user, ttlSeconds = DEFAULT_TTL_SECONDS, now = Date.now } = options;
  if (typeof secret !== 'string' || secret === '') refuse('secret must be a non-empty string.');
  if (user !== undefined) checkUser(user);
  if (typeof ttlSeconds !== 'number' || !(ttlSeconds >= 1 && ttlSeconds <= MAX_TTL_SECONDS)) {
    refuse(`ttlSeconds must be a number from 1 to ${MAX_TTL_SECONDS} (a year).`);
  }
  const nowMs = now();
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs))
    refuse('now() must return a finite number of milliseconds.');
  const expiry = Math.floor(nowMs / 1000 + ttlSeconds);
  // coturn keeps the expiry in a signed 32-bit time (2038-01-19), and rtckit's own
  // parseTurnRestUsername reads expiries from 2001 on; anything else is refused on use.
  if (expiry < MIN_PLAUSIBLE_EXPIRY_S || expiry > MAX_EXPIRY_S) {
    refuse(`the expiry (${expiry} s) must fall between 2001-09-09 and 2038-01-19; check the clock and ttlSeconds.`);
  }
  const username = user ? `${expiry}:${user}` : String(expiry);
  if (new TextEncoder().encode(username).length > MAX_TURN_USERNAME_BYTES) {
    refuse(`the user name "expiry:user" must be at most ${MAX_TURN_USERNAME_BYTES} bytes (UTF-8); shorten user.`);
  }
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000, ttlSeconds };
}

function refuse(explanation: string): never {
  throw new RtcKitError('invalid-option', { detail: `createTurnCredentials: ${explanation}` });
}

// What a STUN USERNAME can carry (RFC 8489 §14.3, OpaqueString): no control characters, well-formed
// UTF-16 (lone surrogates would turn into U+FFFD and sign a different name), and no ":" (the separator).
function checkUser(user: unknown): void {
  if (typeof user !== 'string') refuse('user must be a string.');
  if (user.includes(':')) refuse('user must not contain ":" (the separator of the user name).');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(user)) refuse('user must not contain control characters.');
  if (/\p{Cs}/u.test(user)) refuse('user must be well-formed Unicode (no lone surrogates).');
}

/** Options for {@link createTurnIceServer}. */
export interface CreateTurnIceServerOptions extends CreateTurnCredentialsOptions {
  /** The TURN server's URLs, e.g. `['turn:turn.example.org:3478', 'turns:turn.example.org:5349']`. */
  readonly urls: string | readonly string[];
}

/**
 * {@link createTurnCredentials} as a ready `RTCIceServer` entry for `RTCConfiguration.iceServers`.
 *
 * @example
 * ```ts
 * const iceServers = [
 *   { urls: 'stun:turn.example.org:3478' },
 *   createTurnIceServer({ urls: 'turn:turn.example.org:3478', secret: process.env.TURN_SECRET!, user: 'alice', ttlSeconds: 3600 }),
 * ];
 * ```
 */
export function createTurnIceServer(options: CreateTurnIceServerOptions): {
  urls: string | string[];
  username: string;
  credential: string;
} {
  const { username, credential } = createTurnCredentials(options);
  const urls = typeof options.urls === 'string' ? options.urls : [...options.urls];
  return { urls, username, credential };
}
