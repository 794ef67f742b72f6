// When ICE restarts cannot bring a call back: the rebuild path (a new RTCPeerConnection on each
// side, tracks re-added, negotiated from scratch, followed by usePeerConnection's `pc`), then the
// give-up bound. Real connections in Chromium, the link black-holed through CDP (packetLoss 100);
// short, configured bounds so that the restarts run out of time long before ICE's own verdict.
// Run alone: `flock /tmp/rtckit-heavy.lock npx vitest run --project network test/network/reconnectRebuild.test.tsx`.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createMemorySignalingPair, type UseAutoReconnectOptions } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { impair, impairEachTest, restoreNetwork } from '../browser/helpers/impairment';
import {
  cameraForFile,
  framesDecoded,
  renderReconnectingCall,
  untilNewFrames,
  until,
  type ReconnectingCall,
} from '../browser/helpers/reconnectingCall';

const camera = cameraForFile();

let call: ReconnectingCall | undefined;
impairEachTest(() => {
  call?.unmount();
  call = undefined;
});

const SHORT: UseAutoReconnectOptions = { graceMs: 500, iceRestartTimeoutMs: 2000 };

async function startCall(options: UseAutoReconnectOptions) {
  const [a, b] = createMemorySignalingPair();
  call = renderReconnectingCall([loopbackOnly(a!), loopbackOnly(b!)], camera(), options);
  const c = call;
  await until(() => [c.alice(), c.bob()].forEach((side) => expect(side.reconnect.state).toBe('connected')), 10_000);
  await until(async () => expect(await framesDecoded(c.bob().peer.pc)).toBeGreaterThan(20), 10_000);
  return c;
}

const sides = (c: ReconnectingCall) => [c.alice(), c.bob()];

