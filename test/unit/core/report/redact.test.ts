import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactText, REDACTED, SupportDump } from 'rtckit/core';
import { FIXTURES, reportOf } from '../../../helpers/statsFixtures';

/** Every token of `text` that parses as an IP address (an independent check: Node's parser, not our patterns). */
function addressesIn(text: string): string[] {
  return text.split(/[^0-9a-fA-F:.]+/).filter((token) => {
    const bare = token.replace(/^[:.]+|[:.]+$/g, '');
    return isIP(token) !== 0 || (bare.length > 0 && isIP(bare) !== 0);
  });
}

const candidateLine = fc
  .tuple(fc.nat(), fc.ipV4(), fc.integer({ min: 1, max: 65535 }), fc.constantFrom('host', 'srflx', 'relay'))
  .map(([foundation, ip, port, type]) => `candidate:${foundation} 1 udp 2122260223 ${ip} ${port} typ ${type}`);

const sensitive = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended().filter((ip) => isIP(ip) !== 0),
  candidateLine,
);
// Text with addresses and candidate lines somewhere inside it.
const salted = fc
  .tuple(fc.string(), sensitive, fc.string())
  .map(([before, secret, after]) => `${before} ${secret} ${after}`);
const field = fc.oneof(fc.string(), salted, fc.double(), fc.boolean(), fc.constant(null));
const statsObject = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom('address', 'ip', 'port', 'candidate', 'url', 'relatedAddress')),
  field,
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    field,
    fc.array(tie('node')),
    fc.dictionary(fc.string(), tie('node')),
    statsObject,
  ),
})).node;

describe('redaction', () => {
  it('leaves no IPv4 or IPv6 address and no candidate line anywhere in what it returns', () => {
    fc.assert(
      fc.property(value, (input) => {
        const text = JSON.stringify(redact(input)) ?? '';
        expect(addressesIn(text)).toEqual([]);
        expect(text).not.toMatch(/candidate:|typ (host|srflx|relay)/);
      }),
      { numRuns: 500 },
    );
  });

  it('removes each generated address from text around it, keeping the rest', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const text = redactText(`turn:${ip}?transport=udp`);
        expect(addressesIn(text)).toEqual([]);
        expect(text).toContain('?transport=udp');
      }),
    );
  });

  it('redacts the fields that hold addresses and ports whatever they hold, and keeps the rest', () => {
    expect(
      redact({
        type: 'local-candidate',
        candidateType: 'srflx',
        address: 'a1b2c3d4-0000-4000-8000-000000000000.local',
        port: 54321,
        relatedPort: 0,
        protocol: 'udp',
        priority: 1686052607,
      }),
    ).toEqual({
      type: 'local-candidate',
      candidateType: 'srflx',
      address: REDACTED,
      port: REDACTED,
      relatedPort: REDACTED,
      protocol: 'udp',
      priority: 1686052607,
    });
    expect(redactText('host a1b2c3d4-0000-4000-8000-000000000000.local')).toBe(`host ${REDACTED}`);
  });

  it('leaves no address of a recorded Chromium call in a support dump, and keeps them when asked', () => {
    const ticks = FIXTURES.clean.receiver;
    const raw = JSON.stringify(ticks);
    expect(addressesIn(raw).length).toBeGreaterThan(0); // the fixture does hold addresses
    const redacted = new SupportDump();
    const kept = new SupportDump({ redact: false });
    ticks.forEach((tick, i) => {
      redacted.recordStats(i * 1000, reportOf(tick));
      kept.recordStats(i * 1000, reportOf(tick));
    });
    const header = { callId: 'c', browser: { name: 'chrome' as const, version: '131' }, t: 0 };
    expect(addressesIn(redacted.toJsonLines(header))).toEqual([]);
    expect(redacted.toJsonLines(header)).toContain('"type":"local-candidate"');
    expect(addressesIn(kept.toJsonLines(header)).length).toBeGreaterThan(0);
  });
});
