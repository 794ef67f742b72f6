// The send-stall verdict of one video sender, reading by reading, with injected time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextSendStall,
  SEND_STALL_DEFAULTS,
  startSendStall,
  type SendReading,
  type SendStallState,
} from '@src/core/reconnect/sendStall';

const live = { trackLive: true, encodingsActive: true, connected: true } as const;

/** Feeds readings one second apart from t = 1 s; returns the times at which a repair was asked. */
function repairsOver(readings: readonly Omit<SendReading, 'at'>[], start: SendStallState = startSendStall()) {
  let state = start;
  const repairs: number[] = [];
  readings.forEach((reading, index) => {
    const at = (index + 1) * 1000;
    const next = nextSendStall(state, { ...reading, at });
    state = next.state;
    if (next.repair) repairs.push(at);
  });
  return { repairs, state };
}

/** `flowing` seconds of frames growing by 20 a second, then `flat` seconds at the last count. */
function framesThenFlat(flowing: number, flat: number, extra: Partial<SendReading> = {}) {
  const readings: Omit<SendReading, 'at'>[] = [];
  for (let i = 1; i <= flowing; i++) readings.push({ ...live, sent: i * 20 });
  for (let i = 0; i < flat; i++) readings.push({ ...live, sent: flowing * 20, ...extra });
  return readings;
}

describe('nextSendStall', () => {
  it('fires once frames have stood still for 2.5 s while the track is live, an encoding active, and connected', () => {
    // Last growth at 3 s; flat at 4, 5, 6 s: 6 − 3 = 3 s ≥ 2.5 s.
    expect(repairsOver(framesThenFlat(3, 3)).repairs).toEqual([6000]);
    expect(repairsOver(framesThenFlat(3, 2)).repairs).toEqual([]); // 2 s flat is not enough
  });

  it('does not fire while the track is disabled or ended, every encoding is inactive, the camera is off, or the connection is down', () => {
    for (const extra of [
      { trackLive: false }, // disabled, ended, muted — or no track at all (camera off)
      { encodingsActive: false }, // bitrate adaptation paused every layer
      { connected: false }, // an outage: the encoder pauses by design
      { sent: undefined }, // no outbound-rtp yet
    ]) {
      expect(repairsOver(framesThenFlat(3, 20, extra)).repairs, JSON.stringify(extra)).toEqual([]);
    }
  });

  it('counts from when frames became due again, not from before: a track enabled again gets 2.5 s', () => {
    const readings = [
      ...framesThenFlat(2, 5, { trackLive: false }), // disabled from 3 s to 7 s, frames flat
      { ...live, sent: 40 }, // enabled at 8 s, still flat: judged from 8 s
      { ...live, sent: 40 },
      { ...live, sent: 40 }, // 10 s: only 2 s
      { ...live, sent: 40 }, // 11 s: 3 s ≥ 2.5 s
    ];
    expect(repairsOver(readings).repairs).toEqual([11_000]);
  });

  it('backs off after a repair: 5 s, then 10, 20, 40, and at most 60 s between repairs while frames stay flat', () => {
    const { repairs } = repairsOver(framesThenFlat(1, 300));
    const gaps = repairs.slice(1).map((at, i) => at - repairs[i]!);
    expect(repairs[0]).toBe(4000);
    expect(gaps).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('resets once frames flow again: the next stall is repaired after 2.5 s, with the back-off from 5 s', () => {
    const first = repairsOver(framesThenFlat(1, 20)); // repairs at 4, 9, 19 s
    expect(first.repairs).toEqual([4000, 9000, 19_000]);
    expect(first.state.backoffMs).toBe(40_000);
    let state = first.state;
    let at = 21_000;
    const step = (sent: number) => {
      const next = nextSendStall(state, { ...live, sent, at });
      state = next.state;
      at += 1000;
      return next.repair;
    };
    step(50); // frames again
    expect(state).toMatchObject({ backoffMs: 5000, retryAt: null, repairs: 0 });
    expect([step(50), step(50), step(50)]).toEqual([false, false, true]); // 22, 23, 24 s: 3 s flat
    expect([step(50), step(50), step(50), step(50), step(50)]).toEqual([false, false, false, false, true]);
  });

  it('a counter that restarts lower (a new send stream) is not growth, and a dead new stream is still repaired', () => {
    const readings = [...framesThenFlat(3, 0), { ...live, sent: 0 }, { ...live, sent: 0 }, { ...live, sent: 0 }];
    expect(repairsOver(readings).repairs).toEqual([6000]);
  });

  it('property: never fires while frames grow or nothing is due; never twice within the first back-off', () => {
    const reading = fc.record({
      grow: fc.boolean(),
      trackLive: fc.boolean(),
      encodingsActive: fc.boolean(),
      connected: fc.boolean(),
      gapMs: fc.integer({ min: 100, max: 4000 }),
    });
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 80 }), (readings) => {
        let state = startSendStall();
        let at = 0;
        let sent = 0;
        let lastRepair = -Infinity;
        let lastGrowthOrUnjudged = 0;
        for (const r of readings) {
          at += r.gapMs;
          if (r.grow) sent += 10;
          const next = nextSendStall(state, { at, sent, ...r });
          const judged = r.trackLive && r.encodingsActive && r.connected;
          if (next.repair) {
            if (r.grow || !judged) return false;
            if (at - lastRepair < SEND_STALL_DEFAULTS.firstBackoffMs) return false;
            if (at - lastGrowthOrUnjudged < SEND_STALL_DEFAULTS.stallAfterMs) return false;
            lastRepair = at;
          }
          if (!judged || r.grow) lastGrowthOrUnjudged = at;
          state = next.state;
        }
        return true;
      }),
    );
  });
});
