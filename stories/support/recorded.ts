// Replays a recorded getStats() fixture (test/fixtures/stats/) through the real engine, for stories
// that show what rtckit makes of a real Chromium call without needing one.
import { scoreQuality, smoothQuality, StatsCollector, type QualityScore, type QualityTrend } from 'rtckit/core';
import type { StatsSample, StatsLike } from 'rtckit/core';
import type { StatsFixture } from '../../test/fixtureTypes';

export interface Replayed {
  readonly quality: QualityScore;
  readonly history: readonly StatsSample[];
  readonly latest: StatsSample | null;
}

/** The quality, history and latest sample after the first `ticks` ticks of one peer of a recording. */
export function replay(fixture: StatsFixture, peer: 'sender' | 'receiver', ticks = Infinity): Replayed {
  const collector = new StatsCollector({ getStats: () => Promise.reject(new Error('replayed')) });
  let trend: QualityTrend | undefined;
  for (const tick of fixture[peer].slice(0, ticks)) {
    const report = new Map(tick.stats.map((s) => [s.id, s as StatsLike]));
    trend = smoothQuality(trend, scoreQuality(collector.ingest(report, tick.connectionState)));
  }
  const { history, latest } = collector.getSnapshot();
  return { quality: trend?.quality ?? scoreQuality(null), history, latest };
}
