// rtckit's own messages on a PeerSession's data channel, next to the app's data, between two real
// RTCPeerConnections in Chromium.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createMemorySignalingPair,
  encodePeerControlMessage,
  PeerSession,
  type PeerControlMessage,
  type RtcKitError,
} from 'rtckit/core';
import { loopbackOnly } from 'rtckit/testing';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

beforeAll(async () => {
  // Capturing first lets Chromium reveal real (loopback) host candidates instead of mDNS names.
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  stream.getTracks().forEach((track) => track.stop());
});

function side(signaling: ReturnType<typeof createMemorySignalingPair>[number], polite: boolean) {
  const app: unknown[] = [];
  const control: PeerControlMessage[] = [];
  const errors: RtcKitError[] = [];
  const session = new PeerSession({
    signaling: loopbackOnly(signaling),
    polite,
    dataChannel: true,
    onDataChannelMessage: (data) => app.push(data),
    onError: (error) => errors.push(error),
  });
  const stops = [session.subscribe(() => {}), session.onControlMessage((message) => control.push(message))];
  cleanups.push(() => {
    stops.forEach((stop) => stop());
    session.close();
  });
  return { session, app, control, errors };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe('PeerSession control messages', () => {
  it('carries control messages to onControlMessage, app data to onDataChannelMessage, and rejects forgeries', async () => {
    const [a, b] = createMemorySignalingPair();
    const alice = side(a, false);
    const bob = side(b, true);
    const hints: PeerControlMessage = {
      type: 'video-hints',
      hints: [{ mid: '0', width: 200, height: 150, visible: true }],
    };
    expect(alice.session.sendControlMessage(hints)).toBe(false); // not open yet
    await until(() => expect(alice.session.getSnapshot().dataChannelState).toBe('open'));
    await until(() => expect(bob.session.getSnapshot().dataChannelState).toBe('open'));

    expect(alice.session.sendControlMessage(hints)).toBe(true);
    alice.session.sendData('{"chat":"hi"}');
    alice.session.sendData(
      `{"rtckit":1,"type":"video-hints","hints":[{"mid":"0","width":-5,"height":1,"visible":true}]}`,
    );
    alice.session.sendData('last');
    await until(() => expect(bob.app).toEqual(['{"chat":"hi"}', 'last']));
    expect(bob.control).toEqual([hints]);
    expect(bob.errors.map((error) => error.code)).toEqual(['invalid-peer-message']);
    expect(bob.errors[0]!.message).toMatch(/invalid size/);
    // A snapshot error is for the connection; a bad message from the other side is not one.
    expect(bob.session.getSnapshot().error).toBeNull();

    // And the other way round, with the encoder the sender uses.
    bob.session.sendData(encodePeerControlMessage({ type: 'video-hints', hints: [] }));
    await until(() => expect(alice.control).toEqual([{ type: 'video-hints', hints: [] }]));
    expect(alice.app).toEqual([]);
  });
});
