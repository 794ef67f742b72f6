// Both sides start sending at the same moment: glare on the first tracks. The polite side rolls
// its offer back and reuses its transceivers for the other side's offer, and Chromium then leaves
// those receivers' tracks muted although their frames are decoded and played. Tiles must go by
// the frames, not by `muted`.
import { render, screen, waitFor } from '@testing-library/react';
import { useSyncExternalStore } from 'react';
import { afterEach, expect, it } from 'vitest';
import { createMemorySignalingPair, PeerSession, VideoTile } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function RemoteTile({ session, name }: { session: PeerSession; name: string }) {
  const { remoteStream } = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return <VideoTile stream={remoteStream} label={`${name} sees`} style={{ width: 160, height: 120 }} />;
}

it('shows both pictures when both sides add their camera at once', async () => {
  const [a, b] = createMemorySignalingPair();
  const alice = new PeerSession({ signaling: loopbackOnly(a) });
  const bob = new PeerSession({ signaling: loopbackOnly(b) });
  const cameras = await Promise.all([0, 1].map(() => navigator.mediaDevices.getUserMedia({ video: true })));
  cleanups.push(() => {
    alice.close();
    bob.close();
    cameras.flat().forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
  });
  render(
    <>
      <RemoteTile session={alice} name="Alice" />
      <RemoteTile session={bob} name="Bob" />
    </>,
  );
  setTimeout(() => {
    alice.setLocalStream(cameras[0]!);
    bob.setLocalStream(cameras[1]!);
  }, 0);

  for (const name of ['Alice', 'Bob']) {
    await waitFor(() => expect(screen.getByRole('figure', { name: `${name} sees` }).dataset.state).toBe('playing'), {
      timeout: 10_000,
    });
  }
});
