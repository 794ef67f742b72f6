import { createHash, timingSafeEqual } from 'node:crypto';
import { RtcKitError } from '../core/errors.ts';
import {
  createJoinTokenVerifier,
  SIGNALING_NAME,
  type JoinTokenRefusal,
  type JoinTokenVerification,
} from './joinToken.ts';

/**
 * How `createSignalingServer` decides who may join a room, from the token of the client's first
 * frame (`{"type":"auth","token":"…"}`; never from the URL, a header or a cookie):
 * - `jwt`: join tokens from {@link createSignalingToken}; the peer id is the token's `sub`, so
 *   nobody can take another's place.
 * - `token`: one shared secret (non-empty, compared in constant time). Whoever holds it is
 *   trusted, including with the peer id the client asks for (`peer` in the auth frame or `?peer=`).
 * - `verify`: your own check; return `{ peer }` to bind the connection to an identity, `true` to
 *   admit it with the id it asks for, `false` to refuse.
 */
export type SignalingAuth =
  | { readonly jwt: JoinTokenVerification }
  | { readonly token: string }
  | {
      readonly verify: (
        token: string | undefined,
        context: { readonly room: string },
      ) => boolean | { readonly peer: string } | Promise<boolean | { readonly peer: string }>;
    };

/** What a join check concludes: admitted (with the identity it is bound to, if any) or refused. */
export type JoinDecision = { readonly peer: string | null } | { readonly refused: JoinTokenRefusal | 'token-refused' };

/** Turns {@link SignalingAuth} into one check; throws a typed error for an option that can never work. */
export function createJoinCheck(
  auth: SignalingAuth,
): (token: string | undefined, room: string) => Promise<JoinDecision> {
  if (typeof auth !== 'object' || auth === null) {
    throw new RtcKitError('invalid-option', {
      detail: 'createSignalingServer: auth is required (jwt, token or verify).',
    });
  }
  if ('jwt' in auth) return createJoinTokenVerifier(auth.jwt);
  if ('token' in auth) {
    if (typeof auth.token !== 'string' || auth.token === '') {
      throw new RtcKitError('invalid-option', {
        detail: 'createSignalingServer: auth.token must be a non-empty string (an empty one would admit anybody).',
      });
    }
    const expected = digest(auth.token);
    return async (token) =>
      // Digests of equal length, so timingSafeEqual neither throws nor leaks the token's length.
      typeof token === 'string' && token !== '' && timingSafeEqual(digest(token), expected)
        ? { peer: null }
        : { refused: token ? 'token-refused' : 'token-missing' };
  }
  if (typeof auth.verify === 'function') {
    const { verify } = auth;
    return async (token, room) => {
      let verdict: boolean | { readonly peer: string };
      try {
        verdict = await verify(token, { room });
      } catch {
        return { refused: 'token-refused' };
      }
      if (verdict === true) return { peer: null };
      if (typeof verdict === 'object' && verdict !== null && SIGNALING_NAME.test(verdict.peer)) {
        return { peer: verdict.peer };
      }
      return { refused: 'token-refused' };
    };
  }
  throw new RtcKitError('invalid-option', { detail: 'createSignalingServer: auth needs jwt, token or verify.' });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
