// Turns a rung (and a receiver's tile size) into the encodings a sender gets. Pure.
import { isAudioOnly, type Rung } from './ladder';

/**
 * How the controller trades quality away:
 * - `balanced`: resolution and frame rate both go down the ladder (camera video);
 * - `maintain-framerate`: only resolution goes down (motion matters more than detail);
 * - `maintain-resolution`: only frame rate and bitrate go down (screen share: text must stay sharp);
 * - `off`: the controller changes nothing and puts back the encodings it found.
 */
export type AbrMode = 'balanced' | 'maintain-framerate' | 'maintain-resolution' | 'off';

/**
 * The modes, in the order a picker shows them.
 *
 * @example
 * ```tsx
 * <select value={abr.mode} onChange={(e) => abr.setMode(e.target.value as AbrMode)}>
 *   {ABR_MODES.map((mode) => <option key={mode}>{mode}</option>)}
 * </select>
 * ```
 */
export const ABR_MODES: readonly AbrMode[] = /* @__PURE__ */ Object.freeze([
  'balanced',
  'maintain-framerate',
  'maintain-resolution',
  'off',
]);

/** The largest place the receiving side shows a video in, in device pixels, and whether it is on screen. */
export interface TileSize {
  readonly width: number;
  readonly height: number;
  readonly visible: boolean;
}

/** What limits the encodings a plan produced. */
export type EncodingLimit = 'ladder' | 'receiver-tile' | 'receiver-hidden' | 'audio-only';

/** Encodings for one sender, and what limited them. */
export interface EncodingPlan {
  readonly encodings: readonly RTCRtpEncodingParameters[];
  /** `undefined` keeps what the sender had. */
  readonly degradationPreference: RTCDegradationPreference | undefined;
  readonly limit: EncodingLimit;
  /** The height the plan aims at (the source's when it is not scaled), 0 when nothing is sent. */
  readonly height: number;
}

/** What {@link planEncodings} needs. */
export interface PlanEncodingsInput {
  readonly ladder: readonly Rung[];
  /** The rung whose bitrate applies. */
  readonly rung: number;
  /** A CPU cap: a rung whose resolution and frame rate apply when it is below `rung`. */
  readonly cpuCap?: number;
  readonly mode: Exclude<AbrMode, 'off'>;
  /** The size the track delivers (`track.getSettings()`); assumed to be the top rung's height when unknown. */
  readonly source?: { readonly width?: number; readonly height?: number };
  /** The encodings the sender had before the controller took over (one per simulcast layer). */
  readonly original: readonly RTCRtpEncodingParameters[];
  /** The receiving side's largest tile for this video, when it reports one. */
  readonly tile?: TileSize | null;
}

const DEGRADATION: Record<Exclude<AbrMode, 'off'>, RTCDegradationPreference | undefined> = {
  // The ladder itself balances resolution and frame rate; the browser's own default stays.
  balanced: undefined,
  'maintain-framerate': 'maintain-framerate',
  'maintain-resolution': 'maintain-resolution',
};

/**
 * The encodings for one sender on a rung: `scaleResolutionDownBy` from the source's height to the
 * rung's (never above the receiver's largest visible tile), `maxFramerate`, `maxBitrate`, and for
 * simulcast which layers are `active`. A rung with no video, or a receiver whose tiles are all
 * hidden, turns every layer off. Fields the controller does not manage (`rid`, `priority`, …) are
 * kept from `original`.
 *
 * @example
 * ```ts
 * const plan = planEncodings({ ladder: DEFAULT_LADDER, rung: 2, mode: 'balanced', source: { width: 1280, height: 720 }, original: [{}] });
 * plan.encodings[0]; // { active: true, scaleResolutionDownBy: 2, maxFramerate: 30, maxBitrate: 800000 }
 * ```
 */
