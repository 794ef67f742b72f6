import {
  forwardRef,
  memo,
  useId,
  useState,
  type CSSProperties,
  type FocusEvent,
  type HTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { QualityLevel, QualityReason, QualityScore } from '../core/quality/types';
import type { StatsSample } from '../core/stats/types';
import { composeEventHandlers } from './internal/composeEventHandlers';
import { formatKbps, formatMs, formatPercent, LEVEL_TEXT, totalBitrate, worstLoss } from './formatStats';
import { Sparkline } from './Sparkline';
import { useConnectionQuality } from './useConnectionQuality';
import { useStats } from './useStats';

/** The part of a quality value the badge shows; a full {@link QualityScore} fits. */
export type QualityBadgeValue = Pick<QualityScore, 'level' | 'reasons'> & Partial<QualityScore>;

/** Props of {@link QualityBadge}; any other `<span>` prop goes to the root element. */
export interface QualityBadgeProps extends Omit<HTMLAttributes<HTMLSpanElement>, 'children'> {
  /** The connection to measure. Ignored for the level when `quality` is given (then used for the popover's history only). */
  readonly pc?: RTCPeerConnection | null;
  /** A ready quality value (e.g. from your server or `useConnectionQuality`) instead of measuring `pc`. */
  readonly quality?: QualityBadgeValue | null;
  /** Samples for the popover's sparklines when there is no `pc` (e.g. `useStats(pc).history`). */
  readonly history?: readonly StatsSample[];
  /** Text per level, e.g. for another language. */
  readonly labels?: Partial<Record<QualityLevel, string>>;
  /** Offer the details popover (the button opens it; hovering shows it too). Default `true`. */
  readonly showDetails?: boolean;
  /** Replaces the bars and the level text (the screen-reader text stays). */
  readonly children?: ReactNode;
}

const BARS: Record<QualityLevel, number> = { excellent: 4, good: 3, poor: 2, lost: 0, unknown: 0 };

const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

interface Shown {
  readonly level: QualityLevel;
  readonly reasons: readonly QualityReason[];
}

const pickShown = (quality: QualityScore): Shown => ({ level: quality.level, reasons: quality.reasons });

const reasonKey = (reasons: readonly QualityReason[]) =>
  reasons
    .map((r) => `${r.code}/${r.direction}/${r.message}`)
    .sort()
    .join('|');

/** The badge re-renders when the level or the set of reasons changes, not for new numbers. */
const sameShown = (a: Shown, b: Shown) => a.level === b.level && reasonKey(a.reasons) === reasonKey(b.reasons);

function SignalBars({ level }: { level: QualityLevel }) {
  const filled = BARS[level];
  return (
    <svg aria-hidden="true" width="1em" height="1em" viewBox="0 0 16 16" data-rtckit-bars={filled}>
      {[0, 1, 2, 3].map((i) => (
        <rect
          key={i}
          x={i * 4 + 0.5}
          y={12 - i * 3.5}
          width={3}
          height={3.5 + i * 3.5}
          rx={0.5}
          fill="var(--rtckit-quality-color, currentColor)"
          opacity={i < filled ? 1 : 0.25}
        />
      ))}
    </svg>
  );
}

function Details({
  pc,
  quality,
  history,
}: {
  pc: RTCPeerConnection | null | undefined;
  quality: QualityBadgeValue | null | undefined;
  history: readonly StatsSample[] | undefined;
}) {
  // Mounted only while open: the numbers tick here without re-rendering the badge itself.
  const live = useConnectionQuality(quality ? null : pc);
  const shown = quality ?? live;
  const measured = useStats(history ? null : pc, { select: (s) => s.history });
  const samples = history ?? measured;
  return (
    <>
      <span>
        {LEVEL_TEXT[shown.level]}
        {shown.score != null && ` · score ${shown.score}`}
        {shown.mos != null && ` · MOS ${shown.mos.toFixed(1)}`}
      </span>
      {shown.reasons.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
          {shown.reasons.map((r) => (
            <li key={`${r.code}/${r.direction}`}>
              {r.message}
              {r.detail && ` (${r.detail})`}
            </li>
          ))}
        </ul>
      )}
      {samples.length > 0 && (
        <>
          <Sparkline label="Bitrate" values={samples.map(totalBitrate)} format={formatKbps} />
          <Sparkline label="Round-trip time" values={samples.map((s) => s.rttMs)} format={formatMs} />
          <Sparkline label="Packet loss" values={samples.map(worstLoss)} format={formatPercent} />
        </>
      )}
    </>
  );
}

/**
 * Whether the details show, and why: `peek` while the pointer is over the badge (gone when it
 * leaves), `open` after the button was pressed (click, Enter or Space; gone on a second press, on
 * Escape or when focus leaves the badge).
 */
type Disclosure = 'closed' | 'peek' | 'open';

const popoverStyle: CSSProperties = {
  position: 'absolute',
  top: '100%',
  left: 0,
  zIndex: 1,
  display: 'grid',
  gap: 6,
  padding: 8,
  minWidth: 160,
  background: 'var(--rtckit-popover-background, Canvas)',
  color: 'var(--rtckit-popover-color, CanvasText)',
  border: '1px solid var(--rtckit-popover-border, GrayText)',
  borderRadius: 6,
};

