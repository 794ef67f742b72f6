// npm run bench:abr — one impairment script, run alternately with rtckit's adaptive bitrate on and
// off (the browser's own adaptation alone) on a real call between two RTCPeerConnections in
// Chromium, impaired through CDP. "On" is what an app gets from `useAdaptiveBitrate(peer,
// { playoutDelay: true })` on each side: a BitrateController and a PlayoutDelayGuard on each
// connection — the sender's controller chooses the rung, the receiver's guard its playout delay. Reports what the receiver saw.
import { afterEach, expect, inject, it } from 'vitest';
import { BitrateController, PlayoutDelayGuard, sharedStatsCollector, type StatsCollector } from 'rtckit/core';
import {
  armImpairment,
  clearImpairment,
  impair,
  loopbackHop,
  restoreNetwork,
  type Impairment,
} from '../test/browser/helpers/impairment';
import { connectLoopbackPair, type LoopbackPair } from '../test/browser/helpers/loopbackPair';

declare module 'vitest' {
  export interface ProvidedContext {
    abrBench: {
      rounds: number;
      cleanSeconds: number;
      impairedSeconds: number;
      recoverySeconds: number;
      trace: boolean;
      /** `'split'` (default): CDP gets each socket's share of the path; `'raw'`: the script on every socket. */
      hops: 'split' | 'raw';
      /** Run only the path calibration (no controller comparison). */
      calibrate: boolean;
    };
  }
}

const settings = inject('abrBench');
/** The path the call should see end to end: the issue's script. */
const IMPAIRMENT: Impairment = { kbps: 300, lossPercent: 5, latencyMs: 50 };
// CDP impairs both sockets of the one-page loopback, so each gets its share (see loopbackHop).
const PER_SOCKET: Impairment = settings.hops === 'raw' ? IMPAIRMENT : loopbackHop(IMPAIRMENT);

/** The receiver's video counters at one moment. */
interface Reading {
  readonly at: number;
  readonly phase: 'clean' | 'impaired' | 'recovery';
  readonly freezeCount: number;
  readonly freezeSeconds: number;
  readonly framesDecoded: number;
  readonly bytesReceived: number;
  readonly width: number;
  readonly height: number;
  /** What the path did: packets lost and received (video without retransmissions; audio), and the ICE round trip. */
  readonly videoLost: number;
  readonly videoReceived: number;
  readonly audioLost: number;
  readonly audioReceived: number;
  readonly rttMs: number | undefined;
  /** The video jitter buffer's summed delay (s) and frames it let out: their ratio is the playout delay. */
  readonly jitterBufferDelay: number;
  readonly jitterBufferEmitted: number;
}

interface RunResult {
  readonly round: number;
  readonly controller: 'on' | 'off';
  readonly freezes: number;
  readonly freezeSeconds: number;
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  readonly kbps: number;
  /** Seconds from the end of the impairment until the picture is back at full size and rate; null if never. */
  readonly recoverySeconds: number | null;
  /** Freeze seconds in the first 5 s of the impairment, the rest of it, and the recovery phase. */
  readonly phases: { readonly onset: number; readonly impaired: number; readonly recovery: number };
  /** Average received frame rate while impaired. */
  readonly impairedFps: number;
  /** What the path did while impaired: packet loss the receiver saw (audio, video) and the median ICE round trip. */
  readonly path: PathSeen;
}

interface PathSeen {
  readonly audioLoss: number;
  readonly videoLoss: number;
  readonly rttMs: number;
  /** The video jitter buffer's mean delay, ms: the latency the receiver added. */
  readonly bufferMs: number;
}

