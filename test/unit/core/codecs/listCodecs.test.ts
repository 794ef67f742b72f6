import { describe, expect, it } from 'vitest';
import { listCodecs, type CodecCapabilities } from 'rtckit/core';

const codec = (mimeType: string, sdpFmtpLine?: string): RTCRtpCodec => ({ mimeType, clockRate: 90000, sdpFmtpLine });

describe('listCodecs', () => {
  it('lists each codec once per direction and kind, in browser order, without repair codecs', () => {
    const capabilities: CodecCapabilities = (direction, kind) =>
      kind === 'audio'
        ? [codec('audio/opus'), codec('audio/red'), codec('audio/PCMU')]
        : [
            codec('video/VP8'),
            codec('video/rtx'),
            codec('video/H264', 'profile-level-id=42001f'),
            codec('video/h264', 'profile-level-id=42e01f'),
            ...(direction === 'receive' ? [codec('video/AV1')] : []),
            codec('video/ulpfec'),
            codec('video/flexfec-03'),
          ];
    const list = listCodecs(capabilities);
    expect(list.send.video).toEqual([
      { name: 'VP8', mimeType: 'video/VP8' },
      { name: 'H264', mimeType: 'video/H264' },
    ]);
    expect(list.receive.video.map((c) => c.name)).toEqual(['VP8', 'H264', 'AV1']);
    expect(list.send.audio.map((c) => c.name)).toEqual(['opus', 'PCMU']);
    expect(list.receive.audio.map((c) => c.name)).toEqual(['opus', 'PCMU']);
  });

  it('gives empty lists where the browser has no RTCRtpSender / RTCRtpReceiver (jsdom, SSR)', () => {
    expect(typeof globalThis.RTCRtpSender).toBe('undefined');
    expect(listCodecs()).toEqual({ send: { audio: [], video: [] }, receive: { audio: [], video: [] } });
  });
});
