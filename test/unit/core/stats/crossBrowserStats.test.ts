// The collector over each browser's report shape: real Firefox recordings (`npm run
// record:firefox`) and Safari-shaped reports (recorded Chromium reports reduced to what WebKit
// copies, test/fixtures/stats/safariShaped.ts). Every field a report has is read with its value
// (worked out by hand from the raw fields of the named ticks, in the comments); every field it
// lacks comes out `undefined`, never zero.
import { describe, expect, it } from 'vitest';
import { scoreQuality, StatsCollector } from 'rtckit/core';
import { isMediaStalled, nextMediaFlow, startMediaFlow } from '@src/core/reconnect/mediaFlow';
import { readStats } from '@src/core/stats/readStats';
import { collect, FIREFOX_FIXTURES, FIXTURES, reportOf } from '../../../helpers/statsFixtures';
import { safariShaped, safariTick } from '../../../fixtures/stats/safariShaped';
import type { StatsFixture } from '../../../fixtureTypes';

const noPoll = { getStats: () => Promise.reject(new Error('not polled')) };

/** Every fixture of every shape, for the "reads without error" sweep. */
const ALL: readonly StatsFixture[] = [
  ...Object.values(FIREFOX_FIXTURES),
  ...Object.values(FIXTURES).flatMap((fixture) => [
    safariShaped(fixture, 'safari'),
    safariShaped(fixture, 'safariLegacy'),
  ]),
];

describe('every browser shape is read without error', () => {
  it.each(ALL.map((fixture) => [fixture.name, fixture] as const))(
    '%s: a sample per tick after the first, none dropped, numbers finite',
    (name, fixture) => {
      for (const [peer, ticks] of [
        ['sender', fixture.sender],
        ['receiver', fixture.receiver],
      ] as const) {
        const collector = new StatsCollector(noPoll);
        const samples = ticks.map((tick) => collector.ingest(reportOf(tick), tick.connectionState));
        expect(samples[0]).toBeNull();
        // The simulcast receiver's counters really go backwards in Chromium's recording (its munged
        // answer makes Chromium recreate the inbound stream): those ticks are dropped in every shape.
        if (name.endsWith('simulcast') && peer === 'receiver') {
          expect(collector.getSnapshot().lastDropReason).toBe('counter-reset');
        } else {
          expect(samples.slice(1).every((sample) => sample !== null)).toBe(true);
          expect(collector.getSnapshot().droppedSamples).toBe(0);
        }
        // No NaN or Infinity anywhere: a missing counter must not turn into arithmetic on undefined.
        const numbers = JSON.stringify(samples, (_key, value) =>
          typeof value === 'number' && !Number.isFinite(value) ? `not finite: ${value}` : value,
        );
        expect(numbers).not.toContain('not finite');
      }
    },
  );
});

