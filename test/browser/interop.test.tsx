// Interop with a peer nobody here wrote: @roamhq/wrtc (libwebrtc for Node) in a child process,
// through the reference WebSocket signaling server, with rtckit in Chromium polite and impolite.
import { render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { useMemo, useState } from 'react';
import { createWebSocketSignaling, usePeerConnection, VideoTile } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import type { WrtcReport } from '../interop/harness';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startInteropPeer(options: {
      room: string;
      polite: boolean;
    }): Promise<{ id: string; signalingUrl: string; token: string }>;
    interopPeerReport(id: string): Promise<WrtcReport>;
    stopInterop(): Promise<void>;
  }
}

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
});
afterAll(async () => {
  camera.getTracks().forEach((track) => track.stop());
  await commands.stopInterop();
});
afterEach(() => document.body.replaceChildren());

function Call({ url, token, polite, received }: { url: string; token: string; polite: boolean; received: unknown[] }) {
  const signaling = useMemo(() => loopbackOnly(createWebSocketSignaling(url, { token })), [url, token]);
  const [pings] = useState(() => ['ping:1', 'ping:2']);
  const peer = usePeerConnection({
    signaling,
    polite,
    localStream: camera,
    dataChannel: true,
    onDataChannelMessage: (data) => received.push(data),
  });
  return (
    <>
      <VideoTile stream={peer.remoteStream} label="wrtc" style={{ width: 320, height: 240 }} />
      <output aria-label="state">{peer.connectionState}</output>
      <output aria-label="channel">{peer.dataChannelState ?? 'none'}</output>
      <button onClick={() => pings.forEach((ping) => peer.sendData(ping))}>ping</button>
    </>
  );
}

describe.each([true, false])('rtckit (polite: %s) with @roamhq/wrtc over the reference WebSocket server', (polite) => {
  it('connects, each side decodes the other’s video, and data channel messages go both ways', async () => {
    const room = `interop-${polite}-${Date.now()}`;
    const { id, signalingUrl, token } = await commands.startInteropPeer({ room, polite: !polite });
    const received: unknown[] = [];
    render(<Call url={`${signalingUrl}/?room=${room}`} token={token} polite={polite} received={received} />);

    await waitFor(() => expect(screen.getByRole('status', { name: 'state' }).textContent).toBe('connected'), {
      timeout: 20_000,
    });
    // rtckit shows wrtc's synthetic 320x180 video.
    const tile = screen.getByRole('figure', { name: 'wrtc' });
    await waitFor(() => expect(tile.dataset.state).toBe('playing'), { timeout: 15_000 });
    const video = tile.querySelector('video')!;
    expect(video.videoWidth / video.videoHeight).toBeCloseTo(16 / 9, 2);
    // wrtc decodes rtckit's camera frames.
    await waitFor(
      async () => {
        const report = await commands.interopPeerReport(id);
        expect(report.framesReceived).toBeGreaterThan(20);
        expect(report.width / report.height).toBeCloseTo(4 / 3, 2); // the 640x480 camera (or a downscale)
      },
      { timeout: 15_000, interval: 250 },
    );
    // Data channel both ways.
    await waitFor(() => expect(screen.getByRole('status', { name: 'channel' }).textContent).toBe('open'), {
      timeout: 10_000,
    });
    screen.getByRole('button', { name: 'ping' }).click();
    await waitFor(() => expect(received).toEqual(expect.arrayContaining(['hello from wrtc', 'pong:1', 'pong:2'])), {
      timeout: 10_000,
    });
    const report = await commands.interopPeerReport(id);
    expect(report.dataMessages).toEqual(['ping:1', 'ping:2']);
    expect(report.connectionState).toBe('connected');
    expect(report.errors).toEqual([]);
  });
});
