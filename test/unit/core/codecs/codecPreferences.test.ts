import { describe, expect, it, vi } from 'vitest';
import {
  applyCodecPreferences,
  isRtcKitError,
  validateCodecPreferences,
  type CodecCapabilities,
  type RtcKitError,
} from 'rtckit/core';

const codec = (mimeType: string): RTCRtpCodec => ({
  mimeType,
  clockRate: mimeType.startsWith('audio') ? 48000 : 90000,
});

// A browser that decodes AV1 but cannot encode it, and encodes H264 it cannot decode.
const capabilities: CodecCapabilities = (direction, kind) =>
  kind === 'audio'
    ? ['audio/opus', 'audio/red', 'audio/G722', 'audio/PCMU'].map(codec)
    : direction === 'send'
      ? ['video/VP8', 'video/rtx', 'video/VP9', 'video/H264'].map(codec)
      : ['video/VP8', 'video/rtx', 'video/VP9', 'video/AV1', 'video/ulpfec'].map(codec);

const check = (value: unknown) => validateCodecPreferences(value, { capabilities, canPrefer: true });
const codes = (errors: RtcKitError[]) => errors.map((error) => error.code);

describe('validateCodecPreferences', () => {
  it('accepts names the browser can send or receive, in any case, and no option at all', () => {
    expect(check(undefined)).toEqual([]);
    expect(check({})).toEqual([]);
    expect(check({ video: ['av1', 'H264', 'VP9', 'rtx'], audio: ['OPUS', 'red'] })).toEqual([]);
  });

  it('reports a codec the browser has neither way as codec-unsupported, naming it and what the browser has', () => {
    const problems = check({ video: ['VP9', 'HEVC'], audio: ['opus', 'lyra'] });
    expect(codes(problems)).toEqual(['codec-unsupported', 'codec-unsupported']);
    const [audio, video] = problems.map((problem) => problem.message);
    expect(video).toContain(
      '"HEVC" is not a video codec this browser has; it can send or receive VP8, VP9, H264, AV1.',
    );
    expect(video).not.toContain('rtx');
    expect(audio).toContain('"lyra" is not an audio codec this browser has; it can send or receive opus, G722, PCMU.');
    expect(problems[0]!.hint).toContain('listCodecs()');
  });

  it.each([
    ['a list instead of an object', ['VP9'], /expected an object/],
    ['null', null, /expected an object/],
    ['a string', 'VP9', /expected an object/],
    ['an unknown kind', { vidoe: ['VP9'] }, /"vidoe" is not a kind/],
    ['a kind that is not an array', { video: 'VP9' }, /video must be an array.*"VP9"/],
    ['an empty name', { video: ['VP9', ''] }, /video\[1\] must be a codec name/],
    ['a blank name', { audio: ['  '] }, /audio\[0\] must be a codec name/],
    ['a name that is not a string', { video: [9] }, /video\[0\] must be a codec name.*got 9/],
  ])('rejects %s with invalid-option', (_, value, detail) => {
    const problems = check(value);
    expect(codes(problems)).toEqual(['invalid-option']);
    expect(problems[0]!.message).toMatch(detail);
  });

  it('rejects a malformed option even where preferences cannot be applied, but checks no names there', () => {
    expect(codes(validateCodecPreferences({ video: 'VP9' }, { capabilities, canPrefer: false }))).toEqual([
      'invalid-option',
    ]);
    expect(validateCodecPreferences({ video: ['HEVC'] }, { capabilities, canPrefer: false })).toEqual([]);
  });

  it('checks no names of a kind the browser lists nothing for (it cannot tell)', () => {
    expect(validateCodecPreferences({ video: ['HEVC'] }, { capabilities: () => [], canPrefer: true })).toEqual([]);
  });

  it('reads the running browser by default: jsdom has no setCodecPreferences, so names are not checked', () => {
    expect(validateCodecPreferences({ video: ['HEVC'] })).toEqual([]);
  });
});

interface FakeTransceiver {
  receiver: { track: { kind: string } };
  currentDirection: RTCRtpTransceiverDirection | null;
  setCodecPreferences?: ReturnType<typeof vi.fn>;
}

function fakePc(...transceivers: FakeTransceiver[]): RTCPeerConnection {
  return { getTransceivers: () => transceivers } as unknown as RTCPeerConnection;
}
const transceiver = (kind: string, currentDirection: RTCRtpTransceiverDirection | null = null): FakeTransceiver => ({
  receiver: { track: { kind } },
  currentDirection,
  setCodecPreferences: vi.fn(),
});
const mimeTypes = (t: FakeTransceiver) =>
  (t.setCodecPreferences!.mock.calls[0]![0] as RTCRtpCodec[]).map((c) => c.mimeType);

describe('applyCodecPreferences', () => {
  it('sets every transceiver of a kind to the receive codecs reordered, and a kind without a list to the browser order', () => {
    const [video1, video2, audio] = [transceiver('video'), transceiver('video'), transceiver('audio')];
    const report = vi.fn();
    applyCodecPreferences(fakePc(video1, video2, audio), { video: ['AV1', 'VP9'] }, report, capabilities);
    for (const video of [video1, video2]) {
      expect(mimeTypes(video)).toEqual(['video/AV1', 'video/VP9', 'video/VP8', 'video/rtx', 'video/ulpfec']);
    }
    expect(audio.setCodecPreferences).toHaveBeenCalledWith([]);
    expect(report).not.toHaveBeenCalled();
  });

  it('does nothing without preferences, and skips stopped transceivers and ones without setCodecPreferences', () => {
    const plain = transceiver('video');
    applyCodecPreferences(fakePc(plain), undefined, vi.fn(), capabilities);
    expect(plain.setCodecPreferences).not.toHaveBeenCalled();

    const stopped = transceiver('video', 'stopped');
    const old = { ...transceiver('video'), setCodecPreferences: undefined };
    expect(() => applyCodecPreferences(fakePc(stopped, old), { video: ['VP9'] }, vi.fn(), capabilities)).not.toThrow();
    expect(stopped.setCodecPreferences).not.toHaveBeenCalled();
  });

  it('reports a transceiver that refuses the list and goes on with the others', () => {
    const refusing = transceiver('video');
    refusing.setCodecPreferences!.mockImplementation(() => {
      throw new DOMException('bad codec', 'InvalidModificationError');
    });
    const audio = transceiver('audio');
    const report = vi.fn();
    applyCodecPreferences(fakePc(refusing, audio), { video: ['VP9'], audio: ['opus'] }, report, capabilities);
    expect(report).toHaveBeenCalledOnce();
    const error = report.mock.calls[0]![0] as RtcKitError;
    expect(isRtcKitError(error, 'negotiation-failed')).toBe(true);
    expect(error.message).toContain('Setting the video codec preferences: bad codec');
    expect(mimeTypes(audio)[0]).toBe('audio/opus');
  });
});
