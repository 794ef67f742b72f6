// Receiver-driven hints on a real call: Bob shows Alice's camera in a <VideoTile reportSize>, the
// size travels over the session's data channel, and Alice's BitrateController caps what she sends.
// Everything is the real thing: two PeerSessions (usePeerConnection) in one page, the fake camera,
// ResizeObserver and IntersectionObserver; what Alice sends is read from her getStats().
import { act, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect } from 'vitest';
import {
  createMemorySignalingPair,
  sharedStatsCollector,
  useAdaptiveBitrate,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type Signaling,
  type StatsSample,
} from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { skipInFirefox } from './helpers/browserLimits';

const slow = { timeout: 20_000, interval: 100 };

function Alice({ signaling, onPc }: { signaling: Signaling; onPc: (pc: RTCPeerConnection | null) => void }) {
  const media = useLocalMedia({ audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true, polite: false });
  const abr = useAdaptiveBitrate(peer);
  useEffect(() => {
    onPc(peer.pc);
  }, [peer.pc, onPc]);
  return (
    <section aria-label="Alice">
      <output aria-label="Alice reason">{abr.reason}</output>
      <output aria-label="Alice tile">
        {abr.tile ? `${abr.tile.width}x${abr.tile.height} ${abr.tile.visible}` : 'none'}
      </output>
      <output aria-label="Alice applied">{abr.applied ? `${abr.applied.active} ${abr.applied.height}` : 'none'}</output>
    </section>
  );
}

function Bob({ signaling }: { signaling: Signaling }) {
  const peer = usePeerConnection({ signaling, dataChannel: true, polite: true });
  useAdaptiveBitrate(peer); // reports Bob's tiles to Alice
  const [shown, setShown] = useState(true);
  return (
    <section aria-label="Bob">
      <div style={{ display: shown ? 'block' : 'none' }}>
        <VideoTile stream={peer.remoteStream} label="Bob sees Alice" reportSize style={{ width: 200, height: 150 }} />
      </div>
      <button onClick={() => setShown(!shown)}>{shown ? 'Hide' : 'Show'}</button>
    </section>
  );
}

/** Alice's outbound video as her stats report it. */
function sent(pc: RTCPeerConnection): StatsSample['outbound']['video'] {
  return sharedStatsCollector(pc).getSnapshot().latest?.outbound.video;
}

const text = (name: string) => screen.getByRole('status', { name }).textContent;

afterEach(() => document.body.replaceChildren());

describe('receiver-driven hints (real Chromium, StrictMode)', () => {
  skipInFirefox(
    'sends no more than a 200×150 tile shows, and nothing while the tile is hidden (not yet passing in Firefox: cause not found)',
    async () => {
      const [a, b] = createMemorySignalingPair().map(loopbackOnly);
      let pc: RTCPeerConnection | null = null;
      render(
        <>
          <Alice signaling={a!} onPc={(next) => (pc = next)} />
          <Bob signaling={b!} />
        </>,
      );
      await waitFor(
        () => expect(screen.getByRole('figure', { name: 'Bob sees Alice' }).dataset.state).toBe('playing'),
        slow,
      );
      const alicePc = pc as RTCPeerConnection | null;
      if (!alicePc) throw new Error('Alice has no connection');
      const stop = sharedStatsCollector(alicePc).subscribe(() => {});

      // The tile's size reached Alice, and what she sends matches it (640×480 → 200×150).
      await waitFor(() => expect(text('Alice tile')).toBe('200x150 true'), slow);
      expect(text('Alice reason')).toBe('receiver-tile');
      await waitFor(() => {
        const video = sent(alicePc);
        expect(video?.frameWidth).toBe(200);
        expect(video?.frameHeight).toBe(150);
      }, slow);
      const visibleRate = sent(alicePc)?.bitrate ?? 0;
      expect(visibleRate).toBeGreaterThan(10_000);

      // Hidden: Alice stops sending video altogether.
      await act(async () => screen.getByRole('button', { name: 'Hide' }).click());
      await waitFor(() => expect(text('Alice tile')).toBe('0x0 false'), slow);
      expect(text('Alice reason')).toBe('receiver-hidden');
      expect(text('Alice applied')).toBe('false 0');
      await waitFor(() => {
        const video = sent(alicePc);
        expect(video?.streams[0]?.active).toBe(false);
        expect(video?.bitrate ?? 0).toBeLessThan(2_000);
      }, slow);

      // Shown again: back to the tile's size.
      await act(async () => screen.getByRole('button', { name: 'Show' }).click());
      await waitFor(() => {
        const video = sent(alicePc);
        expect(video?.streams[0]?.active).toBe(true);
        expect(video?.frameHeight).toBe(150);
        expect(video?.bitrate ?? 0).toBeGreaterThan(10_000);
      }, slow);
      stop();
    },
  );
});