describe('when an ICE restart cannot succeed (CDP packetLoss 100)', () => {
  it('rebuilds the connection, and the rebuilt connection brings media back once the link returns', async () => {
    const c = await startCall(SHORT);
    const alicePc = c.alice().peer.pc!;
    const bobPc = c.bob().peer.pc!;
    await impair({ lossPercent: 100 });
    // Media stalls (about 4 s in) or the connection drops: an ICE restart after the grace period.
    // It is replaced by a new connection when its bound runs out unresolved ('restart-timeout'), or
    // when it was answered while ICE still said `connected` and nothing moved for stallAfterMs
    // ('media-stalled': Chromium can keep a black-holed connection `connected` that long).
    await until(
      () => expect(Math.max(...sides(c).map((side) => side.reconnect.rebuilds))).toBeGreaterThanOrEqual(1),
      30_000,
    );
    const rebuilder = sides(c).find((side) => side.reconnect.rebuilds > 0)!;
    expect(rebuilder.reconnect.iceRestarts).toBeGreaterThanOrEqual(1); // restart first, rebuild after
    expect(rebuilder.reconnect.state).toBe('reconnecting');
    expect(['restart-timeout', 'media-stalled']).toContain(rebuilder.reconnect.reason);
    // Both sides follow with new connections; the hook result's pc is the new one.
    await until(() => {
      expect(c.alice().peer.pc).not.toBe(alicePc);
      expect(c.bob().peer.pc).not.toBe(bobPc);
    }, 5000);
    expect(alicePc.signalingState).toBe('closed');
    expect(bobPc.signalingState).toBe('closed');

    await restoreNetwork();
    const resumedMs = await untilNewFrames(() => c.bob().peer.pc, 15_000);
    await until(() => sides(c).forEach((side) => expect(side.reconnect.state).toBe('connected')), 10_000);
    console.log(
      `rebuild: frames on the new connection ${Math.round(resumedMs)} ms after the link returned; restarts ${sides(c).map((s) => s.reconnect.iceRestarts)}, rebuilds ${sides(c).map((s) => s.reconnect.rebuilds)}`,
    );
    const pc = c.bob().peer.pc!;
    expect(pc).not.toBe(bobPc);
    expect(pc.connectionState).toBe('connected');
    // The camera track went out again on Alice's new connection, and Bob sees it.
    expect(
      c
        .alice()
        .peer.pc!.getSenders()
        .map((sender) => sender.track),
    ).toContain(camera().getVideoTracks()[0]);
    expect(c.bob().peer.remoteStream?.getVideoTracks()).toHaveLength(1);
    const frames = await framesDecoded(pc);
    await until(async () => expect(await framesDecoded(c.bob().peer.pc)).toBeGreaterThan(frames + 10), 5000);
  });

  it('then gives up at the give-up bound with a reason, and "Try again" brings the call back', async () => {
    const giveUpAfterMs = 15_000;
    const c = await startCall({ ...SHORT, giveUpAfterMs });
    await impair({ lossPercent: 100 });
    await until(() => sides(c).forEach((side) => expect(side.reconnect.state).toBe('failed')), 40_000);
    const failedAt = Object.fromEntries(
      c.transitions.filter((t) => t.what === 'reconnect' && t.state === 'failed').map((t) => [t.name, t.at]),
    );
    for (const [name, side] of [
      ['Alice', c.alice()],
      ['Bob', c.bob()],
    ] as const) {
      const after = failedAt[name]! - side.reconnect.lostAt!;
      console.log(
        `${name} failed ${Math.round(after)} ms after the connection was lost (${side.reconnect.reason}; restarts ${side.reconnect.iceRestarts}, rebuilds ${side.reconnect.rebuilds}): ${side.reconnect.error?.message}`,
      );
      expect(after).toBeGreaterThanOrEqual(giveUpAfterMs - 50);
      expect(after).toBeLessThan(giveUpAfterMs + 1000);
      expect(side.reconnect.reason).not.toBeNull();
      expect(side.reconnect.error).toMatchObject({ code: 'reconnect-failed' });
    }
    // The rebuild path was taken before giving up.
    expect(Math.max(...sides(c).map((side) => side.reconnect.rebuilds))).toBeGreaterThanOrEqual(1);
    // The banner says so, to screen readers too.
    const banner = screen.getByLabelText('Bob status');
    expect(banner).toHaveAttribute('data-state', 'failed');
    expect(within(banner).getByRole('alert')).toHaveTextContent(/Could not reconnect/);

    // Nothing more happens by itself while the link stays down, not even when ICE gives its own
    // verdict on the last attempt's connection ('failed': what a reconnector that had not given up
    // would act on). An attempt would show as a reconnect state after 'failed' in the recording.
    const counts = sides(c).map((side) => side.reconnect.iceRestarts + side.reconnect.rebuilds);
    const iceVerdictWaited = performance.now();
    await until(() => sides(c).forEach((side) => expect(side.peer.connectionState).toBe('failed')), 45_000);
    console.log(
      `ICE's own verdict on both sides ${Math.round(performance.now() - iceVerdictWaited)} ms after giving up`,
    );
    for (const name of ['Alice', 'Bob']) {
      const after = c.transitions.filter((t) => t.name === name && t.what === 'reconnect' && t.at > failedAt[name]!);
      expect(after.map((t) => t.state)).toEqual([]);
    }
    expect(sides(c).map((side) => side.reconnect.iceRestarts + side.reconnect.rebuilds)).toEqual(counts);
    expect(sides(c).map((side) => side.reconnect.state)).toEqual(['failed', 'failed']);

    await restoreNetwork();
    for (const name of ['Alice', 'Bob']) {
      fireEvent.click(within(screen.getByLabelText(`${name} status`)).getByRole('button', { name: 'Try again' }));
    }
    await until(() => sides(c).forEach((side) => expect(side.reconnect.state).toBe('connected')), 15_000);
    const resumedMs = await untilNewFrames(() => c.bob().peer.pc, 10_000);
    console.log(`retry: frames ${Math.round(resumedMs)} ms after the connections came back`);
    expect(screen.getByLabelText('Bob status')).toHaveAttribute('data-state', 'connected');
    // The give-up bound, ICE's verdict after it (10–14 s measured) and the retry, with room.
  }, 90_000);
});
