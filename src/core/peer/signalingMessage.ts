import type { RtcKitError } from '../errors';
import { PeerKitError } from './peerErrors';
import { isRecord } from './isRecord';

/** A JSON value, as app messages carry it. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An offer or an answer; the only description types that travel between peers. */
export interface SignalingDescription {
  readonly type: 'offer' | 'answer';
  readonly sdp: string;
}

/** An ICE candidate as `RTCIceCandidate.toJSON()` gives it. */
export interface SignalingCandidate {
  readonly candidate: string;
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
  readonly usernameFragment?: string | null;
}

/**
 * Everything a {@link Signaling} channel carries between two peers:
 * - `description`: an offer or answer; `for` names the receiver's connection it belongs to (the SDP
 *   session id of the receiver's last description the sender applied), so one meant for a
 *   connection the receiver has since replaced is recognised as stale;
 * - `candidate`: a trickled ICE candidate (`null` = end of candidates);
 * - `hello`: sent when a session starts (`id` breaks politeness ties, `reply` answers another hello,
 *   `restart` says the sender replaced its connection, so the receiver must start afresh too);
 * - `bye`: the other side closed its session;
 * - `key-frames`: the other side restarted its video from a key frame after trouble and asks for
 *   the same (a side whose own connection never looked broken would not know to);
 * - `app`: any JSON your app sends alongside (chat before the call connects, mute state, …).
 */
export type SignalingMessage =
  | { readonly type: 'description'; readonly description: SignalingDescription; readonly for?: string }
  | { readonly type: 'candidate'; readonly candidate: SignalingCandidate | null }
  | { readonly type: 'hello'; readonly id?: string; readonly reply?: boolean; readonly restart?: boolean }
  | { readonly type: 'bye' }
  | { readonly type: 'key-frames' }
  | { readonly type: 'app'; readonly data: JsonValue };

/** The `type` of a {@link SignalingMessage}. */
export type SignalingMessageType = SignalingMessage['type'];

/**
 * The default cap on one incoming message: 64 KiB of UTF-8.
 *
 * @example
 * ```ts
 * new PeerSession({ signaling, maxMessageBytes: 2 * MAX_SIGNALING_MESSAGE_BYTES }); // many tracks
 * ```
 */
export const MAX_SIGNALING_MESSAGE_BYTES = 64 * 1024;

/** Options for {@link validateSignalingMessage}. */
export interface ValidateSignalingMessageOptions {
  /** Messages larger than this many bytes of UTF-8 JSON are rejected. Default {@link MAX_SIGNALING_MESSAGE_BYTES}. */
  readonly maxBytes?: number;
}

/** What {@link validateSignalingMessage} returns: the clean message, or why it was rejected. */
export type SignalingValidation =
  { readonly ok: true; readonly message: SignalingMessage } | { readonly ok: false; readonly error: RtcKitError };

// RFC 8839 §5.1: candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
// followed by name/value pairs. Single spaces only, so no line break can be smuggled into the SDP.
const CANDIDATE =
  /^candidate:[A-Za-z0-9+/]{1,32} [0-9]{1,3} [A-Za-z]{1,16} [0-9]{1,10} [A-Za-z0-9.:%_-]{1,255} ([0-9]{1,5}) typ [A-Za-z]{1,16}((?: [A-Za-z0-9.:%_+/-]{1,255} [A-Za-z0-9.:%_+/-]{1,255})*)$/;
// RFC 5888 identification-tag is a token.
const MID = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
// RFC 8839 ice-char.
const UFRAG = /^[A-Za-z0-9+/]{1,256}$/;
const HELLO_ID = /^[A-Za-z0-9_-]{1,64}$/;
// RFC 8866 sess-id is digits; accept any short token other stacks may use.
const SESSION_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_CANDIDATE_LENGTH = 1024;

class Rejection extends Error {}

const reject = (reason: string): never => {
  throw new Rejection(reason);
};

/**
 * Checks a message that arrived over signaling before anything acts on it: its size, that it is
 * JSON of one of the {@link SignalingMessage} shapes, that an SDP starts with `v=0`, that a
 * candidate is a well-formed `candidate:` line (no line breaks that could inject SDP). Never
 * throws: a bad message comes back as an {@link RtcKitError} with code `'invalid-signaling-message'`.
 * Unknown fields are dropped from the result, so nothing unchecked reaches `RTCPeerConnection`.
 *
 * @example
 * ```ts
 * const result = validateSignalingMessage(event.data);
 * if (result.ok) handle(result.message);
 * else console.warn(result.error.message);
 * ```
 */
export function validateSignalingMessage(
  raw: unknown,
  options: ValidateSignalingMessageOptions = {},
): SignalingValidation {
  const maxBytes = options.maxBytes ?? MAX_SIGNALING_MESSAGE_BYTES;
  try {
    const value = typeof raw === 'string' ? parseJson(raw, maxBytes) : checkObjectSize(raw, maxBytes);
    return { ok: true, message: toMessage(value) };
  } catch (cause) {
    const detail = cause instanceof Rejection ? cause.message : 'It could not be read.';
    return { ok: false, error: new PeerKitError('invalid-signaling-message', { detail, cause: raw }) };
  }
}

