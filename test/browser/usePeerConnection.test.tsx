// usePeerConnection in real Chromium, under StrictMode (test/setup.ts), two peers in one page.
import { act, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemorySignalingPair,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type Signaling,
  type UsePeerConnectionOptions,
  type UsePeerConnectionResult,
} from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { isOffer, recording, type RecordedSignaling } from './helpers/peers';

const timeout = { timeout: 10_000 };

interface PeerProps extends UsePeerConnectionOptions {
  readonly name: string;
  readonly withCamera?: boolean;
  readonly onPeer?: (peer: UsePeerConnectionResult) => void;
}

function Peer({ name, withCamera, onPeer, ...options }: PeerProps) {
  const media = useLocalMedia({ enabled: withCamera ?? false, audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ ...options, localStream: withCamera ? media.stream : options.localStream });
  useEffect(() => {
    onPeer?.(peer);
  });
  return (
    <section aria-label={name}>
      <VideoTile stream={peer.remoteStream} label={`${name} sees`} style={{ width: 160, height: 120 }} />
      <output
        aria-label={`${name} state`}
      >{`${peer.connectionState}${peer.closedBy ? ` by ${peer.closedBy}` : ''}`}</output>
      <output aria-label={`${name} channel`}>{peer.dataChannelState ?? 'none'}</output>
      <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>{`${name} camera`}</button>
      <button onClick={() => peer.sendData(`hello from ${name}`)}>{`${name} send`}</button>
      <button onClick={peer.close}>{`${name} hang up`}</button>
    </section>
  );
}

function pair(): [RecordedSignaling, RecordedSignaling] {
  const [a, b] = createMemorySignalingPair();
  return [recording(loopbackOnly(a)), recording(loopbackOnly(b))];
}

const state = (name: string) => screen.getByRole('status', { name: `${name} state` }).textContent;
const tile = (name: string) => screen.getByRole('figure', { name: `${name} sees` });

afterEach(() => document.body.replaceChildren());

