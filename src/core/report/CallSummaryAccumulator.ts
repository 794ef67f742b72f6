import type { AdaptiveBitrateSnapshot } from '../abr/abrSnapshot';
import type { QualityLevel, QualityScore } from '../quality/types';
import type { ReconnectSnapshot } from '../reconnect/reconnectSnapshot';
import type { ReconnectReason } from '../reconnect/types';
import { SampleHistory } from '../stats/SampleHistory';
import type { StatsSample } from '../stats/types';
import { MAX_LISTED_RECONNECTS, type CallSummary, type ReconnectEpisode, type RouteType } from './callReportTypes';
import { DwellTime } from './dwellTime';
import { routeTypeOf } from './routeOf';

/** The running counts a periodic report takes differences of (freezes since the previous report). */
export interface SummaryTotals {
  readonly freezeCount: number;
  readonly freezeMs: number;
  readonly losses: number;
  readonly byReason: Readonly<Partial<Record<ReconnectReason, number>>>;
}

/** What a summary says about the call itself; the reporter adds who sent it and why. */
export type SummaryBody = Omit<CallSummary, 'kind' | 'version' | 'callId' | 'browser' | 'endReason'>;

interface OpenEpisode {
  readonly reason: ReconnectReason | null;
  readonly startedAt: number;
  attempts: number;
}

/**
 * The end-of-call summary, accumulated as it goes: time per quality level, rung and route, MOS mean
 * and minimum, freezes, reconnect episodes, time to first frame. It keeps running aggregates (and
 * the last few reconnect episodes), never the samples, so its memory is the same after a minute or
 * ten hours. Pure: every observation says when it happened (`at`, ms on the caller's clock).
 *
 * @example
 * ```ts
 * const summary = new CallSummaryAccumulator(clock.now());
 * collector.subscribe(() => summary.observeSample(clock.now(), collector.getSnapshot().latest!, quality.getSnapshot()));
 * summary.summarize(clock.now()).timeInLevelMs; // { unknown: 1000, excellent: 59_000, … }
 * ```
 */
export class CallSummaryAccumulator {
  readonly #startedAt: number;
  readonly #levels: DwellTime<QualityLevel>;
  readonly #rungs: DwellTime<string>;
  readonly #routes: DwellTime<RouteType>;
  #samples = 0;
  #mosSum = 0;
  #mosCount = 0;
  #mosMin: number | null = null;
  #freezeCount = 0;
  #freezeMs = 0;
  #wasFrozen = false;
  #firstFrameAt: number | null = null;
  #episode: OpenEpisode | null = null;
  readonly #recent = new SampleHistory<ReconnectEpisode>(MAX_LISTED_RECONNECTS);
  #losses = 0;
  #closedTotalMs = 0;
  #closedMaxMs = 0;
  #byReason: Partial<Record<ReconnectReason, number>> = {};

  constructor(startedAt: number) {
    this.#startedAt = startedAt;
    this.#levels = new DwellTime<QualityLevel>('unknown', startedAt);
    this.#rungs = new DwellTime<string>(null, startedAt);
    this.#routes = new DwellTime<RouteType>(null, startedAt);
  }

  /** One stats sample and the quality it scored. */
  observeSample(at: number, sample: StatsSample, quality: QualityScore): void {
    this.#samples++;
    this.#levels.enter(quality.level, at);
    if (quality.mos !== null) {
      this.#mosSum += quality.mos;
      this.#mosCount++;
      this.#mosMin = this.#mosMin === null ? quality.mos : Math.min(this.#mosMin, quality.mos);
    }
    if (sample.candidatePair) this.#routes.enter(routeTypeOf(sample.candidatePair), at);
    const video = sample.inbound.video;
    if (!video) return;
    if (this.#firstFrameAt === null && (video.framesPerSecond ?? 0) > 0) this.#firstFrameAt = at;
    const frozen = video.frozen === true;
    // Browsers without freeze counters say only "frozen in this interval": count the start of each run.
    this.#freezeCount += video.freezeCount ?? (frozen && !this.#wasFrozen ? 1 : 0);
    this.#freezeMs += video.freezeDurationMs ?? (frozen ? sample.intervalMs : 0);
    this.#wasFrozen = frozen;
  }

  /** The adaptive bitrate controller's snapshot changed (or was first seen). */
  observeAbr(at: number, snapshot: AdaptiveBitrateSnapshot): void {
    this.#rungs.enter(snapshot.rung?.id ?? null, at);
  }

  /** The reconnector's snapshot changed (or was first seen): opens and closes reconnect episodes. */
  observeReconnect(at: number, snapshot: ReconnectSnapshot): void {
    const open = this.#episode;
    if (snapshot.state === 'reconnecting') {
      if (open) open.attempts = Math.max(open.attempts, snapshot.attempt);
      else this.#open(at, snapshot);
      return;
    }
    if (open) this.#close(at, open, snapshot.state === 'connected');
  }

  /** The running counts so far. */
  totals(): SummaryTotals {
    return {
      freezeCount: this.#freezeCount,
      freezeMs: this.#freezeMs,
      losses: this.#losses,
      byReason: this.#byReason,
    };
  }

  /** The summary up to `at`; a reconnect still going on counts as not recovered, with its time so far. */
  summarize(at: number): SummaryBody {
    const open = this.#episode && episodeOf(this.#episode, at, false, this.#startedAt);
    const recent = this.#recent.toArray();
    if (open) recent.push(open);
    return {
      durationMs: Math.max(0, at - this.#startedAt),
      samples: this.#samples,
      timeInLevelMs: { excellent: 0, good: 0, poor: 0, lost: 0, unknown: 0, ...this.#levels.totalsAt(at) },
      mos: {
        mean: this.#mosCount > 0 ? round2(this.#mosSum / this.#mosCount) : null,
        min: this.#mosMin,
      },
      freezes: { count: this.#freezeCount, durationMs: Math.round(this.#freezeMs) },
      reconnects: {
        count: this.#losses,
        totalMs: this.#closedTotalMs + (open?.durationMs ?? 0),
        maxMs: Math.max(this.#closedMaxMs, open?.durationMs ?? 0),
        byReason: this.#byReason,
        recent: recent.slice(-MAX_LISTED_RECONNECTS),
      },
      timeInRungMs: this.#rungs.totalsAt(at) as Record<string, number>,
      timeInRouteMs: this.#routes.totalsAt(at),
      timeToFirstFrameMs: this.#firstFrameAt === null ? null : this.#firstFrameAt - this.#startedAt,
    };
  }

  #open(at: number, snapshot: ReconnectSnapshot): void {
    this.#episode = { reason: snapshot.reason, startedAt: at, attempts: snapshot.attempt };
    this.#losses++;
    if (snapshot.reason) {
      this.#byReason = { ...this.#byReason, [snapshot.reason]: (this.#byReason[snapshot.reason] ?? 0) + 1 };
    }
  }

  #close(at: number, open: OpenEpisode, recovered: boolean): void {
    const episode = episodeOf(open, at, recovered, this.#startedAt);
    this.#episode = null;
    this.#recent.push(episode);
    this.#closedTotalMs += episode.durationMs;
    this.#closedMaxMs = Math.max(this.#closedMaxMs, episode.durationMs);
  }
}

function episodeOf(open: OpenEpisode, at: number, recovered: boolean, startedAt: number): ReconnectEpisode {
  return {
    reason: open.reason,
    t: open.startedAt - startedAt,
    durationMs: Math.max(0, at - open.startedAt),
    recovered,
    attempts: open.attempts,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
