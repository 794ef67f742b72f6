// The Reconnector judged by media (the watchdog), on a fake peer whose connections report received
// packets that the test switches on and off, with a virtual clock. Proven on real connections
// (Chromium and Firefox, real outages) in test/network/ and test/crossBrowser/.
import { describe, expect, it } from 'vitest';
import { isRtcKitError, Reconnector, type ReconnectorOptions, type ReconnectSnapshot } from 'rtckit/core';
import { FakeNetworkStatus, VirtualClock } from 'rtckit/testing';
import { fakePeer, mediaOfConnection } from '../../../helpers/fakePeer';

function setup(options: ReconnectorOptions = {}) {
  const clock = new VirtualClock();
  const peer = fakePeer(undefined, { media: true });
  const reconnector = new Reconnector(peer, { clock, network: new FakeNetworkStatus(), ...options });
  const states: { at: number; snapshot: ReconnectSnapshot }[] = [];
  reconnector.subscribe(() => states.push({ at: clock.now(), snapshot: reconnector.getSnapshot() }));
  const snap = () => reconnector.getSnapshot();
  const media = () => mediaOfConnection(peer.snapshot.pc);
  /** Virtual time in steps of 100 ms, letting each getStats() answer arrive before the next step. */
  const run = async (ms: number) => {
    for (let step = 0; step < ms; step += 100) {
      clock.advance(Math.min(100, ms - step));
      for (let i = 0; i < 4; i++) await Promise.resolve();
    }
  };
  const connect = () => peer.set({ connectionState: 'connected', iceConnectionState: 'connected' });
  const drop = () => peer.set({ connectionState: 'disconnected', iceConnectionState: 'disconnected' });
  /** The first snapshot at or after `from` matching `test`. */
  const first = (from: number, test: (s: ReconnectSnapshot) => boolean) =>
    states.find((entry) => entry.at >= from && test(entry.snapshot));
  return { clock, peer, reconnector, snap, media, run, connect, drop, first };
}