describe('Firefox (recorded, Firefox ESR 140)', () => {
  it('reads the sending side: rates, RTCP loss and round trip, and leaves out what Firefox lacks (clean, tick 6)', () => {
    const sample = collect(FIREFOX_FIXTURES.clean.sender)[6]!;
    // outbound video, tick 5 → 6: 999 ms, bytesSent 111537 → 152500, packetsSent 221 → 271,
    // framesEncoded 185 → 216, frameWidth 480. remote-inbound-rtp (linked by remoteId): timestamp
    // 1796633972385 → 1796633973664, packetsLost 0 → 0, totalRoundTripTime 0.012 → 0.013 over 1
    // measurement, jitter 0.0026778.
    const video = sample.outbound.video!;
    expect(sample.intervalMs).toBe(999);
    expect(video.bitrate).toBeCloseTo(328_032.03, 1); // 40963 B × 8 / 0.999 s
    expect(video.streams[0]!.packetRate).toBeCloseTo(50.05, 2);
    expect(video.framesPerSecond).toBeCloseTo(31.031, 3);
    expect(video.frameWidth).toBe(480);
    expect(video.packetLoss).toBe(0);
    expect(video.rttMs).toBeCloseTo(1, 9);
    expect(video.jitterMs).toBeCloseTo(2.6778, 4);
    expect(video.codec).toBe('VP8');
    expect(video.streams[0]!.mid).toBe('1');
    // Firefox has no qualityLimitationReason, targetBitrate, outbound active, availableOutgoingBitrate.
    expect(video.qualityLimitationReason).toBeUndefined();
    expect(video.targetBitrate).toBeUndefined();
    expect(video.streams[0]!.active).toBeUndefined();
    expect(sample.availableOutgoingBitrate).toBeUndefined();
    expect(sample.availableIncomingBitrate).toBeUndefined();
    // Firefox has no transport stats: the pair marked `selected` is the one read.
    expect(FIREFOX_FIXTURES.clean.sender[6]!.stats.some((s) => s.type === 'transport')).toBe(false);
    expect(sample.candidatePair).toEqual({
      local: {
        type: 'host',
        protocol: 'udp',
        relayProtocol: undefined,
        address: '127.0.0.1',
        port: expect.any(Number),
      },
      // Firefox learned the other side from its checks before the trickled candidate arrived.
      remote: {
        type: 'prflx',
        protocol: 'udp',
        relayProtocol: undefined,
        address: '127.0.0.1',
        port: expect.any(Number),
      },
      relayed: false,
    });
    // selected pair lastPacketReceivedTimestamp 1796633974532 vs report 1796633974562.
    expect(sample.silenceMs).toBe(30);
  });

  it('reads the receiving side, estimates freezes from inter-frame delays, and has no round trip (clean, tick 6)', () => {
    const sample = collect(FIREFOX_FIXTURES.clean.receiver)[6]!;
    // inbound video, tick 5 → 6: 1001 ms, bytesReceived 103846 → 134149, packetsReceived 185 → 218,
    // packetsLost 0 → 0, framesDecoded 185 → 215, framesDropped 0 → 0, jitter 0.0014556.
    const video = sample.inbound.video!;
    expect(sample.intervalMs).toBe(1001);
    expect(video.bitrate).toBeCloseTo(242_181.82, 1); // 30303 B × 8 / 1.001 s
    expect(video.packetLoss).toBe(0);
    expect(video.framesPerSecond).toBeCloseTo(29.97, 2);
    expect(video.framesDropped).toBe(0);
    expect(video.jitterMs).toBeCloseTo(1.4556, 4);
    // No freezeCount in Firefox 140: one long gap is estimated from totalSquaredInterFrameDelay.
    // Mean delay before 6.011 s / 184 = 32.67 ms; √(0.033191 − 29 × 0.03267²) = 47 ms < 183 ms threshold.
    expect(FIREFOX_FIXTURES.clean.receiver[6]!.stats.some((s) => 'freezeCount' in s)).toBe(false);
    expect(video.frozen).toBe(false);
    expect(video.freezeCount).toBe(0);
    // inbound audio: concealedSamples 576 → 576, totalSamplesReceived 294720 → 342720.
    expect(sample.inbound.audio!.concealment).toBe(0);
    expect(sample.inbound.audio!.codec).toBe('opus');
    // Firefox's remote-outbound-rtp has no round trip and its candidate pair no RTT at all.
    expect(sample.rttMs).toBeUndefined();
    expect(video.rttMs).toBeUndefined();
    expect(sample.silenceMs).toBe(0); // lastPacketReceivedTimestamp equals the report's timestamp
  });

  it('ESR 153.8 pair RTT: 0 on a pair never answered is no measurement; an answered pair is read', () => {
    // Firefox ESR 153.8 (measured: test/browser/callReport.test.tsx's receiving side) adds
    // currentRoundTripTime and totalRoundTripTime to every candidate pair, 0 on pairs with
    // responsesReceived 0, and counts STUN answers on the selected one.
    const withPairRtt = (ticks: StatsFixture['receiver'], answered: boolean) =>
      ticks.map((tick, i) => ({
        ...tick,
        stats: tick.stats.map((s) =>
          s.type === 'candidate-pair'
            ? {
                ...s,
                currentRoundTripTime: answered ? 0.004 : 0,
                totalRoundTripTime: answered ? 0.004 * (i + 1) : 0,
                responsesReceived: answered ? i + 1 : 0,
              }
            : s,
        ),
      }));
    const unanswered = collect(withPairRtt(FIREFOX_FIXTURES.clean.receiver, false))[6]!;
    expect(unanswered.rttMs).toBeUndefined();
    // totalRoundTripTime grows 0.004 s per answer: 4 ms each.
    const answered = collect(withPairRtt(FIREFOX_FIXTURES.clean.receiver, true))[6]!;
    expect(answered.rttMs).toBeCloseTo(4, 9);
  });

  it('sees the black hole: silence grows, the picture freezes, then the connection is disconnected', () => {
    const ticks = FIREFOX_FIXTURES.blackhole.receiver;
    const samples = collect(ticks);
    const first = ticks.findIndex((t) => t.condition === 'blackhole');
    const video = samples[first + 1]!.inbound.video!;
    expect(video.bitrate).toBe(0);
    expect(video.frozen).toBe(true);
    expect(samples.at(-1)!.silenceMs).toBeGreaterThan(8000);
    expect(samples.at(-1)!.connectionState).toBe('disconnected');
    // The sending side tells it by the selected pair's lastPacketReceivedTimestamp standing still.
    const sent = collect(FIREFOX_FIXTURES.blackhole.sender);
    expect(sent[first - 1]!.silenceMs).toBeLessThan(1000);
    expect(sent.at(-1)!.silenceMs).toBeGreaterThan(8000);
  });
});