async function read(pc: RTCPeerConnection, phase: Reading['phase']): Promise<Reading | null> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- getStats() entries are untyped dictionaries
  let video: any = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let audio: any = null;
  let pairId: string | undefined;
  const report = await pc.getStats();
  report.forEach((stats) => {
    if (stats.type === 'inbound-rtp' && stats.kind === 'video') video = stats;
    if (stats.type === 'inbound-rtp' && stats.kind === 'audio') audio = stats;
    if (stats.type === 'transport') pairId = stats.selectedCandidatePairId;
  });
  if (!video) return null;
  const pair = pairId ? report.get(pairId) : undefined;
  return {
    at: performance.now(),
    phase,
    freezeCount: video.freezeCount ?? 0,
    freezeSeconds: video.totalFreezesDuration ?? 0,
    framesDecoded: video.framesDecoded ?? 0,
    bytesReceived: video.bytesReceived ?? 0,
    width: video.frameWidth ?? 0,
    height: video.frameHeight ?? 0,
    videoLost: video.packetsLost ?? 0,
    videoReceived: video.packetsReceived ?? 0,
    audioLost: audio?.packetsLost ?? 0,
    audioReceived: audio?.packetsReceived ?? 0,
    rttMs: pair?.currentRoundTripTime === undefined ? undefined : pair.currentRoundTripTime * 1000,
    jitterBufferDelay: video.jitterBufferDelay ?? 0,
    jitterBufferEmitted: video.jitterBufferEmittedCount ?? 0,
  };
}

