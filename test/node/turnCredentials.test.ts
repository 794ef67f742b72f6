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
    const credentials = createTurnCredentials({ secret: 's3cr3t', ttlSeconds: 1, now: () => 4_102_444_799_000 });
    expect(credentials.username).toBe('4102444800');
    expect(credentials.credential).toBe('M3xvO63O4ulk72lKSuVaCOMcOdI=');
  });

  it('defaults to a day from now, and the client reads the expiry back', () => {
    const before = Date.now();
    const { username, expiresAt } = createTurnCredentials({ secret: 'x', user: 'bob' });
    expect(expiresAt - before).toBeGreaterThan(86_399_000);
    expect(expiresAt - before).toBeLessThanOrEqual(86_400_000);
    expect(parseTurnRestUsername(username)).toEqual({ expiresAt, user: 'bob' });
  });

  it.each([
    [{ secret: '' }, 'secret'],
    [{ secret: 'x', user: 'a:b' }, 'user'],
    [{ secret: 'x', ttlSeconds: 0 }, 'ttlSeconds'],
    [{ secret: 'x', ttlSeconds: Number.NaN }, 'ttlSeconds'],
  ])('refuses %j with a typed error naming %s', (options, name) => {
    expect(() => createTurnCredentials(options)).toThrow(RtcKitError);
    expect(() => createTurnCredentials(options)).toThrow(name);
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