export function planEncodings(input: PlanEncodingsInput): EncodingPlan {
  const { ladder, mode, original } = input;
  const layers = original.length ? original : [{}];
  const degradationPreference = DEGRADATION[mode];
  const bitrateRung = ladder[input.rung]!;
  const shapeRung = ladder[Math.max(input.rung, input.cpuCap ?? 0)]!;
  const off = (limit: EncodingLimit): EncodingPlan => ({
    encodings: layers.map((layer) => ({ ...layer, active: false })),
    degradationPreference,
    limit,
    height: 0,
  });
  if (isAudioOnly(bitrateRung) || isAudioOnly(shapeRung)) return off('audio-only');
  if (input.tile && !input.tile.visible) return off('receiver-hidden');

  const top = ladder[0]!;
  const sourceHeight = positive(input.source?.height) ? input.source.height : top.height;
  const sourceWidth = positive(input.source?.width) ? input.source.width : (sourceHeight * 16) / 9;

  let height = mode === 'maintain-resolution' ? sourceHeight : Math.min(sourceHeight, shapeRung.height);
  const framerate = mode === 'maintain-framerate' ? top.maxFramerate : shapeRung.maxFramerate;
  let bitrate = bitrateRung.maxBitrate;
  let limit: EncodingLimit = 'ladder';

  const tile = input.tile;
  if (tile && positive(tile.width) && positive(tile.height)) {
    // Enough pixels to fill the tile in both directions (`object-fit: cover`), never fewer.
    const tileHeight = sourceHeight / Math.max(1, Math.min(sourceWidth / tile.width, sourceHeight / tile.height));
    if (tileHeight < height) {
      height = tileHeight;
      limit = 'receiver-tile';
      bitrate = Math.min(bitrate, bitrateForHeight(ladder, tileHeight, framerate) ?? bitrate);
    }
  }

  const scale = Math.max(1, sourceHeight / height);
  if (layers.length === 1) {
    return {
      encodings: [
        { ...layers[0], active: true, scaleResolutionDownBy: scale, maxFramerate: framerate, maxBitrate: bitrate },
      ],
      degradationPreference,
      limit,
      height: sourceHeight / scale,
    };
  }
  return {
    encodings: simulcast(layers, sourceHeight, height, framerate, bitrate),
    degradationPreference,
    limit,
    height,
  };
}

/**
 * Simulcast: layers taller than the cap are switched off (the smallest always stays on, scaled
 * down further if even it is too tall), each layer's frame rate is capped, and the tallest layer
 * left on gets the rung's bitrate.
 */
function simulcast(
  layers: readonly RTCRtpEncodingParameters[],
  sourceHeight: number,
  height: number,
  framerate: number,
  bitrate: number,
): RTCRtpEncodingParameters[] {
  // Without an explicit scale, browsers send simulcast layers at 1/4, 1/2 and full size, smallest first.
  const scales = layers.map((layer, i) => layer.scaleResolutionDownBy ?? 2 ** (layers.length - 1 - i));
  const smallest = scales.indexOf(Math.max(...scales));
  const on = scales.map((scale, i) => sourceHeight / scale <= height * 1.01 || i === smallest);
  let tallest = smallest;
  scales.forEach((scale, i) => {
    if (on[i] && scale < scales[tallest]!) tallest = i;
  });
  return layers.map((layer, i) => {
    if (!on[i]) return { ...layer, active: false };
    const scale = Math.max(scales[i]!, sourceHeight / height, 1);
    const maxFramerate = Math.min(layer.maxFramerate ?? Infinity, framerate);
    const maxBitrate = i === tallest ? bitrate : Math.min(layer.maxBitrate ?? bitrate, bitrate);
    return { ...layer, active: true, scaleResolutionDownBy: scale, maxFramerate, maxBitrate };
  });
}

/** The bitrate of the smallest rung at least `height` tall with at least `framerate` fps. */
function bitrateForHeight(ladder: readonly Rung[], height: number, framerate: number): number | undefined {
  let bitrate: number | undefined;
  for (const rung of ladder) {
    if (isAudioOnly(rung) || rung.height < height) break;
    if (rung.maxFramerate >= framerate || bitrate === undefined) bitrate = rung.maxBitrate;
  }
  return bitrate;
}

const positive = (value: number | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;
