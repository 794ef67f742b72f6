// applyOpusSettings on real descriptions (Chromium's and Firefox's offers and answers, recorded
// in test/fixtures/sdp/browserSdp.ts) and on generated ones: only Opus fmtp lines change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOpusSettings, isRtcKitError, resolveOpusSettings } from 'rtckit/core';
import { BROWSER_SDP } from '../../../fixtures/sdp/browserSdp';

const fmtpOf = (sdp: string, pt: string) => new RegExp(`^a=fmtp:${pt} (.*)$`, 'm').exec(sdp)?.[1]?.trim();
const opusPayloadTypes = (sdp: string) => [...sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000\/2/gim)].map((m) => m[1]!);
const changedLines = (before: string, after: string) => {
  const a = before.split('\r\n');
  const b = after.split('\r\n');
  return b.filter((line, i) => line !== a[i]);
};

describe('applyOpusSettings on recorded browser SDP', () => {
  it.each(Object.entries(BROWSER_SDP))(
    '%s: writes every setting into the Opus fmtp line and nothing else',
    (_, sdp) => {
      const [pt] = opusPayloadTypes(sdp);
      expect(pt).toBeDefined();
      const out = applyOpusSettings(sdp, { fec: true, dtx: true, stereo: false, maxAverageBitrate: 24_000 });
      const params = new Map(
        fmtpOf(out, pt!)!
          .split(';')
          .map((p) => p.split('=') as [string, string]),
      );
      expect(params.get('useinbandfec')).toBe('1');
      expect(params.get('usedtx')).toBe('1');
      expect(params.get('stereo')).toBe('0');
      expect(params.get('maxaveragebitrate')).toBe('24000');
      // What the browser wrote there stays (minptime in Chromium, maxplaybackrate in Firefox).
      for (const [name] of fmtpOf(sdp, pt!)!
        .split(';')
        .map((p) => p.split('='))) {
        if (!['useinbandfec', 'usedtx', 'stereo', 'maxaveragebitrate'].includes(name!))
          expect(params.has(name!)).toBe(true);
      }
      // One line changed per Opus payload type, the same number of lines, CRLF kept.
      expect(changedLines(sdp, out)).toHaveLength(opusPayloadTypes(sdp).length);
      expect(out.split('\r\n')).toHaveLength(sdp.split('\r\n').length);
      expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    },
  );

  it.each(Object.entries(BROWSER_SDP))('%s: leaves RED, DTMF and video fmtp lines alone', (_, sdp) => {
    const out = applyOpusSettings(sdp, { dtx: true });
    const opus = new Set(opusPayloadTypes(sdp));
    const others = (text: string) =>
      text.split('\r\n').filter((line) => line.startsWith('a=fmtp:') && !opus.has(/^a=fmtp:(\d+)/.exec(line)![1]!));
    expect(others(out)).toEqual(others(sdp));
    expect(others(sdp).length).toBeGreaterThan(0);
  });

  it('a setting left out keeps the browser value; `fec: false` turns it off', () => {
    const sdp = BROWSER_SDP.chromiumOffer;
    const [pt] = opusPayloadTypes(sdp);
    expect(fmtpOf(applyOpusSettings(sdp, {}), pt!)).toBe(fmtpOf(sdp, pt!));
    expect(fmtpOf(applyOpusSettings(sdp, { fec: false }), pt!)).toContain('useinbandfec=0');
  });

  it('adds an fmtp line right after the rtpmap when an Opus payload type has none', () => {
    const sdp = [
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 96',
      'a=rtpmap:96 opus/48000/2',
      'a=rtcp-fb:96 transport-cc',
      '',
    ].join('\r\n');
    expect(applyOpusSettings(sdp, { dtx: true, fec: true })).toBe(
      [
        'v=0',
        'm=audio 9 UDP/TLS/RTP/SAVPF 96',
        'a=rtpmap:96 opus/48000/2',
        'a=fmtp:96 useinbandfec=1;usedtx=1',
        'a=rtcp-fb:96 transport-cc',
        '',
      ].join('\r\n'),
    );
    expect(applyOpusSettings(sdp, {})).toBe(sdp);
  });

  it('is idempotent and touches only Opus fmtp lines, on any settings', () => {
    const settings = fc.record(
      {
        fec: fc.boolean(),
        dtx: fc.boolean(),
        stereo: fc.boolean(),
        maxAverageBitrate: fc.integer({ min: 6000, max: 510_000 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(BROWSER_SDP)), settings, (sdp, chosen) => {
        const once = applyOpusSettings(sdp, chosen);
        expect(applyOpusSettings(once, chosen)).toBe(once);
        const opus = new Set(opusPayloadTypes(sdp));
        for (const line of changedLines(sdp, once)) expect(opus.has(/^a=fmtp:(\d+) /.exec(line)?.[1] ?? '')).toBe(true);
      }),
    );
  });
});

describe('resolveOpusSettings', () => {
  it('fills in the default (FEC on) and keeps what is given', () => {
    expect(resolveOpusSettings(undefined)).toEqual({ settings: { fec: true } });
    expect(resolveOpusSettings({ dtx: true })).toEqual({ settings: { fec: true, dtx: true } });
    expect(resolveOpusSettings({ fec: false, maxAverageBitrate: 6000 })).toEqual({
      settings: { fec: false, maxAverageBitrate: 6000 },
    });
  });

  it.each([
    [null, 'expected an object'],
    [[], 'expected an object'],
    [{ dtx: 'yes' }, 'dtx must be true or false'],
    [{ fce: true }, 'unknown field "fce"'],
    [{ maxAverageBitrate: 5999 }, 'from 6000 to 510000'],
    [{ maxAverageBitrate: 510_001 }, 'from 6000 to 510000'],
    [{ maxAverageBitrate: 24_000.5 }, 'from 6000 to 510000'],
    [{ maxAverageBitrate: Number.NaN }, 'from 6000 to 510000'],
  ])('refuses %j with a typed invalid-option naming the problem', (input, text) => {
    const result = resolveOpusSettings(input);
    expect('problem' in result).toBe(true);
    if (!('problem' in result)) return;
    expect(isRtcKitError(result.problem, 'invalid-option')).toBe(true);
    expect(result.problem.message).toContain(text);
  });
});