function parseJson(text: string, maxBytes: number): unknown {
  checkSize(text, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return reject('It is not valid JSON.');
  }
}

function checkObjectSize(value: unknown, maxBytes: number): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    reject('It cannot be serialised as JSON.');
  }
  if (text === undefined) return reject('It is not a JSON object.');
  checkSize(text, maxBytes);
  // Round-trip, so that only plain JSON (no prototypes, getters or functions) goes further.
  return JSON.parse(text) as unknown;
}

function checkSize(text: string, maxBytes: number): void {
  // A UTF-16 code unit is at most 3 bytes of UTF-8, and at least 1: count bytes only when it matters.
  const bytes = text.length * 3 <= maxBytes ? text.length : utf8Length(text);
  if (bytes > maxBytes) reject(`It is larger than ${maxBytes} bytes.`);
}

function utf8Length(text: string): number {
  if (text.length > 4 * 1024 * 1024) return Infinity;
  return new TextEncoder().encode(text).length;
}

function toMessage(value: unknown): SignalingMessage {
  if (!isRecord(value)) return reject('It is not a JSON object.');
  const { type } = value;
  switch (type) {
    case 'description':
      return { type, description: toDescription(value.description), ...toFor(value.for) };
    case 'candidate':
      return { type, candidate: value.candidate === null ? null : toCandidate(value.candidate) };
    case 'hello':
      return toHello(value);
    case 'bye':
    case 'key-frames':
      return { type };
    case 'app':
      if (!('data' in value) || value.data === undefined) return reject('An app message has no data.');
      return { type, data: value.data as JsonValue };
    default:
      return reject(
        typeof type === 'string'
          ? `Its type "${type.slice(0, 32)}" is not one of description, candidate, hello, bye, key-frames, app.`
          : 'It has no type.',
      );
  }
}

function toDescription(value: unknown): SignalingDescription {
  if (!isRecord(value)) return reject('A description message has no description object.');
  const { type, sdp } = value;
  if (type !== 'offer' && type !== 'answer') return reject('A description must be an offer or an answer.');
  if (typeof sdp !== 'string') return reject('A description has no SDP string.');
  if (!/^v=0\r?\n/.test(sdp)) return reject('The SDP does not start with v=0.');
  return { type, sdp };
}

function toFor(value: unknown): { readonly for?: string } {
  if (value === undefined) return {};
  if (typeof value !== 'string' || !SESSION_ID.test(value))
    return reject('A description has an invalid "for" session id.');
  return { for: value };
}

function toCandidate(value: unknown): SignalingCandidate {
  if (!isRecord(value)) return reject('A candidate message has no candidate object.');
  const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = value;
  if (typeof candidate !== 'string') return reject('A candidate has no candidate string.');
  if (candidate !== '') checkCandidateLine(candidate);
  if (sdpMid !== undefined && sdpMid !== null && (typeof sdpMid !== 'string' || !MID.test(sdpMid))) {
    reject('A candidate has an invalid sdpMid.');
  }
  if (
    sdpMLineIndex !== undefined &&
    sdpMLineIndex !== null &&
    (typeof sdpMLineIndex !== 'number' ||
      !Number.isInteger(sdpMLineIndex) ||
      sdpMLineIndex < 0 ||
      sdpMLineIndex > 65535)
  ) {
    reject('A candidate has an invalid sdpMLineIndex.');
  }
  if ((sdpMid ?? null) === null && (sdpMLineIndex ?? null) === null) {
    reject('A candidate names neither sdpMid nor sdpMLineIndex.');
  }
  if (
    usernameFragment !== undefined &&
    usernameFragment !== null &&
    (typeof usernameFragment !== 'string' || !UFRAG.test(usernameFragment))
  ) {
    reject('A candidate has an invalid usernameFragment.');
  }
  return {
    candidate,
    sdpMid: (sdpMid as string | null | undefined) ?? null,
    sdpMLineIndex: (sdpMLineIndex as number | null | undefined) ?? null,
    ...(usernameFragment == null ? {} : { usernameFragment: usernameFragment as string }),
  };
}

function checkCandidateLine(line: string): void {
  if (line.length > MAX_CANDIDATE_LENGTH) reject('A candidate line is too long.');
  const match = CANDIDATE.exec(line);
  if (!match) return reject('A candidate line is not of the form "candidate:… typ …".');
  const port = Number(match[1]);
  if (port > 65535) reject('A candidate port is out of range.');
}

function toHello(value: Record<string, unknown>): SignalingMessage {
  const { id, reply, restart } = value;
  if (id !== undefined && (typeof id !== 'string' || !HELLO_ID.test(id))) reject('A hello has an invalid id.');
  if (reply !== undefined && typeof reply !== 'boolean') reject('A hello has an invalid reply flag.');
  if (restart !== undefined && typeof restart !== 'boolean') reject('A hello has an invalid restart flag.');
  return {
    type: 'hello',
    ...(id === undefined ? {} : { id: id as string }),
    ...(reply === undefined ? {} : { reply: reply as boolean }),
    ...(restart === undefined ? {} : { restart: restart as boolean }),
  };
}
