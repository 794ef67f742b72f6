import type { KeyObject } from 'node:crypto';
import { RtcKitError } from '../core/errors.ts';

/**
 * A key that signs or verifies join tokens: a string or bytes (an HMAC secret, HS256), or a
 * `KeyObject`/`CryptoKey` (ES256, EdDSA, RS256 …; sign with the private key, verify with the public).
 */
export type JoinTokenKey = string | Uint8Array | KeyObject | CryptoKey;

/** Options for {@link createSignalingToken}. */
export interface CreateSignalingTokenOptions {
  /** The signing key; the server lists it (or its public half) in `auth.jwt.keys`. */
  readonly key: JoinTokenKey;
  /** The room the token admits to (the `room` claim); it must equal the URL's `?room=`. */
  readonly room: string;
  /** Who joins (the `sub` claim); it becomes the peer id, so nobody else can take that place. */
  readonly peer: string;
  /** How long the token admits a join, in seconds. Default 60; at most the server's `maxLifetimeSeconds`. */
  readonly ttlSeconds?: number;
  /** The JWS algorithm. Default `'HS256'` for a secret, else required. */
  readonly algorithm?: string;
  /** A key id (`kid` header), so a server holding several keys during a rotation tries the right one first. */
  readonly keyId?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** The wall clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Peer ids and room names: 1–128 letters, digits and `_ . : @ -`. */
export const SIGNALING_NAME = /^[\w.:@-]{1,128}$/;

/**
 * Mints a join token for `createSignalingServer({ auth: { jwt } })`: a JWT with `room`, `sub`
 * (the peer id), `iat` and a short `exp`. It only admits the join; a connection that is already in
 * its room stays when the token expires. Call it in your backend, behind your own login. Node only
 * (`rtckit/server`), needs the `jose` package.
 *
 * @throws {RtcKitError} `'invalid-option'` for a room or peer that is not a signaling name, or a ttl under 1 s.
 * @example
 * ```ts
 * import { createSignalingToken } from 'rtckit/server';
 *
 * app.get('/signaling-token', requireLogin, async (req, res) => {
 *   res.type('text').send(await createSignalingToken({ key: process.env.SIGNALING_SECRET!, room: req.query.room, peer: req.user.id }));
 * });
 * ```
 */
export async function createSignalingToken(options: CreateSignalingTokenOptions): Promise<string> {
  const { room, peer, ttlSeconds = 60, now = Date.now } = options;
  if (typeof room !== 'string' || !SIGNALING_NAME.test(room)) refuse('room must be 1-128 of [A-Za-z0-9_.:@-].');
  if (typeof peer !== 'string' || !SIGNALING_NAME.test(peer)) refuse('peer must be 1-128 of [A-Za-z0-9_.:@-].');
  if (!(ttlSeconds >= 1) || !Number.isFinite(ttlSeconds)) refuse('ttlSeconds must be a finite number of at least 1.');
  const { SignJWT } = await import('jose');
  const algorithm = options.algorithm ?? (isSecret(options.key) ? 'HS256' : undefined);
  if (!algorithm) refuse('algorithm is required for an asymmetric key (e.g. "ES256" or "EdDSA").');
  const issuedAt = Math.floor(now() / 1000);
  let jwt = new SignJWT({ room })
    .setProtectedHeader(options.keyId ? { alg: algorithm, kid: options.keyId } : { alg: algorithm })
    .setSubject(peer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.ceil(ttlSeconds));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(asJoseKey(options.key));
}

/** What `auth.jwt` of `createSignalingServer` takes. */
export interface JoinTokenVerification {
  /**
   * The keys tokens may be signed with, tried in order (or the one whose `keyId` matches the
   * token's `kid` first): list the new key beside the old one while rotating, then drop the old.
   */
  readonly keys: readonly (JoinTokenKey | { readonly keyId: string; readonly key: JoinTokenKey })[];
  /** Tokens that would admit a join for longer than this are refused, in seconds. Default 600 (10 minutes). */
  readonly maxLifetimeSeconds?: number;
  /** Accepted algorithms. Default: HS256 for secrets, ES256, EdDSA, RS256 and PS256 for key objects. */
  readonly algorithms?: readonly string[];
  readonly issuer?: string;
  readonly audience?: string;
  /** Tolerated clock skew between your backend and the server, in seconds. Default 5. */
  readonly clockToleranceSeconds?: number;
}

/** Why a join token was refused: the `reason` of the 4001 close (never the token itself). */
export type JoinTokenRefusal = 'token-missing' | 'token-invalid' | 'token-expired' | 'token-lifetime' | 'token-room';

/**
 * Checks join tokens; resolves with the peer id (`sub`) and room, or the reason for the refusal.
 * `room` `null` takes a token for any room; `expiredGraceSeconds` still takes a token that expired
 * that long ago (the report ingest: a call's last report comes long after its join).
 */
export function createJoinTokenVerifier(
  options: JoinTokenVerification,
  { expiredGraceSeconds = 0 }: { readonly expiredGraceSeconds?: number } = {},
): (
  token: string | undefined,
  room: string | null,
) => Promise<{ peer: string; room: string } | { refused: JoinTokenRefusal }> {
  const keys = options.keys.map((entry) =>
    typeof entry === 'object' && entry !== null && 'keyId' in entry && 'key' in entry
      ? { keyId: entry.keyId, key: entry.key }
      : { keyId: undefined, key: entry as JoinTokenKey },
  );
  if (keys.length === 0) {
    throw new RtcKitError('invalid-option', {
      detail: 'createSignalingServer: auth.jwt.keys must list at least one key.',
    });
  }
  for (const { key } of keys) {
    if ((typeof key === 'string' || key instanceof Uint8Array) && key.length < 32) {
      throw new RtcKitError('invalid-option', {
        detail: 'createSignalingServer: an HMAC key of auth.jwt.keys must be at least 32 bytes.',
      });
    }
  }
  const maxLifetime = options.maxLifetimeSeconds ?? 600;
  const tolerance = options.clockToleranceSeconds ?? 5;
  return async (token, room) => {
    if (!token) return { refused: 'token-missing' };
    const jose = await import('jose');
    let kid: string | undefined;
    try {
      kid = jose.decodeProtectedHeader(token).kid;
    } catch {
      return { refused: 'token-invalid' };
    }
    // The key named by kid first, then the others: a rotation may start before tokens carry a kid.
    const ordered = [...keys].sort((a, b) => Number(b.keyId === kid) - Number(a.keyId === kid));
    const verify = (key: JoinTokenKey, currentDate?: Date) =>
      jose.jwtVerify(token, asJoseKey(key), {
        algorithms: options.algorithms
          ? [...options.algorithms]
          : isSecret(key)
            ? ['HS256']
            : ['ES256', 'EdDSA', 'RS256', 'PS256'],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub', 'room'],
        clockTolerance: tolerance,
        currentDate,
      });
    const expired = (error: unknown) => (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    for (const { key } of ordered) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await verify(key).catch((error: unknown) => {
          // Checked as of the start of the grace: a token that expired within it passes.
          if (expired(error) && expiredGraceSeconds > 0) {
            return verify(key, new Date(Date.now() - expiredGraceSeconds * 1000));
          }
          throw error;
        }));
      } catch (error) {
        if (expired(error)) return { refused: 'token-expired' };
        continue;
      }
      const nowS = Date.now() / 1000;
      const exp = Number(payload.exp);
      const iat = typeof payload.iat === 'number' ? payload.iat : nowS;
      if (exp - Math.min(iat, nowS) > maxLifetime + tolerance) return { refused: 'token-lifetime' };
      if (typeof payload.room !== 'string' || (room !== null && payload.room !== room))
        return { refused: 'token-room' };
      if (typeof payload.sub !== 'string' || !SIGNALING_NAME.test(payload.sub)) return { refused: 'token-invalid' };
      return { peer: payload.sub, room: payload.room };
    }
    return { refused: 'token-invalid' };
  };
}

function isSecret(key: JoinTokenKey): key is string | Uint8Array {
  return typeof key === 'string' || key instanceof Uint8Array;
}

function asJoseKey(key: JoinTokenKey): Uint8Array | KeyObject | CryptoKey {
  return typeof key === 'string' ? new TextEncoder().encode(key) : key;
}

function refuse(explanation: string): never {
  throw new RtcKitError('invalid-option', { detail: `createSignalingToken: ${explanation}` });
}
