// Calls and the ICE panel against a real coturn on 127.0.0.1, in Chromium, under StrictMode.
import { render, screen, waitFor, within } from '@testing-library/react';
import { useEffect } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import {
  createMemorySignalingPair,
  IceProbe,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type RtcKitError,
  type Signaling,
  type UsePeerConnectionResult,
} from 'rtckit';
import type { TurnServerInfo } from '../turn/turnServer';
import { selectedPair } from './helpers/selectedPair';
import { coturnAvailable, staticTurn, stunUrl, turnUrl } from './helpers/turn';
import { skipInFirefox } from './helpers/browserLimits';

const available = await coturnAvailable();
const timeout = { timeout: 10_000 };

afterEach(() => document.body.replaceChildren());

function Peer({
  name,
  signaling,
  rtcConfig,
  withCamera,
  onPeer,
}: {
  name: string;
  signaling: Signaling;
  rtcConfig: RTCConfiguration;
  withCamera?: boolean;
  onPeer?: (peer: UsePeerConnectionResult) => void;
}) {
  const media = useLocalMedia({ enabled: withCamera ?? false, audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, rtcConfig, polite: name === 'Bob', localStream: media.stream });
  useEffect(() => {
    onPeer?.(peer);
  });
  return (
    <section aria-label={name}>
      <VideoTile stream={peer.remoteStream} label={`${name} sees`} style={{ width: 160, height: 120 }} />
      <output aria-label={`${name} state`}>{peer.connectionState}</output>
    </section>
  );
}

describe.skipIf(!available)('against coturn', () => {
  let coturn: TurnServerInfo;
  beforeAll(async () => {
    coturn = await commands.startTurnServer('static');
  });
  afterAll(async () => {
    if (coturn) await commands.stopTurnServer(coturn.id);
  });

  skipInFirefox(
    'a relay-only call through coturn connects and the remote tile shows frames (not yet passing in Firefox: TURN on 127.0.0.1, cause not found)',
    async () => {
      const rtcConfig: RTCConfiguration = { iceServers: [staticTurn(coturn)], iceTransportPolicy: 'relay' };
      const [a, b] = createMemorySignalingPair();
      let alice: UsePeerConnectionResult | null = null;
      render(
        <>
          <Peer name="Alice" signaling={a} rtcConfig={rtcConfig} withCamera onPeer={(peer) => (alice = peer)} />
          <Peer name="Bob" signaling={b} rtcConfig={rtcConfig} />
        </>,
      );
      const tile = () => screen.getByRole('figure', { name: 'Bob sees' });
      await waitFor(
        () => expect(screen.getByRole('status', { name: 'Alice state' })).toHaveTextContent('connected'),
        timeout,
      );
      await waitFor(() => expect(tile().dataset.state).toBe('playing'), timeout);
      const video = tile().querySelector('video')!;
      expect(video.videoWidth).toBeGreaterThan(0);
      const framesAt = video.getVideoPlaybackQuality().totalVideoFrames;
      await waitFor(
        () => expect(video.getVideoPlaybackQuality().totalVideoFrames).toBeGreaterThan(framesAt + 5),
        timeout,
      );
      // Through the relay on both ends, not around it.
      expect(await selectedPair(alice!.pc!)).toMatchObject({ local: 'relay', remote: 'relay', relayProtocol: 'udp' });
    },
  );

  skipInFirefox(
    'the IceProbe panel passes STUN and TURN, and reports a wrong password as an authentication failure (not yet passing in Firefox: TURN on 127.0.0.1, cause not found)',
    async () => {
      const port = await commands.freePort();
      render(
        <IceProbe
          iceServers={[
            { urls: stunUrl(coturn) },
            staticTurn(coturn),
            staticTurn(coturn, { credential: 'wrong' }),
            { urls: `turn:127.0.0.1:${port}`, username: 'a', credential: 'b' },
          ]}
          options={{ auto: true, timeoutMs: 3000 }}
        />,
      );
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('2 of 4 passed.'), timeout);
      const rows = within(screen.getByRole('table', { name: 'ICE servers' }))
        .getAllByRole('row')
        .slice(1) as HTMLTableRowElement[];
      const shown = rows.map((row) => [
        row.querySelector('th')!.textContent,
        row.dataset.state,
        row.dataset.failure ?? null,
        row.cells[2]!.textContent,
      ]);
      expect(shown).toEqual([
        [stunUrl(coturn), 'pass', null, expect.stringMatching(/host|srflx/)],
        [turnUrl(coturn), 'pass', null, 'relay'],
        [turnUrl(coturn), 'fail', 'auth-failed', '–'],
        [`turn:127.0.0.1:${port}`, 'fail', 'unreachable', '–'],
      ]);
      // The relay call's round trip, in milliseconds.
      expect(rows[1]!.cells[5]!.textContent).toMatch(/^\d+ ms$/);
    },
  );
});

describe('usePeerConnection and ICE configuration', () => {
  it('validates iceServers before creating a connection: no RTCPeerConnection, a typed error naming server and rule', async () => {
    const created: RTCConfiguration[] = [];
    class Counted extends RTCPeerConnection {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        created.push(configuration ?? {});
      }
    }
    const errors: RtcKitError[] = [];
    let seen: UsePeerConnectionResult | null = null;
    const [signaling] = createMemorySignalingPair();
    function Caller() {
      const peer = usePeerConnection({
        signaling,
        rtcConfig: { iceServers: [{ urls: 'stun:ok.example.org' }, { urls: 'turn:turn.example.org?transport=sctp' }] },
        RTCPeerConnection: Counted,
        onError: (error) => errors.push(error),
      });
      useEffect(() => {
        seen = peer;
      });
      return null;
    }
    render(<Caller />);
    await waitFor(() => expect(seen!.error).not.toBeNull());
    expect(seen!.pc).toBeNull();
    expect(created).toEqual([]);
    expect(seen!.error).toMatchObject({ code: 'invalid-ice-server', serverIndex: 1, rule: 'transport' });
    expect(seen!.error!.message).toContain('iceServers[1] ("turn:turn.example.org?transport=sctp")');
    expect(errors.every((error) => error.code === 'invalid-ice-server')).toBe(true);
  });
});
