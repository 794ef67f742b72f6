import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodePeerControlMessage,
  isPeerControlMessage,
  parsePeerControlMessage,
  type PeerControlMessage,
} from 'rtckit/core';

const hints: PeerControlMessage = {
  type: 'video-hints',
  hints: [
    { mid: '0', width: 200, height: 150, visible: true },
    { mid: 'video-1', width: 0, height: 0, visible: false },
  ],
};

const rejected = (data: string) => {
  const parsed = parsePeerControlMessage(data);
  expect(parsed?.ok).toBe(false);
  if (parsed?.ok !== false) throw new Error('accepted');
  expect(parsed.error.code).toBe('invalid-peer-message');
  return parsed.error.message;
};

describe('peer control messages', () => {
  it('rejects a version that is an object String() cannot convert, instead of throwing', () => {
    // JSON can carry {"toString":1}; String() of it throws.
    expect(rejected('{"rtckit":{"toString":1},"type":"video-hints","hints":[]}')).toMatch(/version/);
  });

  it('round-trips a video-hints message', () => {
    const text = encodePeerControlMessage(hints);
    expect(isPeerControlMessage(text)).toBe(true);
    expect(parsePeerControlMessage(text)).toEqual({ ok: true, message: hints });
  });

  it('leaves app data alone', () => {
    for (const data of ['hello', '{"type":"chat"}', '[1,2]', new ArrayBuffer(4), 42, null]) {
      expect(isPeerControlMessage(data)).toBe(false);
      expect(parsePeerControlMessage(data)).toBeNull();
    }
  });

  it('rejects malformed rtckit messages, saying why, and drops unknown fields', () => {
    expect(rejected('{"rtckit":1,')).toMatch(/not valid JSON/);
    expect(rejected('{"rtckit":2,"type":"video-hints","hints":[]}')).toMatch(/version/);
    expect(rejected('{"rtckit":1,"type":"reboot"}')).toMatch(/type "reboot" is unknown/);
    expect(rejected('{"rtckit":1,"type":"video-hints"}')).toMatch(/no hints array/);
    expect(
      rejected('{"rtckit":1,"type":"video-hints","hints":[{"mid":"a b","width":1,"height":1,"visible":true}]}'),
    ).toMatch(/invalid mid/);
    expect(
      rejected('{"rtckit":1,"type":"video-hints","hints":[{"mid":"0","width":1.5,"height":1,"visible":true}]}'),
    ).toMatch(/invalid size/);
    expect(
      rejected('{"rtckit":1,"type":"video-hints","hints":[{"mid":"0","width":70000,"height":1,"visible":true}]}'),
    ).toMatch(/invalid size/);
    expect(
      rejected('{"rtckit":1,"type":"video-hints","hints":[{"mid":"0","width":1,"height":1,"visible":"yes"}]}'),
    ).toMatch(/boolean visible/);
    const twice = { mid: '0', width: 1, height: 1, visible: true };
    expect(rejected(JSON.stringify({ rtckit: 1, type: 'video-hints', hints: [twice, twice] }))).toMatch(/two hints/);
    const many = Array.from({ length: 65 }, (_, i) => ({ mid: `${i}`, width: 1, height: 1, visible: true }));
    expect(rejected(JSON.stringify({ rtckit: 1, type: 'video-hints', hints: many }))).toMatch(/more than 64/);
    expect(rejected(`{"rtckit":1,"pad":"${'x'.repeat(9000)}"}`)).toMatch(/longer than/);
    const extra = parsePeerControlMessage(
      JSON.stringify({ rtckit: 1, type: 'video-hints', hints: [{ ...twice, evil: '<script>' }], more: 1 }),
    );
    expect(extra).toEqual({ ok: true, message: { type: 'video-hints', hints: [twice] } });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((json) => `{"rtckit":${json}`),
          fc.anything(),
        ),
        (data) => {
          const parsed = parsePeerControlMessage(data);
          expect(parsed === null || typeof parsed.ok === 'boolean').toBe(true);
        },
      ),
    );
  });
});
