import { describe, expect, it } from 'vitest';
import { sameIceServers } from '@src/core/ice/sameIceServers';

describe('sameIceServers', () => {
  const turn = { urls: ['turn:t.test?transport=udp', 'turn:t.test?transport=tcp'], username: 'u', credential: 'c' };

  it('treats lists written again with the same servers as the same', () => {
    expect(
      sameIceServers([{ urls: 'stun:s.test' }, turn], [{ urls: 'stun:s.test' }, { ...turn, urls: [...turn.urls] }]),
    ).toBe(true);
    expect(sameIceServers(undefined, undefined)).toBe(true);
  });

  it('tells apart a changed URL, credential, order, field or list length', () => {
    expect(sameIceServers([turn], [{ ...turn, urls: [turn.urls[0]!] }])).toBe(false);
    expect(sameIceServers([turn], [{ ...turn, credential: 'other' }])).toBe(false);
    expect(sameIceServers([turn], [{ ...turn, urls: [...turn.urls].reverse() }])).toBe(false);
    expect(sameIceServers([{ urls: 'stun:s.test' }], [{ urls: ['stun:s.test'] }])).toBe(false);
    expect(sameIceServers([{ urls: 'stun:s.test' }], [{ urls: 'stun:s.test', username: 'u' }])).toBe(false);
    expect(sameIceServers([{ urls: 'stun:s.test' }], [])).toBe(false);
    expect(sameIceServers([], undefined)).toBe(false);
  });
});
