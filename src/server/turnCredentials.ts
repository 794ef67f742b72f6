import { createHmac } from 'node:crypto';
import { RtcKitError } from '../core/errors.ts';

/** Options for {@link createTurnCredentials}. */
export interface CreateTurnCredentialsOptions {
  /** The secret shared with the TURN server (coturn: `static-auth-secret`). */
  readonly secret: string;
  /** Who the credentials are for; it ends up after the expiry in the user name. Default: none. */
  readonly user?: string;
  /** How long they work, in seconds. Default 86 400 (a day). */
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

/**
 * Mints TURN credentials in the time-limited "TURN REST API" scheme that coturn (`use-auth-secret`
 * with `static-auth-secret`) and most hosted TURN services accept: the user name is
 * `expiry:user` and the password is the base64 HMAC-SHA1 of the user name under the shared
 * secret. Run it on your server, behind your own authentication, and hand the result to the
 * browser; the secret never leaves the server. Node only (`rtckit/server`).
 *
 * @throws {RtcKitError} `'invalid-option'` for an empty secret, a user containing `:`, or a non-positive lifetime.
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
  if (typeof secret !== 'string' || secret === '') {
    throw new RtcKitError('invalid-option', { detail: 'createTurnCredentials: secret must be a non-empty string.' });
  }
  if (user !== undefined && (typeof user !== 'string' || user.includes(':'))) {
    throw new RtcKitError('invalid-option', {
      detail: 'createTurnCredentials: user must be a string without ":" (the separator of the user name).',
    });
  }
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RtcKitError('invalid-option', { detail: 'createTurnCredentials: ttlSeconds must be a positive number.' });
  }
  const expiry = Math.floor(now() / 1000 + ttlSeconds);
  const username = user ? `${expiry}:${user}` : String(expiry);
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000, ttlSeconds };
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
