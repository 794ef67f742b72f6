import type { QualityScore } from './types';

/**
 * The score before the first sample, or while nothing can be measured (`level: 'unknown'`); what
 * `scoreQuality(null)` returns. A plain constant in a module of its own, so the hook and the
 * monitor start from it without a call at import and without pulling the scoring model in.
 * Internal to rtckit: not exported from the package.
 *
 * @example
 * ```ts
 * const quality = pc ? monitor.getSnapshot() : UNKNOWN_QUALITY;
 * ```
 */
export const UNKNOWN_QUALITY: QualityScore = {
  level: 'unknown',
  score: null,
  mos: null,
  reasons: [],
  uplink: 'unknown',
  downlink: 'unknown',
  uplinkScore: null,
  downlinkScore: null,
};
