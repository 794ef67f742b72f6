// Hysteresis for quality levels: drops are shown quickly, recoveries slowly, and a level holds for a
// while once entered, so a link hovering at a threshold does not make the badge flicker.
import { levelFromScore, mosFromScore, QUALITY_THRESHOLDS } from './scoreQuality';
import type { QualityLevel, QualityReason, QualityScore } from './types';

/** Options for {@link smoothQuality}; the defaults are the documented rule. */
export interface SmoothingOptions {
  /** How far a falling score moves to the new one per tick. Default 0.75 (a bad link shows on its first tick). */
  readonly dropFactor?: number;
  /** How far a rising score moves to the new one per tick. Default 0.2 (a recovery takes several ticks). */
  readonly recoveryFactor?: number;
  /** Points below a level's floor the smoothed score must fall to leave it downwards. Default 3. */
  readonly dropMargin?: number;
  /** Points above the next level's floor the smoothed score must reach to move up to it. Default 5. */
  readonly recoveryMargin?: number;
  /** Ticks a level holds once entered. Default 10. */
  readonly holdTicks?: number;
  /** Within the hold, a drop still shows at once when the score falls this far below the level's floor. Default 15. */
  readonly severeDrop?: number;
}

/** How one direction stands after smoothing. */
export interface DirectionTrend {
  readonly level: QualityLevel;
  /** The smoothed score, unrounded; `null` while unknown. */
  readonly score: number | null;
  /** Ticks since the level last changed. */
  readonly ticksInLevel: number;
}

/** What {@link smoothQuality} carries from tick to tick; `quality` is what to show. */
export interface QualityTrend {
  readonly quality: QualityScore;
  readonly uplink: DirectionTrend;
  readonly downlink: DirectionTrend;
}

type Graded = 'poor' | 'good' | 'excellent';
const RANK: Record<Exclude<QualityLevel, 'unknown'>, number> = { lost: 0, poor: 1, good: 2, excellent: 3 };
const FLOOR: Record<Graded, number> = {
  poor: 0,
  good: QUALITY_THRESHOLDS.good,
  excellent: QUALITY_THRESHOLDS.excellent,
};
const BELOW: Record<Graded, Graded | undefined> = { poor: undefined, good: 'poor', excellent: 'good' };
const ABOVE: Record<Graded, Graded | undefined> = { poor: 'good', good: 'excellent', excellent: undefined };

const RECOVERING: QualityReason = {
  code: 'recovering',
  direction: 'both',
  message: 'Recovering from a recent problem',
  penalty: 0,
};

function smoothDirection(
  previous: DirectionTrend,
  level: QualityLevel,
  rawScore: number | null,
  o: Required<SmoothingOptions>,
): DirectionTrend {
  // Unknown and lost apply at once; so does the first real score.
  if (level === 'lost' || level === 'unknown' || rawScore === null) {
    return {
      level,
      score: level === 'lost' ? 0 : null,
      ticksInLevel: level === previous.level ? previous.ticksInLevel + 1 : 0,
    };
  }
  if (previous.level === 'unknown' || previous.score === null) {
    return { level: levelFromScore(rawScore), score: rawScore, ticksInLevel: 0 };
  }
  const before = previous.score;
  const score = before + (rawScore < before ? o.dropFactor : o.recoveryFactor) * (rawScore - before);

  // From lost, come back in at whatever the smoothed score says, climbing from zero.
  const current: Graded = previous.level === 'lost' ? 'poor' : previous.level;
  let next: Graded = current;
  for (let below = BELOW[next]; below && score < FLOOR[next] - o.dropMargin; below = BELOW[next]) next = below;
  if (next === current) {
    for (let above = ABOVE[next]; above && score >= FLOOR[above] + o.recoveryMargin; above = ABOVE[next]) next = above;
  }
  const ticksInLevel = previous.ticksInLevel + 1;
  const changed = next !== previous.level;
  const held = ticksInLevel < o.holdTicks;
  const severe = RANK[next] < RANK[current] && score < FLOOR[current] - o.severeDrop;
  if (previous.level !== 'lost' && changed && held && !severe) return { level: previous.level, score, ticksInLevel };
  return { level: next, score, ticksInLevel: changed ? 0 : ticksInLevel };
}

function worse(a: DirectionTrend, b: DirectionTrend): DirectionTrend {
  if (a.level === 'unknown') return b;
  if (b.level === 'unknown') return a;
  if (RANK[a.level] !== RANK[b.level]) return RANK[a.level] < RANK[b.level] ? a : b;
  return (a.score ?? 0) <= (b.score ?? 0) ? a : b;
}

