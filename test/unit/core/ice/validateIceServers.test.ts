import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IceServerError, RtcKitError, validateIceServers, type IceServerRule } from 'rtckit/core';

const TURN = { username: 'alice', credential: 'secret' };

describe('validateIceServers', () => {
  it.each([
    [[]],
    [undefined],
    [[{ urls: 'stun:stun.example.org' }]],
    [[{ urls: ['stun:stun.example.org:3478', 'stuns:stun.example.org:5349'] }]],
    [[{ urls: 'turn:turn.example.org', ...TURN }]],
    [[{ urls: 'turn:turn.example.org:3478?transport=udp', ...TURN }]],
    [[{ urls: 'turns:turn.example.org:443?transport=tcp', ...TURN }]],
    [[{ urls: 'turn:[2001:db8::1]:3478', ...TURN }]],
    [[{ urls: 'stun:192.0.2.1' }, { urls: 'turn:192.0.2.1', ...TURN }]],
    [[{ urls: 'STUN:Stun.Example.org:3478' }]],
    [[{ urls: 'TURN:turn.example.org', ...TURN }]],
    [[{ urls: 'stun:[::1]:3478' }]],
    [[{ urls: 'stun:stun.example.org:65535' }]],
    [[{ urls: 'turns:turn.example.org:5349?transport=tcp', ...TURN }]],
    [[{ urls: 'turn:turn.example.org', username: '1767225600:alice', credential: 'base64+/=' }]],
    [[{ urls: 'turn:turn.example.org', username: '', credential: 'secret' }]],
  ])('accepts %j', (servers) => {
    expect(validateIceServers(servers)).toEqual([]);
  });

  const cases: [IceServerRule, unknown][] = [
    ['servers-not-list', { urls: 'stun:x' }],
    ['server-not-object', [null]],
    ['server-not-object', ['stun:x']],
    ['urls-missing', [{}]],
    ['urls-missing', [{ urls: 42 }]],
    ['urls-empty', [{ urls: [] }]],
    ['url-not-string', [{ urls: [42] }]],
    ['url-syntax', [{ urls: 'stun.example.org' }]],
    ['url-syntax', [{ urls: '' }]],
    ['scheme', [{ urls: 'http://stun.example.org' }]],
    ['scheme', [{ urls: 'turnx:example.org' }]],
    ['path', [{ urls: 'stun://stun.example.org' }]],
    ['path', [{ urls: 'stun:/stun.example.org' }]],
    ['path', [{ urls: 'stun:stun.example.org/path' }]],
    ['path', [{ urls: 'turn:turn.example.org:3478/x?transport=udp', ...TURN }]],
    ['user-info', [{ urls: 'turn:alice:secret@turn.example.org', ...TURN }]],
    ['user-info', [{ urls: 'stun:alice@stun.example.org' }]],
    ['fragment', [{ urls: 'stun:stun.example.org#x' }]],
    ['fragment', [{ urls: 'stun:stun.example.org#' }]],
    ['query', [{ urls: 'stun:stun.example.org?transport=udp' }]],
    ['query', [{ urls: 'stuns:stun.example.org?' }]],
    ['transport', [{ urls: 'turn:turn.example.org?transport=sctp', ...TURN }]],
    ['transport', [{ urls: 'turn:turn.example.org?foo=bar', ...TURN }]],
    ['transport', [{ urls: 'turns:turn.example.org?', ...TURN }]],
    ['host', [{ urls: 'stun:' }]],
    ['host', [{ urls: 'stun:stun.example.org:99999' }]],
    ['host', [{ urls: 'stun:bad host' }]],
    ['turn-credentials', [{ urls: 'turn:turn.example.org' }]],
    ['turn-credentials', [{ urls: 'turns:turn.example.org', username: 'alice' }]],
    ['turn-credentials', [{ urls: 'turn:turn.example.org', credential: 'secret' }]],
    ['turn-credentials', [{ urls: 'turn:turn.example.org', username: 'alice', credential: '' }]],
    ['turn-credentials', [{ urls: 'turn:turn.example.org', username: 'alice', credential: { token: 1 } }]],
    ['username-too-long', [{ urls: 'turn:turn.example.org', username: 'a'.repeat(510), credential: 's' }]],
    ['username-too-long', [{ urls: 'turn:turn.example.org', username: 'é'.repeat(255), credential: 's' }]],
    ['servers-not-list', null],
    ['servers-not-list', 'stun:stun.example.org'],
    ['urls-missing', [{ url: 'stun:stun.example.org' }]],
    ['url-not-string', [{ urls: [null] }]],
    ['scheme', [{ urls: 'https://turn.example.org' }]],
    ['scheme', [{ urls: 'turn-tcp:turn.example.org' }]],
    ['transport', [{ urls: 'turn:turn.example.org?transport=UDP', ...TURN }]],
    ['transport', [{ urls: 'turn:turn.example.org?transport=', ...TURN }]],
    ['transport', [{ urls: 'turn:turn.example.org?transport=udp&transport=tcp', ...TURN }]],
    ['transport', [{ urls: 'turns:turn.example.org?transport=tls', ...TURN }]],
    ['query', [{ urls: 'stun:stun.example.org:3478?transport=tcp' }]],
    ['fragment', [{ urls: 'turn:turn.example.org?transport=udp#x', ...TURN }]],
    ['user-info', [{ urls: 'turns:@turn.example.org', ...TURN }]],
    ['host', [{ urls: 'turn:turn.example.org:65536', ...TURN }]],
    ['host', [{ urls: 'turn::3478', ...TURN }]],
    ['turn-credentials', [{ urls: 'turn:turn.example.org', username: 42, credential: 'secret' }]],
    ['turn-credentials', [{ urls: ['stun:ok.example.org', 'turns:turn.example.org'] }]],
  ];

  it('has at least 25 valid and invalid entries in its table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('reports rule %s for %j', (rule, servers) => {
    const errors = validateIceServers(servers);
    expect(errors.map((error) => error.rule)).toEqual([rule]);
    const [error] = errors;
    expect(error).toBeInstanceOf(IceServerError);
    expect(error).toBeInstanceOf(RtcKitError);
    expect(error!.code).toBe('invalid-ice-server');
    expect(error!.message).toContain(`rule: ${rule}`);
    const listLevel = rule === 'servers-not-list';
    expect(error!.serverIndex).toBe(listLevel ? -1 : 0);
    expect(error!.message).toContain(listLevel ? 'iceServers:' : 'iceServers[0]');
    // A rule about one URL names that URL; a rule about the entry or the list names none.
    const perUrl = !['servers-not-list', 'server-not-object', 'urls-missing', 'urls-empty'].includes(rule);
    if (perUrl) expect(error!.message).toContain(`("${error!.url}")`);
    else expect(error!.url).toBeNull();
  });

  it('never prints the password of a URL with user-info, nor a query value', () => {
    const [error] = validateIceServers([{ urls: 'turn:alice:pa55w0rd@turn.example.org', ...TURN }]);
    expect(error!.rule).toBe('user-info');
    expect(error!.message).not.toContain('pa55w0rd');
    expect(error!.url).toBe('turn:alice:***@turn.example.org');
    const [query] = validateIceServers([{ urls: 'turn:turn.example.org?token=t0ken', ...TURN }]);
    expect(query!.message).not.toContain('t0ken');
  });

  describe('missing and empty lists', () => {
    it('are valid for a connection (host candidates only)', () => {
      expect(validateIceServers(undefined)).toEqual([]);
      expect(validateIceServers([])).toEqual([]);
    });

    it.each([
      [undefined, 'servers-missing'],
      [[], 'servers-empty'],
      [null, 'servers-not-list'],
    ] as const)('with requireServers, %j breaks %s', (servers, rule) => {
      const errors = validateIceServers(servers, { requireServers: true });
      expect(errors.map((error) => [error.rule, error.serverIndex, error.url])).toEqual([[rule, -1, null]]);
      expect(errors[0]!.message).toContain(`(rule: ${rule})`);
    });

    it('with requireServers, a non-empty list is checked as usual', () => {
      expect(validateIceServers([{ urls: 'stun:s.example.org' }], { requireServers: true })).toEqual([]);
      expect(validateIceServers([{ urls: [] }], { requireServers: true }).map((e) => e.rule)).toEqual(['urls-empty']);
    });
  });

  it('names the server and URL of every violation, not only the first', () => {
    const errors = validateIceServers([
      { urls: 'stun:ok.example.org' },
      { urls: ['turn:a.example.org', 'stun:b.example.org?x'] },
    ]);
    expect(errors.map(({ serverIndex, url, rule }) => ({ serverIndex, url, rule }))).toEqual([
      { serverIndex: 1, url: 'turn:a.example.org', rule: 'turn-credentials' },
      { serverIndex: 1, url: 'stun:b.example.org?x', rule: 'query' },
    ]);
    expect(errors[0]!.message).toContain('iceServers[1] ("turn:a.example.org")');
  });

  it('allows a username of exactly 509 bytes', () => {
    expect(validateIceServers([{ urls: 'turn:t.example.org', username: 'a'.repeat(509), credential: 's' }])).toEqual(
      [],
    );
  });

  it('never throws, whatever it is given, and every error is typed', { timeout: 30_000 }, () => {
    const url = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('stun:', 'stuns:', 'turn:', 'turns:', 'http:', ''), fc.string(), fc.string())
        .map(([scheme, host, rest]) => `${scheme}${host}${rest}`),
    );
    const server = fc.oneof(
      fc.anything(),
      fc.record(
        { urls: fc.oneof(url, fc.array(url), fc.anything()), username: fc.anything(), credential: fc.anything() },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(server)), (servers) => {
        for (const error of validateIceServers(servers)) {
          expect(error).toBeInstanceOf(IceServerError);
          expect(error.code).toBe('invalid-ice-server');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reports a URL that is an object String() cannot convert, instead of throwing', () => {
    const [error] = validateIceServers([{ urls: [Object.create(null)] }]);
    expect(error).toBeInstanceOf(IceServerError);
    expect(error!.rule).toBe('url-not-string');
  });

  it('agrees with the browser-level rule that TURN needs credentials while STUN does not', () => {
    expect(validateIceServers([{ urls: 'stun:s.example.org', username: 'ignored' }])).toEqual([]);
  });
});
