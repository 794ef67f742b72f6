// What both reconnect benches share (bench/reconnect.browser.ts, Chromium ↔ Chromium, and
// bench/reconnectCrossBrowser.browser.tsx, Chromium ↔ Firefox): their knobs, targets, the machine
// loads and how a cell of runs is summarised.
import { inject } from 'vitest';
import { burnCores, throttleMainThread } from '../test/browser/helpers/busyMachine';

declare module 'vitest' {
  export interface ProvidedContext {
    reconnectBench: { runs: number; outagesMs: number[]; loads: string[] };
  }
}

/** RTCKIT_BENCH_RUNS, RTCKIT_BENCH_OUTAGES_S and RTCKIT_BENCH_LOADS, from vitest.config.ts. */
export const benchKnobs = () => inject('reconnectBench');
export const GIVE_UP_WAITING_MS = 20_000;
/** The outages after which rtckit must have the video back within TARGET_MS (median). */
export const TARGET_FROM_OUTAGE_MS = 8000;
export const TARGET_MS = 3000;
/** The target on a busy machine. */
export const BUSY_TARGET_MS = 5000;

/** How the machine is kept busy while a run goes; each returns what undoes it. */
export const LOAD_MAKERS: Record<string, { label: string; apply: () => Promise<() => Promise<void>> }> = {
  quiet: { label: 'quiet', apply: async () => async () => {} },
  throttled: { label: 'main thread 4× slower', apply: () => throttleMainThread(4) },
  loaded: { label: 'two cores busy', apply: () => burnCores(2) },
};

/** The load named in RTCKIT_BENCH_LOADS; throws on an unknown name. */
export function loadMaker(load: string) {
  const maker = LOAD_MAKERS[load];
  if (!maker) throw new Error(`RTCKIT_BENCH_LOADS: unknown load "${load}" (${Object.keys(LOAD_MAKERS).join(', ')})`);
  return maker;
}

export const targetFor = (loadLabel: string) => (loadLabel === LOAD_MAKERS.quiet!.label ? TARGET_MS : BUSY_TARGET_MS);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** `median (run, run, …)`, or how many runs recovered; `—` is a run with no frame in time. */
export const summary = (runs: (number | null)[]) => {
  const done = runs.filter((ms): ms is number => ms !== null);
  if (done.length === 0) return `no frame within ${GIVE_UP_WAITING_MS / 1000} s`;
  const all = runs.map((ms) => (ms === null ? '—' : seconds(ms))).join(', ');
  return done.length === runs.length
    ? `${seconds(median(done))} (${all})`
    : `${done.length}/${runs.length} recovered (${all})`;
};
/** The median when every run recovered, else null. */
export const medianOf = (runs: (number | null)[]) =>
  runs.every((ms) => ms !== null) ? median(runs as number[]) : null;
export const ratio = (theirs: number | null, ours: number | null) =>
  ours === null ? '—' : theirs === null ? '∞' : `${(theirs / ours).toFixed(1)}×`;

/** The target check of one rtckit cell: a miss's text, or null when it is met. */
export function rtckitMiss(where: string, loadLabel: string, outageMs: number, runs: (number | null)[]): string | null {
  const ours = medianOf(runs);
  if (ours === null) return `${where}: rtckit did not bring the video back in every run`;
  const target = targetFor(loadLabel);
  if (outageMs >= TARGET_FROM_OUTAGE_MS && ours > target)
    return `${where}: rtckit's median ${seconds(ours)} is over ${seconds(target)}`;
  return null;
}

export const targetLine = (misses: string[]) =>
  `Target: every rtckit run recovers, and within ${TARGET_MS / 1000} s (median; ${BUSY_TARGET_MS / 1000} s on a busy machine) after outages of ${TARGET_FROM_OUTAGE_MS / 1000} s or more: ${misses.length ? `MISSED (${misses.join('; ')})` : 'met'}.`;
