// rtckit/server's TURN REST credentials, in Node, checked against values computed independently with
// `echo -n "$username" | openssl dgst -sha1 -hmac "$secret" -binary | base64`.
import { describe, expect, it } from 'vitest';
import { parseTurnRestUsername, RtcKitError } from 'rtckit/core';
import { createTurnCredentials, createTurnIceServer } from 'rtckit/server';

describe('createTurnCredentials', () => {
  it('makes username expiry:user and the base64 HMAC-SHA1 of it under the secret (matches openssl)', () => {
    const credentials = createTurnCredentials({
      secret: 'north-secret',
      user: 'alice',
      ttlSeconds: 600,
      now: () => (1_700_000_000 - 600) * 1000,
    });
    expect(credentials).toEqual({
      username: '1700000000:alice',
      credential: 'g+jb180fcj+xlpA/2mP60OdIgU0=',
      expiresAt: 1_700_000_000_000,
      ttlSeconds: 600,
    });
  });

  it('without a user, the username is the expiry alone (matches openssl)', () => {
    const credentials = createTurnCredentials({ secret: 's3cr3t', ttlSeconds: 1, now: () => 1_999_999_999_000 });
    expect(credentials.username).toBe('2000000000');
    expect(credentials.credential).toBe('1Ql57hz52k66iwXT3l7bxOu9iyM=');
  });

  it('defaults to a day from now, and the client reads the expiry back', () => {
    const before = Date.now();
    const { username, expiresAt } = createTurnCredentials({ secret: 'x', user: 'bob' });
    expect(expiresAt - before).toBeGreaterThan(86_399_000);
    expect(expiresAt - before).toBeLessThanOrEqual(86_400_000);
    expect(parseTurnRestUsername(username)).toEqual({ expiresAt, user: 'bob' });
  });

  const at2026 = () => 1_780_000_000_000;
  it.each([
    [{ secret: '' }, 'secret'],
    [{ secret: 'x', user: 'a:b' }, 'user'],
    [{ secret: 'x', ttlSeconds: 0 }, 'ttlSeconds'],
    [{ secret: 'x', ttlSeconds: Number.NaN }, 'ttlSeconds'],
    // Measured in issue 18: each of these used to mint a user name that can never work.
    [{ secret: 'x', ttlSeconds: 1e21 }, 'ttlSeconds'],
    [{ secret: 'x', ttlSeconds: 366 * 86_400 }, 'ttlSeconds'],
    [{ secret: 'x', ttlSeconds: Number.POSITIVE_INFINITY }, 'ttlSeconds'],
    [{ secret: 'x', now: () => Number.NaN }, 'now()'],
    [{ secret: 'x', now: () => Number.POSITIVE_INFINITY }, 'now()'],
    [{ secret: 'x', now: () => 1e14 }, '2038'], // an expiry past 1e11 s: rtckit's parser would not read it
    [{ secret: 'x', now: () => Date.UTC(2038, 0, 19, 0, 0, 0) }, '2038'], // coturn refuses 32-bit overflow
    [{ secret: 'x', now: () => 5_000 }, '2001'],
    [{ secret: 'x', user: 'al\nice', now: at2026 }, 'control'],
    [{ secret: 'x', user: 'al\u0000ice', now: at2026 }, 'control'],
    [{ secret: 'x', user: 'al\u007fice', now: at2026 }, 'control'],
    [{ secret: 'x', user: 'bad\ud800', now: at2026 }, 'surrogate'],
    [{ secret: 'x', user: 'a'.repeat(499), now: at2026 }, '509 bytes'], // 10 digits + ':' + 499 = 510
    [{ secret: 'x', user: 'é'.repeat(250), now: at2026 }, '509 bytes'], // 500 bytes of UTF-8
  ])('refuses %j with a typed error naming %s', (options, name) => {
    expect(() => createTurnCredentials(options)).toThrow(RtcKitError);
    expect(() => createTurnCredentials(options)).toThrow(name);
  });

  it('accepts the largest user name and the last expiry coturn carries, and reads them back', () => {
    const longest = createTurnCredentials({ secret: 'x', user: 'a'.repeat(498), now: at2026 });
    expect(new TextEncoder().encode(longest.username)).toHaveLength(509);
    expect(parseTurnRestUsername(longest.username)?.user).toBe('a'.repeat(498));
    const last = createTurnCredentials({ secret: 'x', ttlSeconds: 1, now: () => (2 ** 31 - 2) * 1000 });
    expect(last.username).toBe(String(2 ** 31 - 1));
    expect(parseTurnRestUsername(last.username)?.expiresAt).toBe(last.expiresAt);
  });

  it('never puts the secret in an error message', () => {
    const secret = 'very-secret-value';
    for (const options of [
      { secret, ttlSeconds: -1 },
      { secret, user: 'a\n' },
      { secret, now: () => Number.NaN },
    ]) {
      expect(() => createTurnCredentials(options)).toThrow(RtcKitError);
      try {
        createTurnCredentials(options);
      } catch (error) {
        expect(String((error as Error).message)).not.toContain(secret);
      }
    }
  });

  it('createTurnIceServer gives a ready RTCIceServer', () => {
    const server = createTurnIceServer({
      urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'],
      secret: 'north-secret',
      user: 'alice',
      ttlSeconds: 600,
      now: () => (1_700_000_000 - 600) * 1000,
    });
    expect(server).toEqual({
      urls: ['turn:turn.example.org:3478', 'turns:turn.example.org:5349'],
      username: '1700000000:alice',
      credential: 'g+jb180fcj+xlpA/2mP60OdIgU0=',
    });
  });
});
