// The reference WebSocket signaling server (examples/signaling-server) as a real process on
// 127.0.0.1, killed (SIGKILL) and restarted on the same port in the middle of a call between two
// real peers with usePeerConnection + useAutoReconnect: the media keeps flowing peer to peer, the
// signaling reconnects by itself, re-joins its room and delivers what was sent meanwhile, and later
// renegotiations work.
import { act } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import { createWebSocketSignaling, type WebSocketSignaling } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { canvasTrack } from './helpers/peers';
import { framesDecoded, renderReconnectingCall, type ReconnectingCall } from './helpers/reconnectingCall';

declare module 'vitest/browser' {
  interface BrowserCommands {
    startSignalingProcess(options: { token: string }): Promise<{ url: string; port: number }>;
    killSignalingProcess(): Promise<void>;
    restartSignalingProcess(): Promise<{ url: string; port: number }>;
    stopSignalingProcess(): Promise<void>;
  }
}

const TOKEN = 'reconnect-token';
const until = (check: () => void | Promise<void>, timeout: number) => vi.waitFor(check, { timeout, interval: 50 });

let camera: MediaStream;
beforeAll(async () => {
  camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
});
afterAll(async () => {
  camera.getTracks().forEach((track) => track.stop());
  await commands.stopSignalingProcess();
});

let call: ReconnectingCall | undefined;
const adapters: WebSocketSignaling[] = [];
afterEach(() => {
  call?.unmount();
  call = undefined;
  adapters.splice(0).forEach((adapter) => adapter.close());
});

describe('signaling server killed and restarted mid-call', () => {
  it('reconnects, re-joins, delivers the offer sent while it was down, and renegotiates again later', async () => {
    const { url, port } = await commands.startSignalingProcess({ token: TOKEN });
    expect(url).toBe(`ws://127.0.0.1:${port}`);
    const room = `call-${Math.random().toString(36).slice(2)}`;
    const [alice, bob] = [0, 1].map(() => createWebSocketSignaling(`${url}/?room=${room}`, { token: TOKEN }));
    adapters.push(alice!, bob!);
    const video = new MediaStream(camera.getVideoTracks());
    const c = (call = renderReconnectingCall([loopbackOnly(alice!), loopbackOnly(bob!)], video));
    await until(() => [c.alice(), c.bob()].forEach((side) => expect(side.reconnect.state).toBe('connected')), 15_000);
    expect(c.bob().reconnect.signaling).toBe('open'); // useAutoReconnect found the adapter behind loopbackOnly
    const pcs = [c.alice().peer.pc, c.bob().peer.pc];

    // The server dies.
    await commands.killSignalingProcess();
    await until(() => {
      expect(alice!.state.getSnapshot().status).toBe('reconnecting');
      expect(bob!.state.getSnapshot().status).toBe('reconnecting');
      expect(c.alice().reconnect.signaling).toBe('reconnecting');
    }, 10_000);
    // The call itself goes on, peer to peer.
    const frames = await framesDecoded(c.bob().peer.pc);
    await until(async () => expect(await framesDecoded(c.bob().peer.pc)).toBeGreaterThan(frames + 10), 5000);
    expect([c.alice().reconnect.state, c.bob().reconnect.state]).toEqual(['connected', 'connected']);

    // Alice turns her microphone on while the server is down: the offer waits in her adapter.
    act(() => c.setAliceStream(camera));
    await until(() => expect(alice!.state.getSnapshot().queued).toBeGreaterThan(0), 5000);
    expect(c.bob().peer.remoteStream?.getAudioTracks() ?? []).toHaveLength(0);

    // The server comes back on the same port; both adapters reconnect by themselves and re-join.
    await commands.restartSignalingProcess();
    await until(() => {
      expect(alice!.state.getSnapshot()).toMatchObject({ status: 'open', queued: 0 });
      expect(bob!.state.getSnapshot().status).toBe('open');
    }, 30_000);
    await until(() => expect(c.bob().peer.remoteStream?.getAudioTracks()).toHaveLength(1), 10_000);

    // A later renegotiation: Alice adds a second video track.
    const canvas = canvasTrack(320, 180);
    try {
      act(() => c.setAliceStream(new MediaStream([...camera.getTracks(), canvas.track])));
      await until(() => expect(c.bob().peer.remoteStream?.getVideoTracks()).toHaveLength(2), 10_000);
    } finally {
      canvas.stop();
    }
    // All of it on the original connections: nothing needed restarting or rebuilding.
    expect([c.alice().peer.pc, c.bob().peer.pc]).toEqual(pcs);
    for (const side of [c.alice(), c.bob()]) {
      expect(side.reconnect).toMatchObject({ state: 'connected', signaling: 'open', iceRestarts: 0, rebuilds: 0 });
    }
  });
});
