import type { RtcKitError } from '../errors';
import type { AbrHoldReason, AbrState, AbrStepReason } from './abrPolicy';
import { DEFAULT_LADDER, type Rung } from './ladder';
import type { AbrMode, EncodingLimit, EncodingPlan, TileSize } from './planEncodings';

/**
 * Why the controller's video is what it is:
 * - a policy step (`'loss'`, `'severe-bandwidth'`, `'headroom'`, …, see `decide`), or `'initial'`;
 * - `'receiver-tile'` / `'receiver-hidden'`: the other side shows it small, or not at all;
 * - `'off'` (mode off), `'no-video'` (nothing to control yet).
 */
export type AbrReason = AbrStepReason | 'initial' | 'receiver-tile' | 'receiver-hidden' | 'off' | 'no-video';

/** What the first video sender is sending now, as the controller set it. */
export interface AppliedEncoding {
  readonly active: boolean;
  /** The height aimed at, in pixels (0 when off). */
  readonly height: number;
  readonly maxFramerate: number | undefined;
  readonly maxBitrate: number | undefined;
  readonly scaleResolutionDownBy: number | undefined;
}

/** What a `BitrateController` holds. Replaced, never mutated, when something changes. */
export interface AdaptiveBitrateSnapshot {
  readonly mode: AbrMode;
  /** The ladder in use (with the audio-only rung when `audioOnly` is on). */
  readonly ladder: readonly Rung[];
  /** The current rung; `null` while off or before there is a connection with video to control. */
  readonly rung: Rung | null;
  /** Its index in `ladder`, or -1. */
  readonly rungIndex: number;
  /** The index of the best rung allowed (the `maxRung` cap; 0 when there is none). */
  readonly maxRung: number;
  readonly reason: AbrReason;
  /** Why the last decision kept the rung (`null` when it changed it). */
  readonly holding: AbrHoldReason | null;
  /** Whether resolution and frame rate are lowered for the CPU (the bitrate is not). */
  readonly cpuLimited: boolean;
  /** The other side's largest tile for the first video, when it reports one. */
  readonly tile: TileSize | null;
  /** What the first video sender got from the controller. */
  readonly applied: AppliedEncoding | null;
  /** The last failure (a refused `setParameters`), cleared by the next success. */
  readonly error: RtcKitError | null;
}

/**
 * What adaptive bitrate shows with nothing to control: the default mode and ladder, no rung. A
 * controller with default options starts here; `useAdaptiveBitrate` shows it without a connection.
 *
 * @example
 * ```ts
 * IDLE_ABR_SNAPSHOT.reason; // 'no-video'
 * ```
 */
export const IDLE_ABR_SNAPSHOT: AdaptiveBitrateSnapshot = Object.freeze({
  mode: 'balanced',
  ladder: DEFAULT_LADDER,
  rung: null,
  rungIndex: -1,
  maxRung: 0,
  reason: 'no-video',
  holding: null,
  cpuLimited: false,
  tile: null,
  applied: null,
  error: null,
});

/** What the controller knows when it publishes. */
export interface AbrSnapshotInput {
  readonly mode: AbrMode;
  readonly ladder: readonly Rung[];
  readonly cap: number;
  readonly state: AbrState | null;
  readonly reason: AbrReason;
  readonly holding: AbrHoldReason | null;
  /** Whether there is a video sender under control, and its plan and tile. */
  readonly first: { readonly plan: EncodingPlan | null; readonly tile: TileSize | null } | null;
}

/**
 * The snapshot for `input`, keeping `previous.applied` (and so the snapshot's identity when
 * nothing else changed) when the applied encoding is the same, and `previous.error`.
 *
 * @example
 * ```ts
 * abrSnapshotOf(IDLE_ABR_SNAPSHOT, { mode: 'off', ladder, cap: 0, state: null, reason: 'initial', holding: null, first: null }).reason; // 'off'
 * ```
 */
export function abrSnapshotOf(previous: AdaptiveBitrateSnapshot, input: AbrSnapshotInput): AdaptiveBitrateSnapshot {
  const { mode, ladder, first } = input;
  const off = mode === 'off';
  const state = off ? null : input.state;
  const plan = off ? null : (first?.plan ?? null);
  const encoding = plan ? topLayer(plan) : undefined;
  return {
    mode,
    ladder,
    rung: state && first ? ladder[state.rung]! : null,
    rungIndex: state && first ? state.rung : -1,
    maxRung: input.cap,
    reason: off ? 'off' : !first || !state ? 'no-video' : reasonOf(plan?.limit, input.reason),
    holding: off || !first ? null : input.holding,
    cpuLimited: !!state && state.cpuCap > state.rung,
    tile: first && !off ? first.tile : null,
    applied: sameApplied(
      previous.applied,
      plan && encoding
        ? {
            active: encoding.active !== false,
            height: Math.round(plan.height),
            maxFramerate: encoding.maxFramerate,
            maxBitrate: encoding.maxBitrate,
            scaleResolutionDownBy: encoding.scaleResolutionDownBy,
          }
        : null,
    ),
    error: previous.error,
  };
}

function reasonOf(limit: EncodingLimit | undefined, reason: AbrReason): AbrReason {
  if (limit === 'receiver-hidden') return 'receiver-hidden';
  if (limit === 'receiver-tile') return 'receiver-tile';
  return reason;
}

function topLayer(plan: EncodingPlan): RTCRtpEncodingParameters | undefined {
  let best: RTCRtpEncodingParameters | undefined;
  for (const encoding of plan.encodings) {
    if (
      !best ||
      (encoding.active !== false && (encoding.scaleResolutionDownBy ?? 1) < (best.scaleResolutionDownBy ?? 1))
    )
      best = encoding;
  }
  return best;
}

/** Keeps the previous object when nothing in it changed, so the snapshot stays the same too. */
function sameApplied(before: AppliedEncoding | null, next: AppliedEncoding | null): AppliedEncoding | null {
  if (!before || !next) return next;
  const keys = Object.keys(next) as (keyof AppliedEncoding)[];
  return keys.every((key) => before[key] === next[key]) ? before : next;
}
