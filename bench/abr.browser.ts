// npm run bench:abr — one impairment script, run alternately with rtckit's BitrateController on and
// off (the browser's own adaptation alone) on a real call between two RTCPeerConnections in
// Chromium, impaired through CDP. Reports what the receiver saw, per run and in total.
import { afterEach, expect, inject, it } from 'vitest';
import { BitrateController, sharedStatsCollector, type StatsCollector } from '../src/core';
import {
  armImpairment,
  clearImpairment,
  impair,
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
    };
  }
}

const settings = inject('abrBench');
const IMPAIRMENT: Impairment = { kbps: 300, lossPercent: 5, latencyMs: 50 };

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
}

async function read(pc: RTCPeerConnection, phase: Reading['phase']): Promise<Reading | null> {
  let reading: Reading | null = null;
  (await pc.getStats()).forEach((stats) => {
    if (stats.type !== 'inbound-rtp' || stats.kind !== 'video') return;
    reading = {
      at: performance.now(),
      phase,
      freezeCount: stats.freezeCount ?? 0,
      freezeSeconds: stats.totalFreezesDuration ?? 0,
      framesDecoded: stats.framesDecoded ?? 0,
      bytesReceived: stats.bytesReceived ?? 0,
      width: stats.frameWidth ?? 0,
      height: stats.frameHeight ?? 0,
    };
  });
  return reading;
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
  const abr = controller === 'on' ? new BitrateController(pair.sender) : null;
  const stopAbr = abr?.subscribe(() => {});
  // Both runs poll the sender's stats (the controller's input), so both carry the same load.
  const senderStats = sharedStatsCollector(pair.sender);
  const stopStats = senderStats.subscribe(() => {});
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
      if (settings.trace) trace(controller, reading, before, abr, senderStats);
    });
  }, 1000);
  await sleep(settings.cleanSeconds * 1000);
  await impair(IMPAIRMENT);
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
  stopStats();
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
  };
}

/** With RTCKIT_BENCH_TRACE=1: one line per second of what the receiver got and what the controller did. */
function trace(
  controller: string,
  now: Reading,
  before: Reading,
  abr: BitrateController | null,
  senderStats: StatsCollector,
): void {
  const sent = senderStats.getSnapshot().latest;
  const fps = (now.framesDecoded - before.framesDecoded) / ((now.at - before.at) / 1000);
  const frozen = now.freezeSeconds - before.freezeSeconds;
  const state = abr?.getSnapshot();
  console.log(
    `${controller} ${now.phase.padEnd(8)} ${now.width}x${now.height} ${fps.toFixed(0).padStart(2)} fps ${Math.round(((now.bytesReceived - before.bytesReceived) * 8) / (now.at - before.at))} kbit/s frozen ${frozen.toFixed(2)} s | sent loss ${Math.round((sent?.outbound.video?.packetLoss ?? 0) * 100)} % aob ${Math.round((sent?.availableOutgoingBitrate ?? 0) / 1000)} rtt ${Math.round(sent?.rttMs ?? 0)}${state ? ` [${state.rung?.id} ${state.reason}${state.holding ? `/${state.holding}` : ''}]` : ''}`,
  );
}

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
  };
}

it(
  'BitrateController on vs off under the same impairment script',
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
      `Freeze time with the controller: ${(on.freezeSeconds / off.freezeSeconds).toFixed(2)}× the baseline (${Math.round(fewer * 100)} % fewer; target ≥ 50 %). Average frame rate: ${on.fps.toFixed(1)} vs ${off.fps.toFixed(1)} fps (target: no worse).`,
      `Target ${fewer >= 0.5 && on.fps >= off.fps ? 'MET' : 'NOT MET'}.`,
    ];
    console.log(`\n${lines.join('\n')}\n`);
    expect(results).toHaveLength(rounds * 2);
  },
  24 * 60 * 60 * 1000,
);
