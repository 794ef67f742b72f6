import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCodecs } from 'rtckit';

afterEach(() => vi.unstubAllGlobals());

function stubBrowser() {
  const codecs = (kind: string, names: string[]) => ({
    codecs: names.map((name) => ({ mimeType: `${kind}/${name}`, clockRate: kind === 'audio' ? 48000 : 90000 })),
    headerExtensions: [],
  });
  const sender = {
    getCapabilities: vi.fn((kind: string) =>
      kind === 'audio' ? codecs('audio', ['opus', 'red']) : codecs('video', ['VP8', 'rtx', 'VP9']),
    ),
  };
  const receiver = {
    getCapabilities: vi.fn((kind: string) =>
      kind === 'audio' ? codecs('audio', ['opus']) : codecs('video', ['VP8', 'rtx', 'VP9', 'AV1']),
    ),
  };
  vi.stubGlobal('RTCRtpSender', sender);
  vi.stubGlobal('RTCRtpReceiver', receiver);
  return { sender, receiver };
}

describe('useCodecs (StrictMode)', () => {
  it("lists the browser's codecs per direction and kind, without repair codecs", () => {
    stubBrowser();
    const { result } = renderHook(() => useCodecs());
    expect(result.current.send.video.map((codec) => codec.name)).toEqual(['VP8', 'VP9']);
    expect(result.current.receive.video.map((codec) => codec.name)).toEqual(['VP8', 'VP9', 'AV1']);
    expect(result.current.send.audio).toEqual([{ name: 'opus', mimeType: 'audio/opus' }]);
    expect(result.current.receive.audio.map((codec) => codec.name)).toEqual(['opus']);
  });

  it('reads the browser once per component and returns the same object on every render', () => {
    const { sender } = stubBrowser();
    const { result, rerender } = renderHook(() => useCodecs());
    const first = result.current;
    const calls = sender.getCapabilities.mock.calls.length;
    rerender();
    rerender();
    expect(result.current).toBe(first);
    expect(sender.getCapabilities.mock.calls.length).toBe(calls);
  });

  it('gives empty lists where the browser has no RTCRtpSender', () => {
    const { result } = renderHook(() => useCodecs());
    expect(result.current).toEqual({ send: { audio: [], video: [] }, receive: { audio: [], video: [] } });
  });
});
