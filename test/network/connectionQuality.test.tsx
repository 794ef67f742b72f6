// Connection quality on a real call: two RTCPeerConnections in one page over 127.0.0.1, impaired
// through CDP. The badge and the hook under test are the real ones, polling real getStats().
import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { QualityBadge, useConnectionQuality } from 'rtckit';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';
import { connectLoopbackPair, type LoopbackPair } from '../browser/helpers/loopbackPair';

/** Shows one peer's quality on the DOM: the badge, plus the reason codes for the test to read. */
function Peer({ name, pc }: { name: string; pc: RTCPeerConnection }) {
  const quality = useConnectionQuality(pc);
  return (
    <div data-testid={name} data-level={quality.level} data-reasons={quality.reasons.map((r) => r.code).join(' ')}>
      <QualityBadge pc={pc} />
    </div>
  );
}

function watch(pair: LoopbackPair) {
  const view = render(
    <>
      <Peer name="sender" pc={pair.sender} />
      <Peer name="receiver" pc={pair.receiver} />
    </>,
  );
  const peer = (name: string) => view.getByTestId(name);
  return {
    level: (name: string) => peer(name).dataset.level,
    reasons: (name: string) => peer(name).dataset.reasons ?? '',
    badgeLevel: (name: string) => peer(name).querySelector('[data-quality]')!.getAttribute('data-quality'),
  };
}

let pair: LoopbackPair | undefined;
impairEachTest(() => {
  pair?.close();
  pair = undefined;
});

const PEERS = ['sender', 'receiver'] as const;

describe('connection quality on a real call', () => {
  it('is excellent or good within 5 s on a clean link', async () => {
    pair = await connectLoopbackPair({ audio: true, video: true });
    const view = watch(pair);
    const start = performance.now();
    await waitFor(
      () => {
        for (const name of PEERS) expect(['excellent', 'good']).toContain(view.badgeLevel(name));
      },
      { timeout: 5000, interval: 100 },
    );
    console.log(`clean: ${Math.round(performance.now() - start)} ms to ${PEERS.map(view.badgeLevel).join('/')}`);
  });

  // CDP impairs each socket, and a one-page loopback packet crosses two: 300 kbit/s + 10 % loss +
  // 100 ms per socket is, for the call, 300 kbit/s, about 19 % loss (1 − 0.9²) and 200 ms one way.
  it('drops to poor within 6 s under 300 kbit/s, ≈ 19 % loss, 200 ms one way (10 % + 100 ms per socket), naming loss or bandwidth, and recovers after', async () => {
    pair = await connectLoopbackPair({ audio: true, video: true });
    const view = watch(pair);
    await waitFor(() => expect(view.level('sender')).toBe('excellent'), { timeout: 5000 });

    await impair({ kbps: 300, lossPercent: 10, latencyMs: 100 }); // per socket, see above
    const impaired = performance.now();
    await waitFor(
      () => {
        for (const name of PEERS) {
          expect(['poor', 'lost']).toContain(view.level(name));
          expect(view.badgeLevel(name)).toBe(view.level(name));
          expect(view.reasons(name)).toMatch(/packet-loss|bandwidth/);
        }
      },
      { timeout: 6000, interval: 100 },
    );
    console.log(
      `impaired: ${Math.round(performance.now() - impaired)} ms to ${PEERS.map((n) => `${view.level(n)} [${view.reasons(n)}]`).join(', ')}`,
    );

    await restoreNetwork();
    const restored = performance.now();
    await waitFor(
      () => {
        for (const name of PEERS) expect(['excellent', 'good']).toContain(view.level(name));
      },
      { timeout: 45_000, interval: 250 },
    );
    console.log(`recovered: ${Math.round(performance.now() - restored)} ms to ${PEERS.map(view.level).join('/')}`);
  });

  it('reaches lost when the link is black-holed (packetLoss 100)', async () => {
    pair = await connectLoopbackPair({ audio: true, video: true });
    const view = watch(pair);
    await waitFor(() => expect(view.level('sender')).toBe('excellent'), { timeout: 5000 });
    await impair({ lossPercent: 100 });
    const start = performance.now();
    await waitFor(
      () => {
        for (const name of PEERS) expect(view.badgeLevel(name)).toBe('lost');
      },
      { timeout: 15_000, interval: 100 },
    );
    console.log(
      `black hole: ${Math.round(performance.now() - start)} ms to lost (${PEERS.map(view.reasons).join(' / ')}), connectionState ${pair.sender.connectionState}`,
    );
  });
});