/** Loss and round trip the receiver saw between two readings (round trip: the median of those between). */
function pathBetween(from: Reading, to: Reading, readings: readonly Reading[]): PathSeen {
  const share = (lost: number, received: number) => (lost + received > 0 ? lost / (lost + received) : 0);
  const rtts = readings.filter((r) => r.at > from.at && r.at <= to.at && r.rttMs !== undefined).map((r) => r.rttMs!);
  return {
    audioLoss: share(to.audioLost - from.audioLost, to.audioReceived - from.audioReceived),
    videoLoss: share(to.videoLost - from.videoLost, to.videoReceived - from.videoReceived),
    rttMs: median(rtts),
    bufferMs:
      to.jitterBufferEmitted > from.jitterBufferEmitted
        ? ((to.jitterBufferDelay - from.jitterBufferDelay) / (to.jitterBufferEmitted - from.jitterBufferEmitted)) * 1000
        : 0,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let pair: LoopbackPair | undefined;
afterEach(async () => {
  pair?.close();
  pair = undefined;
  await clearImpairment();
});

async function run(round: number, controller: 'on' | 'off'): Promise<RunResult> {
  await armImpairment();
  pair = await connectLoopbackPair({ audio: true, video: true });
  const on = controller === 'on';
  const abr = on ? new BitrateController(pair.sender) : null;
  const receiverAbr = on ? new BitrateController(pair.receiver) : null;
  const guards = on ? [new PlayoutDelayGuard(pair.sender), new PlayoutDelayGuard(pair.receiver)] : [];
  const receiverGuard = guards[1];
  const stopAbr = abr?.subscribe(() => {});
  const stopReceiverAbr = receiverAbr?.subscribe(() => {});
  const stopGuards = guards.map((guard) => guard.subscribe(() => {}));
  // Both runs poll both sides' stats (the controllers' input), so both carry the same load — but for
  // the quick reads of the estimate the "on" sender adds between them (one sender's getStats, 4/s).
  const senderStats = sharedStatsCollector(pair.sender);
  const stopStats = senderStats.subscribe(() => {});
  const stopReceiverStats = sharedStatsCollector(pair.receiver).subscribe(() => {});
  const readings: Reading[] = [];
  let phase: Reading['phase'] = 'clean';
  const receiver = pair.receiver;
  // The run starts at the first decoded frame.
  let first = await read(receiver, phase);
  while (!first || first.framesDecoded === 0) {
    await sleep(100);
    first = await read(receiver, phase);
  }
  const timer = setInterval(() => {
    void read(receiver, phase).then((reading) => {
      if (!reading) return;
      const before = readings.at(-1) ?? first;
      readings.push(reading);
      if (settings.trace) trace(controller, reading, before, abr, receiverGuard, senderStats);
    });
  }, 1000);
  await sleep(settings.cleanSeconds * 1000);
  await impair(PER_SOCKET);
  phase = 'impaired';
  const impairedAt = performance.now();
  await sleep(settings.impairedSeconds * 1000);
  await restoreNetwork();
  phase = 'recovery';
  const restoredAt = performance.now();
  await sleep(settings.recoverySeconds * 1000);
  clearInterval(timer);
  const last = await read(receiver, phase);
  stopAbr?.();
  stopReceiverAbr?.();
  for (const stop of stopGuards) stop();
  stopStats();
  stopReceiverStats();
  pair.close();
  pair = undefined;
  await clearImpairment();
  if (!last) throw new Error('The receiver reported no inbound video.');

  const seconds = (last.at - first.at) / 1000;
  const clean = readings.filter((r) => r.phase === 'clean' && r.at - first.at > 5000);
  const fullHeight = Math.max(...clean.map((r) => r.height));
  const rates = readings.slice(1).map((r, i) => ({
    ...r,
    fps: (r.framesDecoded - readings[i]!.framesDecoded) / ((r.at - readings[i]!.at) / 1000),
  }));
  const cleanFps = median(rates.filter((r) => r.phase === 'clean' && r.at - first.at > 5000).map((r) => r.fps));
  // Recovered: three readings in a row at full height and at least 90 % of the clean frame rate.
  const after = rates.filter((r) => r.at >= restoredAt);
  let recoveredAt: number | null = null;
  for (let i = 0; i + 2 < after.length; i++) {
    if (after.slice(i, i + 3).every((r) => r.height >= fullHeight && r.fps >= cleanFps * 0.9)) {
      recoveredAt = after[i]!.at;
      break;
    }
  }
  // Counters at the phase boundaries (the last reading before each).
  const at = (time: number) => readings.filter((r) => r.at <= time).at(-1) ?? first;
  const onsetEnd = at(impairedAt + 5000);
  const impairedStart = at(impairedAt);
  const impairedEnd = at(restoredAt);
  return {
    round,
    controller,
    freezes: last.freezeCount - first.freezeCount,
    freezeSeconds: last.freezeSeconds - first.freezeSeconds,
    fps: (last.framesDecoded - first.framesDecoded) / seconds,
    width: mean(readings.map((r) => r.width)),
    height: mean(readings.map((r) => r.height)),
    kbps: ((last.bytesReceived - first.bytesReceived) * 8) / seconds / 1000,
    recoverySeconds: recoveredAt === null ? null : Math.max(0, (recoveredAt - restoredAt) / 1000),
    phases: {
      onset: onsetEnd.freezeSeconds - impairedStart.freezeSeconds,
      impaired: impairedEnd.freezeSeconds - onsetEnd.freezeSeconds,
      recovery: last.freezeSeconds - impairedEnd.freezeSeconds,
    },
    impairedFps:
      (impairedEnd.framesDecoded - impairedStart.framesDecoded) / ((impairedEnd.at - impairedStart.at) / 1000),
    path: pathBetween(impairedStart, impairedEnd, readings),
  };
}

/** With RTCKIT_BENCH_TRACE=1: one line per second of what the receiver got and what the controller did. */
function trace(
  controller: string,
  now: Reading,
  before: Reading,
  abr: BitrateController | null,
  receiverGuard: PlayoutDelayGuard | undefined,
  senderStats: StatsCollector,
): void {
  const sent = senderStats.getSnapshot().latest;
  const fps = (now.framesDecoded - before.framesDecoded) / ((now.at - before.at) / 1000);
  const frozen = now.freezeSeconds - before.freezeSeconds;
  const state = abr?.getSnapshot();
  const seen = pathBetween(before, now, [now]);
  console.log(
    `${controller} ${now.phase.padEnd(8)} ${now.width}x${now.height} ${fps.toFixed(0).padStart(2)} fps ${Math.round(((now.bytesReceived - before.bytesReceived) * 8) / (now.at - before.at))} kbit/s frozen ${frozen.toFixed(2)} s | recv loss a ${pct(seen.audioLoss)} v ${pct(seen.videoLoss)} rtt ${Math.round(now.rttMs ?? 0)} | sent loss ${Math.round((sent?.outbound.video?.packetLoss ?? 0) * 100)} % aob ${Math.round((sent?.availableOutgoingBitrate ?? 0) / 1000)} rtt ${Math.round(sent?.rttMs ?? 0)} ${sent?.outbound.video?.qualityLimitationReason ?? '?'} tgt ${Math.round((sent?.outbound.video?.targetBitrate ?? 0) / 1000)}${state ? ` [${state.rung?.id} ${state.reason}${state.holding ? `/${state.holding}` : ''}]` : ''}${receiverGuard ? ` playout ${receiverGuard.getSnapshot().targetMs ?? '—'}` : ''}`,
  );
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

function row(r: RunResult): string {
  const recovery = r.recoverySeconds === null ? `> ${settings.recoverySeconds} s` : `${r.recoverySeconds.toFixed(1)} s`;
  return `| ${r.round} | ${r.controller.padEnd(3)} | ${r.freezes} | ${r.freezeSeconds.toFixed(1)} s | ${r.fps.toFixed(1)} | ${Math.round(r.width)}×${Math.round(r.height)} | ${Math.round(r.kbps)} | ${recovery} |`;
}

function total(results: readonly RunResult[], controller: 'on' | 'off') {
  const runs = results.filter((r) => r.controller === controller);
  return {
    freezes: mean(runs.map((r) => r.freezes)),
    freezeSeconds: mean(runs.map((r) => r.freezeSeconds)),
    fps: mean(runs.map((r) => r.fps)),
    width: mean(runs.map((r) => r.width)),
    height: mean(runs.map((r) => r.height)),
    kbps: mean(runs.map((r) => r.kbps)),
    recovered: runs.filter((r) => r.recoverySeconds !== null).length,
    recoverySeconds: mean(runs.flatMap((r) => (r.recoverySeconds === null ? [] : [r.recoverySeconds]))),
    runs: runs.length,
    onset: mean(runs.map((r) => r.phases.onset)),
    impaired: mean(runs.map((r) => r.phases.impaired)),
    recovery: mean(runs.map((r) => r.phases.recovery)),
    impairedFps: mean(runs.map((r) => r.impairedFps)),
    audioLoss: mean(runs.map((r) => r.path.audioLoss)),
    videoLoss: mean(runs.map((r) => r.path.videoLoss)),
    rttMs: mean(runs.map((r) => r.path.rttMs)),
    bufferMs: mean(runs.map((r) => r.path.bufferMs)),
  };
}

it.runIf(!settings.calibrate)(
  'rtckit adaptive bitrate on vs off under the same impairment script',
  async () => {
    const { rounds, cleanSeconds, impairedSeconds, recoverySeconds } = settings;
    const results: RunResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      // ABBA order, so slow drift in the machine's load falls on both sides alike.
      const order: ('on' | 'off')[] = round % 2 ? ['on', 'off'] : ['off', 'on'];
      for (const controller of order) {
        const result = await run(round, controller);
        results.push(result);
        console.log(`run ${round}/${controller}: ${row(result)}`);
      }
    }
    const on = total(results, 'on');
    const off = total(results, 'off');
    const fewer = 1 - on.freezeSeconds / off.freezeSeconds;
    const lines = [
      `Script: ${cleanSeconds} s clean → ${impairedSeconds} s ${IMPAIRMENT.kbps} kbit/s + ${IMPAIRMENT.lossPercent} % loss + ${IMPAIRMENT.latencyMs} ms → ${recoverySeconds} s clean; ${rounds} rounds, controller on/off alternately (ABBA).`,
      `CDP per socket (${settings.hops}): ${describe(PER_SOCKET)}.`,
      '',
      '| round | controller | freezes | freeze time | avg fps | avg resolution | avg kbit/s | recovery to full quality |',
      '| ----: | ---------- | ------: | ----------: | ------: | -------------: | ---------: | -----------------------: |',
      ...results.map(row),
      '',
      '| mean | freezes | freeze time | avg fps | avg resolution | avg kbit/s | recovered runs | mean recovery |',
      '| ---- | ------: | ----------: | ------: | -------------: | ---------: | -------------: | ------------: |',
      ...(
        [
          ['on', on],
          ['off', off],
        ] as const
      ).map(
        ([name, t]) =>
          `| ${name} | ${t.freezes.toFixed(1)} | ${t.freezeSeconds.toFixed(1)} s | ${t.fps.toFixed(1)} | ${Math.round(t.width)}×${Math.round(t.height)} | ${Math.round(t.kbps)} | ${t.recovered}/${t.runs} | ${t.recovered ? `${t.recoverySeconds.toFixed(1)} s` : '—'} |`,
      ),
      '',
      'Where the freezes fall (means): the first 5 s of the impairment, the rest of it, and the clean phase after.',
      '',
      '| mean | onset (5 s) | rest of impairment | after | avg fps while impaired |',
      '| ---- | ----------: | -----------------: | ----: | ---------------------: |',
      ...(
        [
          ['on', on],
          ['off', off],
        ] as const
      ).map(
        ([name, t]) =>
          `| ${name} | ${t.onset.toFixed(1)} s | ${t.impaired.toFixed(1)} s | ${t.recovery.toFixed(1)} s | ${t.impairedFps.toFixed(1)} |`,
      ),
      '',
      "What the receiver saw of the path while impaired (means): packet loss on audio and on video (before retransmission), the median ICE round trip (queueing included), and the video jitter buffer's mean delay (the latency the receiver added).",
      '',
      '| mean | audio loss | video loss | round trip | jitter buffer |',
      '| ---- | ---------: | ---------: | ---------: | ------------: |',
      ...(
        [
          ['on', on],
          ['off', off],
        ] as const
      ).map(
        ([name, t]) =>
          `| ${name} | ${pct(t.audioLoss)} | ${pct(t.videoLoss)} | ${Math.round(t.rttMs)} ms | ${Math.round(t.bufferMs)} ms |`,
      ),
      '',
      `Freeze time with the controller: ${(on.freezeSeconds / off.freezeSeconds).toFixed(2)}× the baseline (${Math.round(fewer * 100)} % fewer; target ≥ 50 %). Average frame rate: ${on.fps.toFixed(1)} vs ${off.fps.toFixed(1)} fps (target: no worse).`,
      `Target ${fewer >= 0.5 && on.fps >= off.fps ? 'MET' : 'NOT MET'}.`,
    ];
    console.log(`\n${lines.join('\n')}\n`);
    expect(results).toHaveLength(rounds * 2);
    // The target (issue 6): the run fails when it is missed.
    expect({ fewerFreezeSeconds: fewer >= 0.5, fpsNoWorse: on.fps >= off.fps }).toEqual({
      fewerFreezeSeconds: true,
      fpsNoWorse: true,
    });
  },
  24 * 60 * 60 * 1000,
);

function describe(impairment: Impairment): string {
  return `${impairment.kbps ?? '∞'} kbit/s, ${(impairment.lossPercent ?? 0).toFixed(2)} % loss, ${impairment.latencyMs ?? 0} ms`;
}

// RTCKIT_BENCH_CALIBRATE=1: what the call sees end to end when CDP gets the script's loss and delay
// on every socket (raw) and when it gets each socket's share (split). No throughput cap here, so no
// queue: the round trip is the added delay alone, and every lost packet is a random one.
it.runIf(settings.calibrate)(
  'calibration: loss and delay a one-page loopback call sees',
  async () => {
    const seconds = settings.impairedSeconds;
    const lines = [
      `Calibration: ${seconds} s of ${IMPAIRMENT.lossPercent} % loss + ${IMPAIRMENT.latencyMs} ms one-way (no throughput cap), receiver-side.`,
      '',
      '| CDP per socket | audio loss | video loss | round trip (median) |',
      '| -------------- | ---------: | ---------: | ------------------: |',
    ];
    const path: Impairment = { lossPercent: IMPAIRMENT.lossPercent, latencyMs: IMPAIRMENT.latencyMs };
    for (const [name, hop] of [
      ['raw', path],
      ['split', loopbackHop(path)],
    ] as const) {
      await armImpairment();
      pair = await connectLoopbackPair({ audio: true, video: true });
      let first = await read(pair.receiver, 'clean');
      while (!first || first.framesDecoded === 0) {
        await sleep(100);
        first = await read(pair.receiver, 'clean');
      }
      await sleep(3000);
      await impair(hop);
      await sleep(2000); // the delay's own ramp: packets in flight at the change
      const start = (await read(pair.receiver, 'impaired'))!;
      const readings: Reading[] = [];
      for (let i = 0; i < seconds; i++) {
        await sleep(1000);
        readings.push((await read(pair.receiver, 'impaired'))!);
      }
      const seen = pathBetween(start, readings.at(-1)!, readings);
      lines.push(
        `| ${name}: ${describe(hop)} | ${pct(seen.audioLoss)} | ${pct(seen.videoLoss)} | ${Math.round(seen.rttMs)} ms |`,
      );
      pair.close();
      pair = undefined;
      await clearImpairment();
    }
    console.log(`\n${lines.join('\n')}\n`);
    expect(lines).toHaveLength(6);
  },
  60 * 60 * 1000,
);
