import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemorySignalingPair, PeerSession, type RtcKitError } from 'rtckit/core';

// The codecs option is checked where the connection is made, beside the ICE servers.
describe('PeerSession codecs option', () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));

  function session(codecs: unknown) {
    const [signaling] = createMemorySignalingPair();
    const errors: RtcKitError[] = [];
    const Connection = vi.fn();
    const peer = new PeerSession({
      signaling: signaling!,
      codecs: codecs as never,
      RTCPeerConnection: Connection as never,
      onError: (error) => errors.push(error),
    });
    closers.push(peer.close);
    return { peer, errors, Connection };
  }

  it('makes no connection for a malformed option, and says why', () => {
    const { peer, errors, Connection } = session({ video: 'VP9' });
    peer.subscribe(() => {});
    expect(Connection).not.toHaveBeenCalled();
    expect(errors.map((error) => error.code)).toEqual(['invalid-option']);
    expect(peer.getSnapshot().error?.message).toContain('codecs: video must be an array');
  });

  it('makes no connection for a codec the browser has neither way (codec-unsupported)', () => {
    const capabilities = { getCapabilities: () => ({ codecs: [{ mimeType: 'video/VP8', clockRate: 90000 }] }) };
    vi.stubGlobal('RTCRtpSender', capabilities);
    vi.stubGlobal('RTCRtpReceiver', capabilities);
    vi.stubGlobal(
      'RTCRtpTransceiver',
      class {
        setCodecPreferences() {}
      },
    );
    try {
      const { peer, errors, Connection } = session({ video: ['AV1'] });
      peer.subscribe(() => {});
      expect(Connection).not.toHaveBeenCalled();
      expect(errors.map((error) => error.code)).toEqual(['codec-unsupported']);
      expect(errors[0]!.message).toContain('"AV1" is not a video codec this browser has; it can send or receive VP8.');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('reports a malformed value given to setOptions once, whatever the renders that repeat it', () => {
    const { peer, errors } = session({ video: ['VP9'] });
    const [signaling] = createMemorySignalingPair();
    const onError = (error: RtcKitError) => errors.push(error);
    const render = () => peer.setOptions({ signaling: signaling!, onError, codecs: { video: [''] } });
    render();
    render();
    expect(errors.map((error) => error.code)).toEqual(['invalid-option']);
    expect(peer.getSnapshot().error?.code).toBe('invalid-option');
    peer.setOptions({ signaling: signaling!, onError, codecs: { video: ['VP8'] } });
    expect(errors).toHaveLength(1);
  });
});
