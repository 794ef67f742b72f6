import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codecName, orderCodecs } from 'rtckit/core';

// Chromium 156's receive list for video, shortened: several H264 profiles, and the repair codecs.
const CHROMIUM_VIDEO = [
  'video/VP8',
  'video/rtx',
  'video/VP9',
  'video/H264',
  'video/H264',
  'video/AV1',
  'video/red',
  'video/ulpfec',
  'video/flexfec-03',
].map((mimeType, i) => ({ mimeType, clockRate: 90000, sdpFmtpLine: `id=${i}` }));

const names = (codecs: readonly { mimeType: string }[]) => codecs.map(codecName);

describe('orderCodecs', () => {
  it('puts the preferred codecs first in the given order, then the rest in browser order, repair codecs kept', () => {
    expect(names(orderCodecs(CHROMIUM_VIDEO, ['AV1', 'VP9']))).toEqual([
      'AV1',
      'VP9',
      'VP8',
      'rtx',
      'H264',
      'H264',
      'red',
      'ulpfec',
      'flexfec-03',
    ]);
  });

  it('matches names case-insensitively and keeps every profile of a name in browser order', () => {
    const ordered = orderCodecs(CHROMIUM_VIDEO, ['h264', 'vp8']);
    expect(ordered.slice(0, 3).map((codec) => codec.sdpFmtpLine)).toEqual(['id=3', 'id=4', 'id=0']);
  });

  it('skips names that match nothing, and a repeated name counts at its first place', () => {
    expect(names(orderCodecs(CHROMIUM_VIDEO, ['XYZ', 'VP9', 'AV1', 'vp9'])).slice(0, 2)).toEqual(['VP9', 'AV1']);
  });

  it('returns the very capability objects (setCodecPreferences accepts only those)', () => {
    const ordered = orderCodecs(CHROMIUM_VIDEO, ['VP9']);
    expect(ordered[0]).toBe(CHROMIUM_VIDEO[2]);
  });

  const codecs = fc.array(
    fc.record({ mimeType: fc.constantFrom('VP8', 'vp9', 'VP9', 'AV1', 'H264', 'rtx', 'red').map((n) => `video/${n}`) }),
    { maxLength: 12 },
  );
  const preference = fc.array(fc.constantFrom('VP8', 'VP9', 'av1', 'H264', 'opus', 'rtx'), { maxLength: 5 });

  it('is a permutation: nothing is dropped or added, whatever the preference', () => {
    fc.assert(
      fc.property(codecs, preference, (list, prefs) => {
        const ordered = orderCodecs(list, prefs);
        expect(ordered).toHaveLength(list.length);
        expect(new Set(ordered)).toEqual(new Set(list));
      }),
    );
  });

  it('ranks every preferred codec before every other, by preference, stable within a rank', () => {
    fc.assert(
      fc.property(codecs, preference, (list, prefs) => {
        const rank = (codec: { mimeType: string }) => {
          const r = prefs.findIndex((p) => p.toLowerCase() === codecName(codec).toLowerCase());
          return r < 0 ? prefs.length : r;
        };
        const ordered = orderCodecs(list, prefs);
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1]!, ordered[i]!];
          expect(rank(a)).toBeLessThanOrEqual(rank(b));
          if (rank(a) === rank(b)) expect(list.indexOf(a)).toBeLessThan(list.indexOf(b));
        }
      }),
    );
  });

  it('changes nothing without a preference', () => {
    fc.assert(
      fc.property(codecs, (list) => {
        expect(orderCodecs(list, [])).toEqual(list);
      }),
    );
  });
});
