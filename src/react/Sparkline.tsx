import { forwardRef, type HTMLAttributes } from 'react';

/** Props of {@link Sparkline}; other props go to the root `<figure>`. */
export interface SparklineProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The series, oldest first; `undefined` points are gaps. */
  readonly values: readonly (number | undefined)[];
  /** What the line shows, for its accessible name, e.g. "Bitrate". */
  readonly label: string;
  /** Formats the latest value for the accessible name and the caption. */
  readonly format: (value: number | undefined) => string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A tiny line chart of a series (an `<svg role="img">` named by its label and latest value). Uses
 * `currentColor`, or `--rtckit-sparkline-color`.
 *
 * @example
 * ```tsx
 * const rtts = useStats(pc, { select: (s) => s.history.map((sample) => sample.rttMs) });
 * <Sparkline label="Round-trip time" values={rtts} format={(ms) => (ms === undefined ? '–' : `${Math.round(ms)} ms`)} />
 * ```
 */
export const Sparkline = /* @__PURE__ */ forwardRef<HTMLElement, SparklineProps>(function Sparkline(
  { values, label, format, width = 120, height = 28, style, ...rest },
  ref,
) {
  const defined = values.filter((v): v is number => v !== undefined);
  const latest = [...values].reverse().find((v) => v !== undefined);
  const max = Math.max(...defined, 0) || 1;
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map((v, i) =>
      v === undefined ? null : `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`,
    )
    .filter((p): p is string => p !== null)
    .join(' ');
  return (
    <figure ref={ref} data-rtckit-sparkline="" style={{ margin: 0, ...style }} {...rest}>
      <figcaption style={{ fontSize: '0.75em' }}>
        {label}: {format(latest)}
      </figcaption>
      <svg
        role="img"
        aria-label={`${label} over the last ${values.length} samples, now ${format(latest)}`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <polyline
          points={points}
          fill="none"
          stroke="var(--rtckit-sparkline-color, currentColor)"
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      </svg>
    </figure>
  );
});