describe('usePeerConnection in Chromium (StrictMode)', () => {
  it('connects two peers and the remote tile shows the camera', async () => {
    const [alice, bob] = pair();
    render(
      <>
        <Peer name="Alice" signaling={alice} polite={false} withCamera />
        <Peer name="Bob" signaling={bob} polite />
      </>,
    );
    await waitFor(() => expect(state('Alice')).toBe('connected'), timeout);
    await waitFor(() => expect(tile('Bob').dataset.state).toBe('playing'), timeout);
    const video = tile('Bob').querySelector('video')!;
    expect(video.videoWidth / video.videoHeight).toBeCloseTo(4 / 3, 2);
    expect(tile('Alice').dataset.state).toBe('no-video');
    // StrictMode mounted twice, yet each side made one connection and said hello once.
    expect(alice.sent.filter((m) => m.type === 'hello' && !m.reply)).toHaveLength(1);
  });

  it('replaces the track when the camera is turned off and on, without renegotiating', async () => {
    const [alice, bob] = pair();
    let alicePc: RTCPeerConnection | null = null;
    let bobPc: RTCPeerConnection | null = null;
    render(
      <>
        <Peer name="Alice" signaling={alice} polite={false} withCamera onPeer={(peer) => (alicePc = peer.pc)} />
        <Peer name="Bob" signaling={bob} polite onPeer={(peer) => (bobPc = peer.pc)} />
      </>,
    );
    await waitFor(() => expect(tile('Bob').dataset.state).toBe('playing'), timeout);
    const offers = alice.sent.filter(isOffer).length;
    const framesDecoded = async () => {
      let frames = 0;
      (await bobPc!.getStats()).forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
      });
      return frames;
    };
    const sender = alicePc!.getSenders().find((s) => s.track?.kind === 'video')!;
    const framesSent = async () => {
      let frames = 0;
      (await sender.getStats()).forEach((report) => {
        if (report.type === 'outbound-rtp') frames += report.framesSent ?? 0;
      });
      return frames;
    };

    act(() => screen.getByRole('button', { name: 'Alice camera' }).click()); // LocalMedia: new stream, no video
    await waitFor(() => expect(sender.track).toBeNull(), timeout); // replaceTrack(null): the sender is kept
    const sentWhenOff = await framesSent();
    // The encodings are switched off too: Firefox would otherwise repeat the last frame about once
    // a second, and Bob would see a frozen picture.
    await waitFor(() => expect(sender.getParameters().encodings.every((e) => e.active === false)).toBe(true), timeout);
    // The remote track can stay unmuted (Chromium keeps it so); the tile sees the frames stop and shows its
    // placeholder once none arrived for 2 s.
    await waitFor(() => expect(tile('Bob').dataset.state).toBe('no-video'), timeout);
    const whileOff = await framesDecoded();
    expect((await framesSent()) - sentWhenOff).toBeLessThan(3); // nothing is sent
    expect(whileOff).toBeGreaterThan(0);
    expect(whileOff).toBeLessThanOrEqual(sentWhenOff); // Bob decoded only what was sent before

    act(() => screen.getByRole('button', { name: 'Alice camera' }).click());
    await waitFor(async () => expect(await framesDecoded()).toBeGreaterThan(whileOff + 10), timeout);
    await waitFor(() => expect(tile('Bob').dataset.state).toBe('playing'), timeout);
    expect(alice.sent.filter(isOffer)).toHaveLength(offers);
  });

  it('round-trips data channel messages', async () => {
    const [alice, bob] = pair();
    const got: unknown[] = [];
    render(
      <>
        <Peer
          name="Alice"
          signaling={alice}
          polite={false}
          dataChannel
          onDataChannelMessage={(data) => got.push(data)}
        />
        <Peer name="Bob" signaling={bob} polite dataChannel onDataChannelMessage={(data) => got.push(data)} />
      </>,
    );
    await waitFor(
      () => expect(screen.getByRole('status', { name: 'Alice channel' }).textContent).toBe('open'),
      timeout,
    );
    await waitFor(() => expect(screen.getByRole('status', { name: 'Bob channel' }).textContent).toBe('open'), timeout);
    act(() => screen.getByRole('button', { name: 'Alice send' }).click());
    act(() => screen.getByRole('button', { name: 'Bob send' }).click());
    await waitFor(() => expect(got.sort()).toEqual(['hello from Alice', 'hello from Bob']));
  });

  it('reports the other side hanging up, and unmounting, as closed by remote', async () => {
    const [alice, bob] = pair();
    const { rerender } = render(
      <>
        <Peer name="Alice" signaling={alice} polite={false} withCamera />
        <Peer name="Bob" signaling={bob} polite />
      </>,
    );
    await waitFor(() => expect(state('Bob')).toBe('connected'), timeout);
    act(() => screen.getByRole('button', { name: 'Alice hang up' }).click());
    expect(state('Alice')).toBe('closed by local');
    await waitFor(() => expect(state('Bob')).toBe('closed by remote'));

    // A new Alice (new signaling end) calls again; then she unmounts.
    const [alice2, bob2] = pair();
    rerender(
      <>
        <Peer name="Alice" signaling={alice2} polite={false} withCamera />
        <Peer name="Bob" signaling={bob2} polite />
      </>,
    );
    await waitFor(() => expect(state('Bob')).toBe('connected'), timeout);
    rerender(<Peer name="Bob" signaling={bob2} polite />);
    await waitFor(() => expect(state('Bob')).toBe('closed by remote'));
  });

  it('leaves no RTCPeerConnection open after 50 StrictMode mount/unmount cycles', async () => {
    const Original = window.RTCPeerConnection;
    const created: RTCPeerConnection[] = [];
    window.RTCPeerConnection = class Counted extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        created.push(this);
      }
    };
    try {
      const camera = await navigator.mediaDevices.getUserMedia({ video: true });
      for (let cycle = 0; cycle < 50; cycle++) {
        const [alice, bob] = pair();
        const signalings: Signaling[] = [alice, bob];
        const { unmount } = render(
          <>
            <Peer name="Alice" signaling={signalings[0]!} polite={false} localStream={camera} dataChannel />
            <Peer name="Bob" signaling={signalings[1]!} polite dataChannel />
          </>,
        );
        // Every fifth cycle connects fully; the others unmount mid-negotiation.
        if (cycle % 5 === 0) await waitFor(() => expect(state('Bob')).toBe('connected'), timeout);
        unmount();
      }
      camera.getTracks().forEach((track) => track.stop());
      await waitFor(() => expect(created.filter((pc) => pc.signalingState !== 'closed')).toEqual([]));
      expect(created.length).toBeGreaterThanOrEqual(100);
    } finally {
      window.RTCPeerConnection = Original;
    }
  });
});
