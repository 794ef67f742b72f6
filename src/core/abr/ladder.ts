// The ladder a BitrateController climbs: each rung caps resolution, frame rate and bitrate together.
import { AbrKitError } from './abrErrors';

/**
 * One step of the quality ladder. Resolution is given as a target height: the controller turns it
 * into `scaleResolutionDownBy` from the size the camera actually delivers (a 640×480 camera on a
 * 360p rung is scaled down by 480 / 360). A rung with `height: 0` sends no video at all (audio only).
 */
export interface Rung {
  /** A name to show and to pick the rung by, e.g. `'720p30'`. Unique within the ladder. */
  readonly id: string;
  /** The tallest picture this rung sends, in pixels; `0` turns video off (audio only). */
  readonly height: number;
  /** Frames per second at most (`maxFramerate`). */
  readonly maxFramerate: number;
  /** Bits per second at most (`maxBitrate`), per video sender. */
  readonly maxBitrate: number;
}

/**
 * The default ladder, from 720p at 30 fps down to 180p at a low frame rate. Bitrates are VP8/H.264
 * figures for camera video; each rung needs about half its `maxBitrate` to look right, and the
 * rungs are far enough apart that stepping up needs clearly more bandwidth than stepping down frees.
 *
 * @example
 * ```ts
 * new BitrateController(pc, { ladder: DEFAULT_LADDER.slice(1) }); // never above 540p
 * ```
 */
export const DEFAULT_LADDER: readonly Rung[] = /* @__PURE__ */ Object.freeze([
  { id: '720p30', height: 720, maxFramerate: 30, maxBitrate: 2_500_000 },
  { id: '540p30', height: 540, maxFramerate: 30, maxBitrate: 1_500_000 },
  { id: '360p30', height: 360, maxFramerate: 30, maxBitrate: 800_000 },
  { id: '270p30', height: 270, maxFramerate: 30, maxBitrate: 450_000 },
  { id: '180p30', height: 180, maxFramerate: 30, maxBitrate: 250_000 },
  { id: '180p15', height: 180, maxFramerate: 15, maxBitrate: 150_000 },
  { id: '180p8', height: 180, maxFramerate: 8, maxBitrate: 90_000 },
]);

/**
 * The optional last rung: no video, so the audio keeps going on a link too poor for any picture.
 *
 * @example
 * ```ts
 * new BitrateController(pc, { ladder: [...DEFAULT_LADDER, AUDIO_ONLY_RUNG] });
 * ```
 */
export const AUDIO_ONLY_RUNG: Rung = /* @__PURE__ */ Object.freeze({
  id: 'audio-only',
  height: 0,
  maxFramerate: 0,
  maxBitrate: 0,
});

/**
 * Whether a rung sends no video.
 *
 * @example
 * ```ts
 * isAudioOnly(AUDIO_ONLY_RUNG); // true
 * ```
 */
export function isAudioOnly(rung: Rung): boolean {
  return rung.height === 0;
}

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/**
 * Checks a ladder and returns it frozen: at least one video rung, ordered from best to worst
 * (height, frame rate and bitrate never grow going down), unique ids, and an audio-only rung only
 * at the end.
 *
 * @throws {RtcKitError} `'invalid-ladder'`, naming the first problem.
 * @example
 * ```ts
 * const ladder = validateLadder([
 *   { id: 'hd', height: 720, maxFramerate: 30, maxBitrate: 2_000_000 },
 *   { id: 'sd', height: 360, maxFramerate: 24, maxBitrate: 600_000 },
 * ]);
 * ```
 */
export function validateLadder(ladder: readonly Rung[]): readonly Rung[] {
  const fail = (detail: string): never => {
    throw new AbrKitError('invalid-ladder', { detail });
  };
  if (!Array.isArray(ladder) || ladder.length === 0) fail('The ladder must be a non-empty array of rungs.');
  const ids = new Set<string>();
  ladder.forEach((rung, index) => {
    const name = `Rung ${index}`;
    if (typeof rung !== 'object' || rung === null) fail(`${name} is not an object.`);
    if (typeof rung.id !== 'string' || rung.id === '') fail(`${name} has no id.`);
    if (ids.has(rung.id)) fail(`Rung id "${rung.id}" is used twice.`);
    ids.add(rung.id);
    if (isAudioOnly(rung)) {
      if (index !== ladder.length - 1) fail(`The audio-only rung "${rung.id}" must be the last one.`);
      if (index === 0) fail('The ladder needs at least one video rung.');
      return;
    }
    if (!positive(rung.height)) fail(`Rung "${rung.id}" needs a positive height (or 0 for audio only).`);
    if (!positive(rung.maxFramerate)) fail(`Rung "${rung.id}" needs a positive maxFramerate.`);
    if (!positive(rung.maxBitrate)) fail(`Rung "${rung.id}" needs a positive maxBitrate.`);
    const above = ladder[index - 1];
    if (
      above &&
      (rung.height > above.height || rung.maxFramerate > above.maxFramerate || rung.maxBitrate > above.maxBitrate)
    ) {
      fail(`Rung "${rung.id}" asks for more than "${above.id}" above it; order the ladder from best to worst.`);
    }
    if (above && rung.maxBitrate === above.maxBitrate) {
      fail(`Rung "${rung.id}" has the same maxBitrate as "${above.id}"; each step down must save bandwidth.`);
    }
  });
  return Object.freeze([...ladder.map((rung) => Object.freeze({ ...rung }))]);
}

/**
 * The index of the best rung worth using for a picture `sourceHeight` pixels tall: rungs taller than
 * the source would all send the source as it is, so only the smallest of them counts.
 */
export function topRungFor(ladder: readonly Rung[], sourceHeight: number | undefined): number {
  if (sourceHeight === undefined || !(sourceHeight > 0)) return 0;
  let top = 0;
  for (let i = 0; i < ladder.length; i++) {
    const rung = ladder[i]!;
    if (isAudioOnly(rung) || rung.height < sourceHeight) break;
    top = i;
  }
  return top;
}

/**
 * The index of the rung a user cap names (an index or a rung id), or `0` for no cap.
 * @throws {RtcKitError} `'invalid-option'` for an id or index the ladder does not have.
 */
export function rungIndex(ladder: readonly Rung[], rung: number | string | null | undefined): number {
  if (rung === null || rung === undefined) return 0;
  const index = typeof rung === 'number' ? rung : ladder.findIndex((r) => r.id === rung);
  if (!Number.isInteger(index) || index < 0 || index >= ladder.length) {
    throw new AbrKitError('invalid-option', { detail: `maxRung ${JSON.stringify(rung)} is not a rung of the ladder.` });
  }
  return index;
}
