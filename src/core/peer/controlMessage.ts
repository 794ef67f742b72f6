// rtckit's own messages between two PeerSessions, carried on the session's data channel next to
// the app's data. They are JSON text starting with `{"rtckit":` and are validated like signaling.
import type { RtcKitError } from '../errors';
import { printable } from '../errors';
import { PeerKitError } from './peerErrors';
import { isRecord } from './isRecord';

/** What the receiving side of a video shows it in: its largest tile, in device pixels, and whether any is visible. */
export interface VideoSizeHint {
  /** The transceiver's media id, the same on both sides of the connection. */
  readonly mid: string;
  readonly width: number;
  readonly height: number;
  readonly visible: boolean;
}

/**
 * A message between two rtckit sessions:
 * - `video-hints`: how large the receiver shows each video it gets (the full set each time; a
 *   video not listed has no tile that reports).
 */
export type PeerControlMessage = { readonly type: 'video-hints'; readonly hints: readonly VideoSizeHint[] };

/** What {@link parsePeerControlMessage} returns for rtckit's messages; app data gives `null`. */
export type PeerControlParse =
  { readonly ok: true; readonly message: PeerControlMessage } | { readonly ok: false; readonly error: RtcKitError };

/** The wire version; a message with another version is rejected. */
const VERSION = 1;
const PREFIX = '{"rtckit":';
/** The largest control message accepted, in UTF-16 code units. */
const MAX_LENGTH = 8 * 1024;
const MAX_HINTS = 64;
const MAX_PIXELS = 65_535;
const MID = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/**
 * Whether data-channel data is an rtckit control message (and so is not handed to the app).
 *
 * @example
 * ```ts
 * isPeerControlMessage('{"rtckit":1,"type":"video-hints","hints":[]}'); // true
 * isPeerControlMessage('hello'); // false
 * ```
 */
export function isPeerControlMessage(data: unknown): data is string {
  return typeof data === 'string' && data.startsWith(PREFIX);
}

/**
 * Serialises a control message for the data channel.
 *
 * @example
 * ```ts
 * channel.send(encodePeerControlMessage({ type: 'video-hints', hints: [{ mid: '1', width: 320, height: 180, visible: true }] }));
 * ```
 */
export function encodePeerControlMessage(message: PeerControlMessage): string {
  return JSON.stringify({ rtckit: VERSION, ...message });
}

/**
 * Checks data from the data channel. App data (anything not starting with `{"rtckit":`) gives
 * `null`; an rtckit message comes back validated — version, type, at most 64 hints, each with a
 * well-formed `mid`, whole pixel sizes from 0 to 65535 and a boolean `visible` — or as an
 * {@link RtcKitError} `'invalid-peer-message'` saying what is wrong. Unknown fields are dropped.
 *
 * @example
 * ```ts
 * const parsed = parsePeerControlMessage(event.data);
 * if (parsed === null) handleAppData(event.data);
 * else if (parsed.ok) handleHints(parsed.message.hints);
 * ```
 */
export function parsePeerControlMessage(data: unknown): PeerControlParse | null {
  if (!isPeerControlMessage(data)) return null;
  const fail = (detail: string): PeerControlParse => ({
    ok: false,
    error: new PeerKitError('invalid-peer-message', { detail, cause: data.slice(0, 200) }),
  });
  if (data.length > MAX_LENGTH) return fail(`It is longer than ${MAX_LENGTH} characters.`);
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return fail('It is not valid JSON.');
  }
  if (!isRecord(value)) return fail('It is not a JSON object.');
  if (value.rtckit !== VERSION) return fail(`Its version ${printable(value.rtckit).slice(0, 16)} is not ${VERSION}.`);
  if (value.type !== 'video-hints') {
    return fail(
      typeof value.type === 'string' ? `Its type "${value.type.slice(0, 32)}" is unknown.` : 'It has no type.',
    );
  }
  const { hints } = value;
  if (!Array.isArray(hints)) return fail('A video-hints message has no hints array.');
  if (hints.length > MAX_HINTS) return fail(`It has more than ${MAX_HINTS} hints.`);
  const clean: VideoSizeHint[] = [];
  const mids = new Set<string>();
  for (const hint of hints as unknown[]) {
    if (!isRecord(hint)) return fail('A hint is not an object.');
    const { mid, width, height, visible } = hint;
    if (typeof mid !== 'string' || !MID.test(mid)) return fail('A hint has an invalid mid.');
    if (mids.has(mid)) return fail(`The mid "${mid}" has two hints.`);
    mids.add(mid);
    if (!isPixels(width) || !isPixels(height)) return fail(`The hint for mid "${mid}" has an invalid size.`);
    if (typeof visible !== 'boolean') return fail(`The hint for mid "${mid}" has no boolean visible.`);
    clean.push({ mid, width, height, visible });
  }
  return { ok: true, message: { type: 'video-hints', hints: clean } };
}

function isPixels(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PIXELS;
}
