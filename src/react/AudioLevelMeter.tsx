import { forwardRef, type CSSProperties, type HTMLAttributes } from 'react';
import type { AudioLevelMonitorOptions } from '../core/media/AudioLevelMonitor';
import { useAudioLevel } from './useAudioLevel';

/** Props of {@link AudioLevelMeter}; other `<div>` props go to the root. */
export interface AudioLevelMeterProps extends HTMLAttributes<HTMLDivElement> {
  /** The stream whose first audio track to measure. */
  readonly stream: MediaStream | null | undefined;
  /** Accessible name. Default `'Microphone level'`. */
  readonly label?: string;
  readonly options?: AudioLevelMonitorOptions;
}

/**
 * A microphone level meter: `role="meter"` with the level 0–100 as its value. Unstyled: the root
 * carries `--rtckit-level` (0–1) and the default bar fills that share of the width in
 * `--rtckit-meter-color` (default `currentColor`). Pass children to draw your own.
 *
 * @example
 * ```tsx
 * <AudioLevelMeter stream={media.stream} style={{ width: 200, height: 8, background: '#333' }} />
 * ```
 */
export const AudioLevelMeter = /* @__PURE__ */ forwardRef<HTMLDivElement, AudioLevelMeterProps>(
  function AudioLevelMeter({ stream, label = 'Microphone level', options, children, style, ...rest }, ref) {
    const level = useAudioLevel(stream, options);
    const percent = Math.round(level * 100);
    return (
      <div
        ref={ref}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-active={level > 0 || undefined}
        style={{ ['--rtckit-level' as string]: level, ...style } as CSSProperties}
        {...rest}
      >
        {children ?? (
          <span
            style={{
              display: 'block',
              height: '100%',
              width: `${percent}%`,
              background: 'var(--rtckit-meter-color, currentColor)',
            }}
          />
        )}
      </div>
    );
  },
);