describe('Safari-shaped (current WebKit)', () => {
  it('reads the same values as from Chromium, on 1 ms timestamps (lossy, receiver, tick 8)', () => {
    const safari = safariShaped(FIXTURES.lossy, 'safari');
    const sample = collect(safari.receiver)[8]!;
    // As the Chromium test of the same tick, but timestamps 1795868006128.516 → 1795868007128.349
    // reduce to …6128 → …7128: 1000 ms. bytesReceived 484353 → 548811, packetsLost 31 → 46,
    // packetsReceived 519 → 587, framesDecoded 158 → 180, freezes 3 → 4 (0.826 → 1.035 s).
    const video = sample.inbound.video!;
    expect(sample.intervalMs).toBe(1000);
    expect(video.bitrate).toBe(515_664); // 64458 B × 8 / 1 s
    expect(video.packetLoss).toBeCloseTo(0.180723, 5); // 15 / (15 + 68)
    expect(video.framesPerSecond).toBe(22);
    expect(video.freezeCount).toBe(1);
    expect(video.freezeDurationMs).toBeCloseTo(209, 6);
    expect(video.frameWidth).toBe(640);
    expect(sample.inbound.audio!.concealment).toBeCloseTo(0.23, 9);
    // lastPacketReceivedTimestamp 1795868007112 (not reduced) vs report …7128.
    expect(sample.silenceMs).toBe(16);
  });

  it('leaves out the candidate addresses WebKit blanks, and the relay protocol it does not copy', () => {
    const sample = collect(safariShaped(FIXTURES.lossy, 'safari').sender)[7]!;
    expect(sample.candidatePair).toEqual({
      local: { type: 'host', protocol: 'udp', relayProtocol: undefined, address: undefined, port: expect.any(Number) },
      remote: { type: 'host', protocol: 'udp', relayProtocol: undefined, address: undefined, port: expect.any(Number) },
      relayed: false,
    });
    // The sending side as Chromium's: tick 6 → 7 on 1 ms timestamps is 1000 ms, bytesSent 450594 → 521869;
    // remote-inbound-rtp …4687 → …5859 (1172 ms), packetsLost 15 → 27.
    const video = sample.outbound.video!;
    expect(video.bitrate).toBe(570_200);
    expect(video.packetLoss).toBeCloseTo(0.140259, 5); // 12 / (73 × 1.172)
    expect(video.qualityLimitationReason).toBe('none');
    expect(video.targetBitrate).toBe(1_212_000);
    expect(sample.availableOutgoingBitrate).toBe(1_553_887);
  });
});