const NO_OPTIONS: SmoothingOptions = {};
const DEFAULTS: Required<SmoothingOptions> = {
  dropFactor: 0.75,
  recoveryFactor: 0.2,
  dropMargin: 3,
  recoveryMargin: 5,
  holdTicks: 10,
  severeDrop: 15,
};

/** Each setting as given, or its default where it is missing (or `undefined`). */
function withDefaults(options: SmoothingOptions): Required<SmoothingOptions> {
  const settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof SmoothingOptions)[]) settings[key] = options[key] ?? DEFAULTS[key];
  return settings;
}

const UNKNOWN_TREND: DirectionTrend = { level: 'unknown', score: null, ticksInLevel: 0 };

const round = (score: number | null) => (score === null ? null : Math.round(score));

/**
 * Asymmetric hysteresis over successive {@link QualityScore}s, so the level does not flicker:
 *
 * - the score is smoothed: a falling score moves 75 % of the way to the new one per tick, a rising
 *   one 20 % (drops are seen quickly, recoveries slowly);
 * - a level is left downwards when the smoothed score is 3 points under its floor, and entered
 *   from below only when the score is 5 points over the new floor;
 * - once entered, a level holds for 10 ticks, unless the score falls 15 points under its floor;
 * - `lost` and `unknown` apply at once; after `lost` the score climbs back from zero.
 *
 * Uplink and downlink are smoothed separately; the overall level is the worse of the two. While a
 * level is held below what the raw score says and nothing is wrong now, the reasons say it is
 * recovering. With VP8 video, any measured loss between 4 % and 8 % per tick changes the level once
 * (to `good`) and never again. Pure: pass the previous trend back in.
 *
 * @example
 * ```ts
 * let trend: QualityTrend | undefined;
 * collector.subscribe(() => {
 *   trend = smoothQuality(trend, scoreQuality(collector.getSnapshot().latest));
 *   render(trend.quality.level);
 * });
 * ```
 */
export function smoothQuality(
  previous: QualityTrend | undefined,
  raw: QualityScore,
  options: SmoothingOptions = NO_OPTIONS,
): QualityTrend {
  const o = options === NO_OPTIONS ? DEFAULTS : withDefaults(options);
  const uplink = smoothDirection(previous?.uplink ?? UNKNOWN_TREND, raw.uplink, raw.uplinkScore, o);
  const downlink = smoothDirection(previous?.downlink ?? UNKNOWN_TREND, raw.downlink, raw.downlinkScore, o);
  const overall = worse(uplink, downlink);
  const score = round(overall.score);
  const held = overall.level !== raw.level;
  const quality: QualityScore = {
    level: overall.level,
    score,
    mos: score === null ? null : mosFromScore(score),
    reasons: held && raw.reasons.length === 0 ? [RECOVERING] : raw.reasons,
    uplink: uplink.level,
    downlink: downlink.level,
    uplinkScore: round(uplink.score),
    downlinkScore: round(downlink.score),
  };
  return {
    quality: previous && sameQuality(previous.quality, quality) ? previous.quality : quality,
    uplink,
    downlink,
  };
}

/**
 * Whether two scores are equal in every field, reasons and their details included.
 *
 * @example
 * ```ts
 * if (!sameQuality(shown, next)) render(next);
 * ```
 */
export function sameQuality(a: QualityScore, b: QualityScore): boolean {
  return (
    a.level === b.level &&
    a.score === b.score &&
    a.mos === b.mos &&
    a.uplink === b.uplink &&
    a.downlink === b.downlink &&
    a.uplinkScore === b.uplinkScore &&
    a.downlinkScore === b.downlinkScore &&
    a.reasons.length === b.reasons.length &&
    a.reasons.every((r, i) => sameReasons([r], [b.reasons[i]!]) && r.detail === b.reasons[i]!.detail)
  );
}

/**
 * Whether two reason lists name the same causes (code, direction and message, in order; details
 * such as "12 %" may differ).
 *
 * @example
 * ```ts
 * const announce = !sameReasons(previous.reasons, next.reasons);
 * ```
 */
export function sameReasons(a: readonly QualityReason[], b: readonly QualityReason[]): boolean {
  return (
    a === b ||
    (a.length === b.length &&
      a.every((r, i) => r.code === b[i]!.code && r.direction === b[i]!.direction && r.message === b[i]!.message))
  );
}
