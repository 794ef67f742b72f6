import { printable, type RtcKitError } from '../errors';
import { AbrKitError } from './abrErrors';
import type { Clock } from '../clock';
import type { AbrPolicy } from './abrPolicy';
import { AUDIO_ONLY_RUNG, DEFAULT_LADDER, validateLadder, type Rung } from './ladder';
import { ABR_MODES, type AbrMode } from './planEncodings';
import type { SenderParametersRegistry } from './sharedSenderParameters';
import type { TileSizeRegistry } from './TileSizeRegistry';

/** Options for {@link BitrateController}. */
export interface BitrateControllerOptions {
  /** Default `'balanced'`. */
  readonly mode?: AbrMode;
  /** From best to worst. Default `DEFAULT_LADDER`. */
  readonly ladder?: readonly Rung[];
  /** Add `AUDIO_ONLY_RUNG` below the ladder: video stops on a link too poor for any picture. Default `false`. */
  readonly audioOnly?: boolean;
  /** The best rung allowed, by index or id; `null` for none. */
  readonly maxRung?: number | string | null;
  /** The rung to start on, by index or id. Default: the best allowed. */
  readonly initialRung?: number | string;
  /** Thresholds of the policy (see `DEFAULT_ABR_POLICY`). */
  readonly policy?: Partial<AbrPolicy>;
  /**
   * Receiver-driven hints, with a `PeerSession` that has a data channel: cap each video at the
   * other side's largest visible tile, and report this side's tiles to it. Default `true`.
   */
  readonly hints?: boolean;
  /** Milliseconds between stats samples (the collector is shared with other rtckit hooks). Default 1000. */
  readonly intervalMs?: number;
  /**
   * Milliseconds between quick reads of the bandwidth estimate between samples (one sender's
   * `getStats()`), so that a collapsing link is acted on within a fraction of a second rather than
   * a tick or two later, while the queue it fills freezes the picture (see `decideOnEstimate`).
   * `0` turns the quick reads off. Default 250.
   */
  readonly watchIntervalMs?: number;
  readonly clock?: Clock;
  /**
   * Where each sender's one owner of its encodings is kept (see `SenderParameters`). Default:
   * the page's, shared with every `PeerSession`, so key-frame restarts queue behind the
   * controller's changes.
   */
  readonly senderParameters?: SenderParametersRegistry;
  /**
   * Where this side's tiles report their sizes, for the hints sent to the other side (see
   * `VideoTile`'s `tileSizes`). Default: the page's, `sharedTileSizes()`. Read when the hints start.
   */
  readonly tileSizes?: TileSizeRegistry;
  /** Called with every failure, e.g. a `setParameters` the browser refused. */
  readonly onError?: (error: RtcKitError) => void;
}

/** The ladder `options` ask for, checked, with the audio-only rung below it when `audioOnly` is on. */
export function ladderOf(options: BitrateControllerOptions): readonly Rung[] {
  const ladder = options.ladder ?? DEFAULT_LADDER;
  return validateLadder(options.audioOnly ? [...ladder, AUDIO_ONLY_RUNG] : ladder);
}

/** Milliseconds between quick reads of the estimate when `watchIntervalMs` is not given. */
export const DEFAULT_WATCH_INTERVAL_MS = 250;

/** @throws {RtcKitError} `'invalid-option'` unless `ms` is a number of milliseconds ≥ 0 (or absent). */
export function checkWatchInterval(ms: number | undefined): void {
  if (ms === undefined || (Number.isFinite(ms) && ms >= 0)) return;
  throw new AbrKitError('invalid-option', {
    detail: `watchIntervalMs must be a number of milliseconds ≥ 0 (0 turns the quick reads off), got ${printable(ms)}.`,
  });
}

/** @throws {RtcKitError} `'invalid-option'` unless `mode` is one of `ABR_MODES`. */
export function checkMode(mode: AbrMode): AbrMode {
  if (!ABR_MODES.includes(mode)) {
    throw new AbrKitError('invalid-option', {
      detail: `mode must be one of ${ABR_MODES.join(', ')}, got ${JSON.stringify(mode)}.`,
    });
  }
  return mode;
}
