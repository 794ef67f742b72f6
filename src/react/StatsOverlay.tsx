import { forwardRef, type HTMLAttributes } from 'react';
import type { MediaSample, StatsSample } from '../core/stats/types';
import { formatKbps, formatMs, formatPercent } from './formatStats';
import { useStats } from './useStats';

/** Props of {@link StatsOverlay}; any other `<div>` prop goes to the root element. */
export interface StatsOverlayProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The connection to show; `null` shows dashes. */
  readonly pc?: RTCPeerConnection | null;
  /** A sample to show instead of measuring `pc` (e.g. a recorded one). */
  readonly sample?: StatsSample | null;
  /** Accessible name of the overlay. Default `'Connection statistics'`. */
  readonly label?: string;
}

const size = (m: MediaSample | undefined) =>
  m?.frameWidth && m.frameHeight ? `${m.frameWidth}×${m.frameHeight}` : '–';
const fps = (m: MediaSample | undefined) =>
  m?.framesPerSecond === undefined ? '–' : `${Math.round(m.framesPerSecond)} fps`;

function rows(sample: StatsSample | null): [string, string][] {
  const out = sample?.outbound;
  const inn = sample?.inbound;
  const pair = sample?.candidatePair;
  return [
    ['Sending video', `${formatKbps(out?.video?.bitrate)} · ${size(out?.video)} · ${fps(out?.video)}`],
    ['Encoder limit', out?.video?.qualityLimitationReason ?? '–'],
    ['Receiving video', `${formatKbps(inn?.video?.bitrate)} · ${size(inn?.video)} · ${fps(inn?.video)}`],
    ['Video loss (up / down)', `${formatPercent(out?.video?.packetLoss)} / ${formatPercent(inn?.video?.packetLoss)}`],
    [
      'Freezes',
      inn?.video?.frozen ? `frozen (${inn.video.freezeCount ?? 0})` : (inn?.video?.freezeCount ?? '–').toString(),
    ],
    ['Audio (up / down)', `${formatKbps(out?.audio?.bitrate)} / ${formatKbps(inn?.audio?.bitrate)}`],
    ['Audio loss (up / down)', `${formatPercent(out?.audio?.packetLoss)} / ${formatPercent(inn?.audio?.packetLoss)}`],
    ['Concealed audio', formatPercent(inn?.audio?.concealment)],
    ['Round-trip time', formatMs(sample?.rttMs)],
    ['Jitter (down)', formatMs(inn?.video?.jitterMs ?? inn?.audio?.jitterMs)],
    ['Available upload', formatKbps(sample?.availableOutgoingBitrate)],
    // Per direction: each side chooses what it receives, so the two directions can differ.
    ['Video codec (up / down)', `${out?.video?.codec ?? '–'} / ${inn?.video?.codec ?? '–'}`],
    ['Audio codec (up / down)', `${out?.audio?.codec ?? '–'} / ${inn?.audio?.codec ?? '–'}`],
    [
      'Route',
      pair
        ? `${pair.local.type ?? '?'} → ${pair.remote.type ?? '?'} (${pair.local.protocol ?? '?'})${pair.relayed ? ', relayed' : ''}`
        : '–',
    ],
  ];
}

/**
 * "Stats for nerds" for a connection: bitrates, resolution, frame rate, loss, freezes, concealment,
 * round-trip time, jitter, available bandwidth, the negotiated codec of each direction and the route (candidate types, relayed or
 * not), as a labelled description list that updates every tick. Place it over a `VideoTile`.
 * Unstyled; `data-rtckit-stats-overlay` on the root for styling.
 *
 * @example
 * ```tsx
 * <div style={{ position: 'relative' }}>
 *   <VideoTile stream={remoteStream} label="Alice" />
 *   <StatsOverlay pc={pc} style={{ position: 'absolute', top: 8, left: 8 }} />
 * </div>
 * ```
 */
export const StatsOverlay = /* @__PURE__ */ forwardRef<HTMLDivElement, StatsOverlayProps>(function StatsOverlay(
  { pc, sample, label = 'Connection statistics', ...rest },
  ref,
) {
  const measured = useStats(sample === undefined ? pc : null, { select: (s) => s.latest });
  const shown = sample === undefined ? measured : sample;
  return (
    <div ref={ref} role="group" aria-label={label} data-rtckit-stats-overlay="" {...rest}>
      <dl style={{ display: 'grid', gridTemplateColumns: 'auto auto', gap: '0 0.75em', margin: 0, fontSize: '0.75em' }}>
        {rows(shown).map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt>{term}</dt>
            <dd style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
});
