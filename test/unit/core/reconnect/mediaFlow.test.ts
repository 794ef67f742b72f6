// The media-flow judgement over real Chromium reports recorded by `npm run record:fixtures`: a
// black hole leaves the connection `connected` for seconds while nothing moves.
import { describe, expect, it } from 'vitest';
import { isMediaStalled, nextMediaFlow, startMediaFlow, type MediaFlowState } from '@src/core/reconnect/mediaFlow';
import { readStats } from '@src/core/stats/readStats';
import { FIXTURES, reportOf } from '../../../helpers/statsFixtures';
import type { RecordedTick } from '../../../fixtureTypes';

const STALL_AFTER_MS = 4000;

/** Feeds recorded ticks one second apart; returns, per tick, the connection state and the verdict. */
function judge(ticks: readonly RecordedTick[]) {
  let flow: MediaFlowState = startMediaFlow();
  return ticks.map((tick, index) => {
    const now = (index + 1) * 1000;
    flow = nextMediaFlow(flow, readStats(reportOf(tick)), now);
    return {
      state: tick.connectionState,
      stalled: isMediaStalled(flow, now, STALL_AFTER_MS),
      lastFlowAt: flow.lastFlowAt,
    };
  });
}

describe('media flow over recorded Chromium reports', () => {
  it('the receiver of a black hole is stalled 4 s after its last packet, while still "connected"', () => {
    const verdicts = judge(FIXTURES.blackhole.receiver);
    // inbound packetsReceived (audio, video): ticks 0–3 grow (55/77 → 205/267), then stand still.
    expect(verdicts.map((v) => v.lastFlowAt)).toEqual([null, 2000, 3000, 4000, ...Array(9).fill(4000)]);
    const firstStalled = verdicts.findIndex((v) => v.stalled);
    expect(firstStalled).toBe(7); // tick 7 is at 8000 ms: 4000 ms after the last packet
    expect(verdicts[firstStalled]!.state).toBe('connected');
    expect(verdicts.slice(firstStalled).every((v) => v.stalled)).toBe(true);
  });

  it('the sender of a black hole is stalled once receiver reports stop acknowledging its video', () => {
    const verdicts = judge(FIXTURES.blackhole.sender);
    // The sender receives nothing; its video remote-inbound-rtp roundTripTimeMeasurements go
    // 0, 1, 2, 3 over ticks 0–3 and stay at 3; its audio reports stop after tick 2.
    expect(verdicts.map((v) => v.lastFlowAt).slice(0, 5)).toEqual([null, 2000, 3000, 4000, 4000]);
    expect(verdicts.findIndex((v) => v.stalled)).toBe(7);
    expect(verdicts[7]!.state).toBe('connected');
  });

  it('a clean call is never stalled, on either side', () => {
    for (const ticks of [FIXTURES.clean.sender, FIXTURES.clean.receiver]) {
      expect(judge(ticks).some((v) => v.stalled)).toBe(false);
    }
  });

  it('does not judge a connection where no media is expected (data only, or only sending audio)', () => {
    let flow = startMediaFlow();
    const audioOut = (packets: number) =>
      new Map([
        ['OA', { id: 'OA', type: 'outbound-rtp', timestamp: packets, kind: 'audio', ssrc: 5, packetsSent: packets }],
      ]);
    for (let second = 1; second <= 10; second++)
      flow = nextMediaFlow(flow, readStats(audioOut(second * 50)), second * 1000);
    expect(flow.expected).toBe(false);
    expect(isMediaStalled(flow, 10_000, STALL_AFTER_MS)).toBe(false);

    let dataOnly = startMediaFlow();
    for (let second = 1; second <= 10; second++)
      dataOnly = nextMediaFlow(dataOnly, readStats(new Map()), second * 1000);
    expect(isMediaStalled(dataOnly, 10_000, STALL_AFTER_MS)).toBe(false);
  });

  it('a slow event loop delays the verdict but cannot fake a stall: counters between polls decide', () => {
    const ticks = FIXTURES.clean.receiver;
    let flow = startMediaFlow();
    // Polls 6 s apart (a busy machine), each seeing packets that arrived in between.
    flow = nextMediaFlow(flow, readStats(reportOf(ticks[0]!)), 6000);
    flow = nextMediaFlow(flow, readStats(reportOf(ticks[1]!)), 12_000);
    expect(isMediaStalled(flow, 12_000, STALL_AFTER_MS)).toBe(false);
  });

  it('a connection expected to carry media that never does is stalled, counted from its first reading', () => {
    const silent = FIXTURES.blackhole.receiver[12]!; // counters that no longer move
    let flow = startMediaFlow({ expected: true });
    flow = nextMediaFlow(flow, readStats(reportOf(silent)), 500);
    flow = nextMediaFlow(flow, readStats(reportOf(silent)), 4000);
    expect(isMediaStalled(flow, 4000, STALL_AFTER_MS)).toBe(false);
    flow = nextMediaFlow(flow, readStats(reportOf(silent)), 4500);
    expect(flow.lastFlowAt).toBeNull();
    expect(isMediaStalled(flow, 4500, STALL_AFTER_MS)).toBe(true);
  });
});