describe('Safari-shaped (2018 WebKit: mediaType, no RTCP stats, no frame size)', () => {
  it('reads kind from mediaType and derives what the counters allow (lossy, receiver, tick 8)', () => {
    const tick = safariTick(FIXTURES.lossy.receiver[8]!, 'safariLegacy');
    const inbound = tick.stats.find((s) => s.type === 'inbound-rtp' && s.mediaType === 'video')!;
    expect(inbound.kind).toBeUndefined();
    expect(inbound.mid).toBeUndefined();
    const sample = collect(safariShaped(FIXTURES.lossy, 'safariLegacy').receiver)[8]!;
    const video = sample.inbound.video!;
    expect(video.bitrate).toBe(515_664);
    expect(video.packetLoss).toBeCloseTo(0.180723, 5);
    expect(video.framesPerSecond).toBe(22); // from framesDecoded
    expect(video.jitterMs).toBeCloseTo(1, 9);
    expect(video.codec).toBe('VP8');
    // No frame size, no freeze or inter-frame counters, no samples counters: unknown, not zero.
    expect(video.frameWidth).toBeUndefined();
    expect(video.frameHeight).toBeUndefined();
    expect(video.freezeCount).toBeUndefined();
    expect(video.freezeDurationMs).toBeUndefined();
    expect(video.frozen).toBeUndefined();
    expect(video.framesDropped).toBeUndefined();
    expect(sample.inbound.audio!.concealment).toBeUndefined();
    // No lastPacketReceivedTimestamp: silence from the pair's byte counter, which grew.
    expect(sample.silenceMs).toBe(0);
    expect(sample.candidatePair!.local.address).toBeUndefined();
  });

  it('has no loss, jitter or RTCP round trip for what it sends, but the estimate and the pair RTT (lossy, sender, tick 7)', () => {
    const sample = collect(safariShaped(FIXTURES.lossy, 'safariLegacy').sender)[7]!;
    const video = sample.outbound.video!;
    expect(video.bitrate).toBe(570_200);
    expect(video.targetBitrate).toBe(1_212_000);
    expect(video.packetLoss).toBeUndefined();
    expect(video.jitterMs).toBeUndefined();
    expect(video.rttMs).toBeUndefined();
    expect(video.qualityLimitationReason).toBeUndefined();
    expect(video.frameWidth).toBeUndefined();
    expect(sample.outbound.audio!.packetLoss).toBeUndefined();
    // candidate pair: totalRoundTripTime 0.034 → 0.040 over responsesReceived 6 → 7.
    expect(sample.rttMs).toBeCloseTo(6, 9);
    expect(sample.availableOutgoingBitrate).toBe(1_553_887);
  });

  it('sees the black hole from the byte counter alone, also when ICE switches pairs in it', () => {
    for (const peer of ['sender', 'receiver'] as const) {
      const ticks = safariShaped(FIXTURES.blackhole, 'safariLegacy')[peer];
      const samples = collect(ticks);
      const first = ticks.findIndex((t) => t.condition === 'blackhole');
      expect(samples[first - 1]!.silenceMs).toBe(0);
      // Chromium selected another candidate pair 5 s into the black hole, and back at 7 s: a new
      // pair's byte counter has no baseline, and is no sign that anything arrived.
      const pairs = ticks.map((t) => t.stats.find((s) => s.type === 'transport')!.selectedCandidatePairId);
      expect(new Set(pairs.slice(first)).size).toBe(2);
      const silence = samples.slice(first).map((sample) => sample!.silenceMs!);
      for (let i = 1; i < silence.length; i++) expect(silence[i]).toBeGreaterThan(silence[i - 1]!);
      expect(silence.at(-1)).toBeGreaterThan(8000);
    }
    const receiver = collect(safariShaped(FIXTURES.blackhole, 'safariLegacy').receiver);
    expect(receiver.at(-1)!.inbound.video!.frozen).toBe(true); // nothing decoded for a whole interval
  });
});

describe('a browser that reports neither lastPacketReceivedTimestamp nor candidate-pair bytes', () => {
  /** The 2018 Safari shape with the pair's byte counters left out too: nothing tells when anything arrived. */
  const countless = (fixture: StatsFixture): StatsFixture => {
    const legacy = safariShaped(fixture, 'safariLegacy');
    const strip = (ticks: StatsFixture['sender']) =>
      ticks.map((tick) => ({
        ...tick,
        stats: tick.stats.map((s) => {
          if (s.type !== 'candidate-pair') return s;
          const { bytesReceived: _received, bytesSent: _sent, ...rest } = s;
          return rest as typeof s;
        }),
      }));
    return { ...legacy, sender: strip(legacy.sender), receiver: strip(legacy.receiver) };
  };

  it('leaves silenceMs unknown, not 0, on every tick, in a clean call and in a black hole', () => {
    for (const name of ['clean', 'blackhole'] as const) {
      const fixture = countless(FIXTURES[name]);
      for (const peer of ['sender', 'receiver'] as const) {
        const samples = collect(fixture[peer]).slice(1);
        expect(samples.every((sample) => sample !== null && sample.candidatePair !== undefined)).toBe(true);
        expect(samples.map((sample) => sample!.silenceMs)).toEqual(samples.map(() => undefined));
      }
    }
  });

  it('quality still judges the media, and the black hole by what arrives and the connection state', () => {
    const clean = collect(countless(FIXTURES.clean).receiver).slice(1);
    expect(clean.every((sample) => scoreQuality(sample).level === 'excellent')).toBe(true);
    const ticks = countless(FIXTURES.blackhole).receiver;
    const hole = collect(ticks);
    const first = ticks.findIndex((t) => t.condition === 'blackhole');
    // No silence to go by: the frozen picture makes it poor while the browser says connected, then lost.
    expect(scoreQuality(hole[first + 1]).level).toBe('poor');
    expect(scoreQuality(hole[first + 1]).reasons.map((r) => r.code)).toContain('video-frozen');
    expect(scoreQuality(hole.at(-1)).reasons[0]!.code).toBe('connection-lost');
  });

  it('the media watchdog needs no silence: it sees the stall from the packet counters', () => {
    const ticks = countless(FIXTURES.blackhole).receiver;
    const first = ticks.findIndex((t) => t.condition === 'blackhole');
    let flow = startMediaFlow();
    ticks.forEach((tick, i) => (flow = nextMediaFlow(flow, readStats(reportOf(tick)), i * 1000)));
    expect(flow.lastFlowAt).toBe((first - 1) * 1000);
    expect(isMediaStalled(flow, (ticks.length - 1) * 1000, 4000)).toBe(true);
  });
});
