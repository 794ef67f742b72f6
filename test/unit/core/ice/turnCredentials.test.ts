import { describe, expect, it } from 'vitest';
import {
  assertFreshTurnCredentials,
  checkTurnCredentials,
  parseTurnRestUsername,
  RtcKitError,
  TurnCredentialsError,
} from 'rtckit/core';

const NOW = Date.UTC(2030, 0, 1);
const now = () => NOW;
const inSeconds = (s: number, user = 'alice') => `${NOW / 1000 + s}${user ? `:${user}` : ''}`;

describe('parseTurnRestUsername', () => {
  it.each([
    ['1767225600:alice', { expiresAt: 1_767_225_600_000, user: 'alice' }],
    ['1767225600', { expiresAt: 1_767_225_600_000, user: '' }],
    ['1767225600:alice:with:colons', { expiresAt: 1_767_225_600_000, user: 'alice:with:colons' }],
    ['alice', null],
    ['alice:1767225600', null],
    ['12345:alice', null], // digits, but no plausible Unix time
    ['', null],
    ['1767225600x:alice', null],
  ])('%j → %j', (username, expected) => {
    expect(parseTurnRestUsername(username)).toEqual(expected);
  });
});

describe('checkTurnCredentials', () => {
  it('refuses TURN REST credentials that expire within a minute by default, naming the server', () => {
    const errors = checkTurnCredentials(
      [
        { urls: 'stun:s.example.org' },
        { urls: 'turn:t.example.org', username: inSeconds(30), credential: 'x' },
        { urls: 'turn:t.example.org', username: inSeconds(3600), credential: 'x' },
        { urls: 'turns:t.example.org', username: inSeconds(-5), credential: 'x' },
      ],
      { now },
    );
    expect(errors.map((e) => [e.serverIndex, e.remainingMs, e.expiresAt])).toEqual([
      [1, 30_000, NOW + 30_000],
      [3, -5000, NOW - 5000],
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TurnCredentialsError);
      expect(error).toBeInstanceOf(RtcKitError);
      expect(error.code).toBe('turn-credentials-expired');
    }
    expect(errors[0]!.message).toContain('iceServers[1]: they expire at 2030-01-01T00:00:30.000Z, in 30 s');
    expect(errors[1]!.message).toContain('iceServers[3]: they expired at 2029-12-31T23:59:55.000Z');
  });

  it('takes the margin it is given', () => {
    const servers = [{ urls: 'turn:t.example.org', username: inSeconds(600), credential: 'x' }];
    expect(checkTurnCredentials(servers, { now, minValidityMs: 600_000 })).toEqual([]);
    expect(checkTurnCredentials(servers, { now, minValidityMs: 600_001 })).toHaveLength(1);
    expect(checkTurnCredentials(servers, { now, minValidityMs: 0 })).toEqual([]);
  });

  it('leaves static users, STUN-only entries and malformed input alone', () => {
    expect(
      checkTurnCredentials(
        [
          { urls: 'turn:t.example.org', username: 'alice', credential: 'x' },
          { urls: 'stun:s.example.org', username: inSeconds(-100) },
          { urls: 'turn:t.example.org' },
          null,
          'turn:t.example.org',
        ],
        { now },
      ),
    ).toEqual([]);
    expect(checkTurnCredentials(undefined)).toEqual([]);
    expect(checkTurnCredentials({ urls: 'turn:x' })).toEqual([]);
  });

  it('uses the real clock by default', () => {
    const expired = `${Math.floor(Date.now() / 1000) - 1}:bob`;
    expect(checkTurnCredentials([{ urls: 'turn:t.example.org', username: expired, credential: 'x' }])).toHaveLength(1);
  });
});

describe('assertFreshTurnCredentials', () => {
  it('throws the first stale server, and nothing when all are fresh', () => {
    const stale = [{ urls: 'turn:t.example.org', username: inSeconds(10), credential: 'x' }];
    expect(() => assertFreshTurnCredentials(stale, { now })).toThrow(TurnCredentialsError);
    expect(() => assertFreshTurnCredentials(stale, { now })).toThrow(/expire at .* in 10 s \(at least 60 s/);
    const fresh = [{ urls: 'turn:t.example.org', username: inSeconds(7200), credential: 'x' }];
    expect(() => assertFreshTurnCredentials(fresh, { now })).not.toThrow();
  });
});