// Not `all: unset`, which also removes the browser's :focus-visible ring: only the button look goes.
const buttonStyle: CSSProperties = {
  appearance: 'none',
  background: 'none',
  border: 0,
  margin: 0,
  padding: 0,
  font: 'inherit',
  color: 'inherit',
  display: 'inline-flex',
  alignItems: 'center',
  gap: '0.35em',
};

const QualityBadgeInner = /* @__PURE__ */ forwardRef<HTMLSpanElement, QualityBadgeProps>(function QualityBadge(
  {
    pc,
    quality,
    history,
    labels,
    showDetails = true,
    children,
    style,
    onMouseEnter,
    onMouseLeave,
    onBlur,
    onKeyDown,
    ...rest
  },
  ref,
) {
  const live = useConnectionQuality(quality ? null : pc, { select: pickShown, isEqual: sameShown });
  const shown: Shown = quality ?? live;
  const [disclosure, setDisclosure] = useState<Disclosure>('closed');
  const open = showDetails && disclosure !== 'closed';
  const popoverId = useId();
  const text = labels?.[shown.level] ?? LEVEL_TEXT[shown.level];
  const spoken = [`Connection quality: ${text}.`, ...shown.reasons.map((r) => `${r.message}.`)].join(' ');

  return (
    <span
      ref={ref}
      data-quality={shown.level}
      style={
        {
          position: 'relative',
          display: 'inline-flex',
          '--rtckit-quality-color': `var(--rtckit-quality-${shown.level}, currentColor)`,
          ...style,
        } as CSSProperties
      }
      onMouseEnter={composeEventHandlers(onMouseEnter, () => setDisclosure((now) => (now === 'closed' ? 'peek' : now)))}
      onMouseLeave={composeEventHandlers(onMouseLeave, () => setDisclosure((now) => (now === 'peek' ? 'closed' : now)))}
      onBlur={composeEventHandlers(onBlur, (event: FocusEvent<HTMLSpanElement>) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
          setDisclosure((now) => (now === 'open' ? 'closed' : now));
        }
      })}
      onKeyDown={composeEventHandlers(onKeyDown, (event: KeyboardEvent<HTMLSpanElement>) => {
        // Focus stays where it is (on the button): only the details go.
        if (event.key === 'Escape' && disclosure !== 'closed') setDisclosure('closed');
      })}
      {...rest}
    >
      <button
        type="button"
        aria-expanded={showDetails ? open : undefined}
        aria-controls={showDetails ? popoverId : undefined}
        data-rtckit-quality-button=""
        // A press opens the details for good, even while the pointer already shows them.
        onClick={() => setDisclosure((now) => (now === 'open' ? 'closed' : 'open'))}
        style={{ ...buttonStyle, cursor: showDetails ? 'pointer' : 'default' }}
      >
        <span aria-hidden="true" style={{ display: 'inline-flex', alignItems: 'center', gap: '0.35em' }}>
          {children ?? (
            <>
              <SignalBars level={shown.level} />
              <span data-rtckit-quality-text="">{text}</span>
            </>
          )}
        </span>
        <span style={visuallyHidden}>{spoken}</span>
      </button>
      {showDetails && (
        // Always in the document, so the button's aria-controls names an element; the content (and
        // its live measurements) only while open.
        <span
          id={popoverId}
          role="group"
          aria-label="Connection quality details"
          data-rtckit-quality-popover=""
          hidden={!open}
          style={open ? popoverStyle : undefined}
        >
          {open && <Details pc={pc} quality={quality} history={history} />}
        </span>
      )}
    </span>
  );
});

function sameProps(a: QualityBadgeProps, b: QualityBadgeProps): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof QualityBadgeProps)[]);
  for (const key of keys) {
    if (key === 'quality') {
      const qa = a.quality;
      const qb = b.quality;
      if (qa === qb) continue;
      if (!qa || !qb || !sameShown(qa, qb)) return false;
      continue;
    }
    if (!Object.is(a[key], b[key])) return false;
  }
  return true;
}

/**
 * Signal bars and the level in words for a connection's quality, with `data-quality` =
 * `excellent | good | poor | lost | unknown`. Give it a `pc` to measure, or a ready `quality`.
 * Screen readers hear the level and the reasons ("Connection quality: Poor. High packet loss on
 * your upload."). The badge is a disclosure button (`aria-expanded`, `aria-controls`): a click,
 * Enter or Space opens a popover with the score, the reasons with their values and sparklines of
 * bitrate, round-trip time and loss; Escape (focus stays on the button), a second press or moving
 * focus away closes it. Hovering shows it while the pointer stays. The button keeps the browser's
 * focus ring. It re-renders only when the level or the reasons change, never for new numbers alone.
 *
 * Unstyled: colour it with `--rtckit-quality-excellent`, `-good`, `-poor`, `-lost`, `-unknown`
 * (default `currentColor`) and the popover with `--rtckit-popover-background`, `-color`, `-border`.
 *
 * @example
 * ```tsx
 * <QualityBadge pc={pc} style={{ '--rtckit-quality-poor': 'orange' } as React.CSSProperties} />
 * <QualityBadge quality={{ level: 'good', reasons: [] }} />
 * ```
 */
export const QualityBadge = /* @__PURE__ */ memo(QualityBadgeInner, sameProps);