describe('Reconnector judged by media', () => {
  it('a connected call whose media stops is reconnecting (media-stalled) within 5 s, with key frames at once and ICE after the grace period', async () => {
    const { clock, peer, snap, media, run, connect, first } = setup({ stallAfterMs: 4000, graceMs: 2000 });
    connect();
    await run(3000);
    expect(snap().state).toBe('connected');
    media().flowing = false;
    const stoppedAt = clock.now();
    await run(6000);
    const lost = first(stoppedAt, (s) => s.state === 'reconnecting');
    expect(lost?.snapshot.reason).toBe('media-stalled');
    // The last reading that saw packets came at most a poll (1 s) before they stopped; 4 s after it, the stall.
    expect(lost!.at - stoppedAt).toBeLessThanOrEqual(5000);
    expect(lost!.at - stoppedAt).toBeGreaterThanOrEqual(3000);
    expect(peer.keyFrameRequests).toBe(1);
    const restartedAt = first(lost!.at, (s) => s.action === 'ice-restart')?.at;
    expect(restartedAt! - lost!.at).toBe(2000);
    expect(peer.restarts).toBe(1);
  });

  it('media that moves again by itself within the grace period is connected again, without an ICE restart', async () => {
    const { peer, snap, media, run, connect } = setup({ graceMs: 2000 });
    connect();
    await run(2000);
    media().flowing = false;
    // Readings at 0, 1.1, 2.2 … s: the last to count packets was at 1.1 s, so stalled at 5.1 s, and
    // the grace period ends at 7.1 s.
    await run(3500);
    expect(snap().reason).toBe('media-stalled');
    media().flowing = true;
    await run(1500);
    expect(snap()).toMatchObject({ state: 'connected', reason: null });
    expect(peer.restarts).toBe(0);
    expect(peer.keyFrameRequests).toBe(2); // on the stall, and on the recovery
  });

  it('after an outage, "connected" counts only once media moves: reconnecting until packets arrive', async () => {
    const { clock, peer, snap, media, run, connect, drop, first } = setup({ graceMs: 2000 });
    connect();
    await run(2000);
    media().flowing = false;
    drop();
    await run(2000); // grace → ICE restart
    expect(peer.restarts).toBe(1);
    peer.negotiateRestart();
    connect(); // ICE is back, but nothing arrives yet
    await run(2000);
    expect(snap()).toMatchObject({ state: 'reconnecting', action: 'ice-restart' });
    media().flowing = true;
    const flowingAt = clock.now();
    await run(2000);
    const back = first(flowingAt, (s) => s.state === 'connected');
    expect(back!.at - flowingAt).toBeLessThanOrEqual(1000); // the next reading
    expect(peer.rebuilds).toBe(0);
  });

  it('asks for key frames the moment a connection that carried media is connected again, not a poll later, and once', async () => {
    const { peer, media, run, connect, drop, snap } = setup({ graceMs: 2000 });
    connect();
    await run(2000);
    media().flowing = false;
    drop();
    await run(2000); // grace → ICE restart
    peer.negotiateRestart();
    const before = peer.keyFrameRequests;
    connect();
    // Before any reading: the decoders need a key frame to show the packets about to arrive.
    expect(peer.keyFrameRequests).toBe(before + 1);
    expect(snap().state).toBe('reconnecting');
    media().flowing = true;
    await run(2000);
    expect(snap().state).toBe('connected');
    expect(peer.keyFrameRequests).toBe(before + 1); // media moving asks for none again
  });

  it('an ICE restart that connects without media (Firefox after its DTLS failed) is replaced by a new connection after stallAfterMs', async () => {
    const { peer, snap, media, run, connect, drop, first, clock } = setup({ graceMs: 2000, stallAfterMs: 4000 });
    connect();
    await run(2000);
    media().flowing = false;
    drop();
    await run(2000);
    peer.negotiateRestart();
    connect();
    const connectedAt = clock.now();
    await run(6000);
    const rebuilt = first(connectedAt, (s) => s.action === 'rebuild');
    expect(rebuilt?.snapshot).toMatchObject({ state: 'reconnecting', reason: 'media-stalled' });
    expect(rebuilt!.at - connectedAt).toBeGreaterThanOrEqual(4000);
    expect(rebuilt!.at - connectedAt).toBeLessThanOrEqual(5000);
    expect(peer.rebuilds).toBe(1);
    // The new connection carries media: connected once it arrives.
    connect();
    await run(2000);
    expect(snap().state).toBe('connected');
  });

  it('a connection whose DTLS has failed is rebuilt, not ICE-restarted', async () => {
    const { peer, media, run, connect, drop } = setup({ graceMs: 2000 });
    connect();
    await run(2000);
    media().flowing = false;
    media().dtls = 'failed';
    drop();
    await run(2500);
    expect(peer.restarts).toBe(0);
    expect(peer.rebuilds).toBe(1);
  });

  it('an ICE restart on a connection that stayed "connected" is judged once it is negotiated', async () => {
    const { peer, snap, media, run, connect } = setup({ graceMs: 2000, stallAfterMs: 4000 });
    connect();
    await run(2000);
    media().flowing = false;
    await run(5000); // stalled
    await run(2000); // grace → ICE restart, while the browser still says connected
    expect(peer.restarts).toBe(1);
    await run(3000);
    expect(peer.rebuilds).toBe(0); // not judged before the answer
    peer.negotiateRestart();
    connect();
    await run(5000);
    expect(peer.rebuilds).toBe(1);
    expect(snap().reason).toBe('media-stalled');
  });

  // The cause of a rebuilt connection staying 'reconnecting' in real Chromium: a side that only
  // sends sees its first receiver report 1–2 s after connecting, and the bound of the attempt
  // (armed when the rebuild began) ended the verification first, rebuilding a working connection
  // again and again.
  it('a rebuilt connection that connects near the end of its bound is judged by its media, not rebuilt again by that bound', async () => {
    const { clock, peer, snap, media, run, connect, drop, first } = setup({
      graceMs: 500,
      iceRestartTimeoutMs: 2000,
      stallAfterMs: 4000,
      nextRetryDelayMs: () => 0,
    });
    connect();
    await run(2000);
    media().flowing = false;
    drop();
    await run(500); // grace → ICE restart, never answered
    expect(peer.restarts).toBe(1);
    await run(2000); // its bound → a new connection
    expect(peer.rebuilds).toBe(1);
    media().flowing = false; // the link is still down
    const rebuiltAt = clock.now();
    await run(1500);
    connect(); // the link is back 500 ms before the new connection's bound
    await run(1500); // the first acknowledgement of what we send comes this late
    expect(snap()).toMatchObject({ state: 'reconnecting', action: 'rebuild' });
    media().flowing = true;
    const flowingAt = clock.now();
    await run(3000);
    expect(peer.rebuilds).toBe(1);
    const back = first(flowingAt, (s) => s.state === 'connected');
    expect(back!.at - flowingAt).toBeLessThanOrEqual(1000);
    expect(back!.at - rebuiltAt).toBeGreaterThan(2000); // verified after the attempt's bound
  });

  it('a connection that came back without media is still replaced after stallAfterMs, even when its attempt has time left', async () => {
    const { clock, peer, media, run, connect, drop, first } = setup({
      graceMs: 500,
      iceRestartTimeoutMs: 15_000,
      stallAfterMs: 4000,
    });
    connect();
    await run(2000);
    media().flowing = false;
    drop();
    await run(500);
    peer.negotiateRestart();
    connect();
    const connectedAt = clock.now();
    await run(6000);
    const rebuilt = first(connectedAt, (s) => s.action === 'rebuild');
    expect(rebuilt!.at - connectedAt).toBeGreaterThanOrEqual(4000);
    expect(rebuilt!.at - connectedAt).toBeLessThanOrEqual(5000);
    expect(rebuilt!.snapshot.reason).toBe('media-stalled');
  });

  it('watchMedia: false judges by states alone, as before', async () => {
    const { snap, media, run, connect, drop, peer } = setup({ watchMedia: false, graceMs: 2000 });
    connect();
    await run(2000);
    expect(media().statsCalls).toBe(0);
    media().flowing = false;
    await run(10_000);
    expect(snap().state).toBe('connected');
    drop();
    await run(2000);
    peer.negotiateRestart();
    connect();
    expect(snap().state).toBe('connected');
  });

  it('rejects a stall bound over 5 s with a typed error', () => {
    let error: unknown;
    try {
      new Reconnector(fakePeer(), { stallAfterMs: 10_000 });
    } catch (caught) {
      error = caught;
    }
    expect(isRtcKitError(error) && error.code).toBe('invalid-option');
  });
});
