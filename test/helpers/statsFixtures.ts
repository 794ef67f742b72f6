// Loads the recorded getStats() fixtures (test/fixtures/stats/*.json) and turns their ticks back
// into report objects the collector reads, as a real RTCStatsReport would be.
import blackhole from '../fixtures/stats/blackhole.json';
import firefoxBlackhole from '../fixtures/stats/firefox-blackhole.json';
import firefoxCapped from '../fixtures/stats/firefox-capped.json';
import firefoxClean from '../fixtures/stats/firefox-clean.json';
import capped from '../fixtures/stats/capped.json';
import clean from '../fixtures/stats/clean.json';
import impaired from '../fixtures/stats/impaired.json';
import loss6 from '../fixtures/stats/loss6.json';
import lossy from '../fixtures/stats/lossy.json';
import simulcast from '../fixtures/stats/simulcast.json';
import type { RecordedStats, RecordedTick, StatsFixture } from '../fixtureTypes';
import { StatsCollector, type StatsSample } from 'rtckit/core';

export const FIXTURES = { clean, capped, lossy, loss6, impaired, blackhole, simulcast } as unknown as Record<
  'clean' | 'capped' | 'lossy' | 'loss6' | 'impaired' | 'blackhole' | 'simulcast',
  StatsFixture
>;

export type FixtureName = keyof typeof FIXTURES;

/** Real Firefox recordings of the same call (`npm run record:firefox`, scripts/record-firefox-stats.mjs). */
export const FIREFOX_FIXTURES = {
  clean: firefoxClean,
  capped: firefoxCapped,
  blackhole: firefoxBlackhole,
} as unknown as Record<'clean' | 'capped' | 'blackhole', StatsFixture>;

/** A Map keyed by stats id, as RTCStatsReport is. */
export function reportOf(tick: RecordedTick): Map<string, RecordedStats> {
  return new Map(tick.stats.map((stats) => [stats.id, stats]));
}

/** The recorded stats object of one type (and kind) in a tick. */
export function statsOf(tick: RecordedTick, type: string, kind?: string): RecordedStats {
  const found = tick.stats.find((s) => s.type === type && (kind === undefined || s.kind === kind));
  if (!found) throw new Error(`no ${type} ${kind ?? ''} stats in this tick`);
  return found;
}

/** Runs one peer's recorded ticks through a collector; `samples[i]` is the sample of tick i (null for the first). */
export function collect(ticks: readonly RecordedTick[]): (StatsSample | null)[] {
  const collector = new StatsCollector({ getStats: () => Promise.reject(new Error('not polled')) });
  return ticks.map((tick) => collector.ingest(reportOf(tick), tick.connectionState));
}
