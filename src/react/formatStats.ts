// Formatting shared by QualityBadge and StatsOverlay.
import type { QualityLevel } from '../core/quality/types';
import type { StatsSample } from '../core/stats/types';

export const LEVEL_TEXT: Record<QualityLevel, string> = {
  excellent: 'Excellent',
  good: 'Good',
  poor: 'Poor',
  lost: 'Lost',
  unknown: 'Unknown',
};

export function formatKbps(bitsPerSecond: number | undefined): string {
  return bitsPerSecond === undefined ? '–' : `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

export function formatMs(ms: number | null | undefined): string {
  return ms === undefined || ms === null ? '–' : `${Math.round(ms)} ms`;
}

export function formatPercent(fraction: number | undefined): string {
  return fraction === undefined ? '–' : `${Math.round(fraction * 1000) / 10} %`;
}

/** Everything sent and received, bits per second. */
export function totalBitrate(sample: StatsSample): number | undefined {
  const parts = [sample.outbound.audio, sample.outbound.video, sample.inbound.audio, sample.inbound.video];
  let total: number | undefined;
  for (const part of parts) if (part?.bitrate !== undefined) total = (total ?? 0) + part.bitrate;
  return total;
}

/** The worse loss of the two directions (0–1). */
export function worstLoss(sample: StatsSample): number | undefined {
  const parts = [sample.outbound.audio, sample.outbound.video, sample.inbound.audio, sample.inbound.video];
  let worst: number | undefined;
  for (const part of parts) if (part?.packetLoss !== undefined) worst = Math.max(worst ?? 0, part.packetLoss);
  return worst;
}
