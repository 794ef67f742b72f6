import type { VideoSizeHint } from '../peer/controlMessage';
import type { TileSize } from './planEncodings';

/** The other side's tile sizes by media id, as its hints say. */
export type ReceiverHints = ReadonlyMap<string, TileSize>;

/** No hints (yet, or any more). */
export const NO_RECEIVER_HINTS: ReceiverHints = new Map();

/**
 * The hints of one `video-hints` message (or of `setReceiverHints`) by media id.
 *
 * @example
 * ```ts
 * receiverHintsOf([{ mid: '1', width: 320, height: 180, visible: true }]).get('1'); // { width: 320, height: 180, visible: true }
 * ```
 */
export function receiverHintsOf(hints: readonly VideoSizeHint[]): ReceiverHints {
  return new Map(hints.map(({ mid, width, height, visible }) => [mid, { width, height, visible }]));
}

/**
 * The other side's tile for what `sender` sends on `pc`: the hint for its transceiver's media id.
 *
 * @example
 * ```ts
 * tileOf(pc, sender, hints); // { width: 320, height: 180, visible: true }, or null
 * ```
 */
export function tileOf(pc: RTCPeerConnection | null, sender: RTCRtpSender, hints: ReceiverHints): TileSize | null {
  if (hints.size === 0) return null;
  const mid = pc?.getTransceivers().find((transceiver) => transceiver.sender === sender)?.mid;
  return (mid && hints.get(mid)) || null;
}
