// npm run bench:stats — what rtckit's stats pipeline costs per real getStats() report, next to
// @peermetrics/webrtc-stats parsing the same reports in the same run, and whether memory stays flat.
import { readFileSync, readdirSync } from 'node:fs';
import { map2obj, parseStats, type ParsedStats } from 'peermetrics-parser';
import { StatsCollector, scoreQuality, smoothQuality, type QualityTrend, type StatsLike } from 'rtckit/core';
import type { StatsFixture } from '../test/fixtureTypes';

type Report = Map<string, StatsLike>;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc (npm run bench:stats does).');

// Run from the package root (npm run bench:stats); the bundle itself lives in node_modules/.cache.
const dir = new URL('test/fixtures/stats/', `file://${process.cwd()}/`);
const recordings: Report[][] = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const fixture = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as StatsFixture;
  for (const ticks of [fixture.sender, fixture.receiver]) {
    recordings.push(ticks.map((tick) => new Map(tick.stats.map((s) => [s.id, s as StatsLike]))));
  }
}
const reportCount = recordings.reduce((n, r) => n + r.length, 0);
const statsPerReport = recordings.flat().reduce((n, r) => n + r.size, 0) / reportCount;
const noPoll = { getStats: () => Promise.reject(new Error('not polled')) };

let sink = 0;

/** rtckit: the collector (read, derive, history) plus the scorer and the hysteresis, per report. */
function rtckitPass(): void {
  for (const reports of recordings) {
    const collector = new StatsCollector(noPoll);
    let trend: QualityTrend | undefined;
    for (const report of reports) {
      const sample = collector.ingest(report);
      trend = smoothQuality(trend, scoreQuality(sample));
      sink += trend.quality.score ?? 0;
    }
  }
}

/** @peermetrics/webrtc-stats: what its getStats loop does per report (map2obj, then parseStats against the previous). */
function peermetricsPass(): void {
  for (const reports of recordings) {
    let previous: ParsedStats | null = null;
    for (const report of reports) {
      const object = map2obj(report);
      previous = parseStats(report, previous, { remote: true });
      sink += Object.keys(object).length + previous.video.inbound.length;
    }
  }
}

/** CPU time this process has used, in nanoseconds (user + system). */
const cpuNs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

/**
 * Median nanoseconds per report over `rounds` timed passes of `passes` each. Timed in CPU time, not
 * wall time: on a shared machine (CI, or other work beside it) wall time counts the time the
 * process waited for a core, which would make the ratio a measure of the load.
 */
function measure(pass: () => void, rounds = 15, passes = 40): number {
  for (let i = 0; i < 20; i++) pass(); // warm up the JIT
  const perReport: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = cpuNs();
    for (let i = 0; i < passes; i++) pass();
    perReport.push((cpuNs() - start) / (passes * reportCount));
  }
  perReport.sort((a, b) => a - b);
  return perReport[Math.floor(perReport.length / 2)]!;
}

// Interleave the two so drift in machine load hits both alike; keep the best of three medians each.
const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < 3; i++) {
  ours.push(measure(rtckitPass));
  theirs.push(measure(peermetricsPass));
}
const rtckitNs = Math.min(...ours);
const peermetricsNs = Math.min(...theirs);
const ratio = peermetricsNs / rtckitNs;

// Memory: one collector fed 100,000 ticks (the first recording replayed, timestamps moved on each lap).
function heapAfter(ticks: number, collector: StatsCollector, state: { trend?: QualityTrend; fed: number }): number {
  const source = recordings[0]!;
  while (state.fed < ticks) {
    const lap = Math.floor(state.fed / source.length);
    const original = source[state.fed % source.length]!;
    const shifted = new Map<string, StatsLike>();
    for (const [id, s] of original) shifted.set(id, { ...s, timestamp: s.timestamp + lap * 1_000_000 });
    state.trend = smoothQuality(state.trend, scoreQuality(collector.ingest(shifted)));
    state.fed++;
  }
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}
// Warm the code up on a throwaway collector first, so compiled code is not counted as growth.
heapAfter(20_000, new StatsCollector(noPoll), { fed: 0 });
const collector = new StatsCollector(noPoll);
const state: { trend?: QualityTrend; fed: number } = { fed: 0 };
const heap1k = heapAfter(1_000, collector, state);
const heap100k = heapAfter(100_000, collector, state);
const historyLength = collector.getSnapshot().history.length;
const growth = heap100k - heap1k;
const flat = Math.abs(growth) < 256 * 1024 && historyLength === 60;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(
  `rtckit stats benchmark (Node ${process.version}, ${reportCount} recorded Chromium reports, ${statsPerReport.toFixed(0)} stats objects each)`,
);
console.log('');
console.log('per report                                     median');
console.log(`  rtckit collector + scoreQuality + smoothing  ${(rtckitNs / 1000).toFixed(2)} µs`);
console.log(`  @peermetrics/webrtc-stats parseStats          ${(peermetricsNs / 1000).toFixed(2)} µs`);
console.log(`  rtckit is ${ratio.toFixed(1)}× faster (target ≥ 3×): ${ratio >= 3 ? 'PASS' : 'FAIL'}`);
console.log('');
console.log('memory (heap after GC, one collector)');
console.log(`  after   1,000 ticks  ${kb(heap1k)}`);
console.log(
  `  after 100,000 ticks  ${kb(heap100k)}  (${growth >= 0 ? '+' : ''}${kb(growth)}; history holds ${historyLength})`,
);
console.log(`  flat (within 256 KiB): ${flat ? 'PASS' : 'FAIL'}`);
if (sink === 42) console.log('');
if (ratio < 3 || !flat) process.exitCode = 1;
