import { messageOf, printable, type RtcKitError } from '../errors';
import { PeerKitError } from '../peer/peerErrors';
import {
  browserCodecCapabilities,
  codecPreferencesSupported,
  type CodecCapabilities,
  type CodecKind,
} from './codecCapabilities';
import { listCodecs } from './listCodecs';
import { codecName, orderCodecs } from './orderCodecs';

/**
 * The codecs a session prefers to receive, per kind, most preferred first: names as in a mimeType's
 * subtype (`'VP9'`, `'AV1'`, `'H264'`, `'opus'`), case-insensitive. A kind left out keeps the
 * browser's own order.
 */
export interface CodecPreferences {
  readonly audio?: readonly string[];
  readonly video?: readonly string[];
}

const KINDS: readonly CodecKind[] = ['audio', 'video'];

/** What {@link validateCodecPreferences} checks against. */
export interface CodecCheckOptions {
  /** The browser's codecs; default the running browser's. */
  readonly capabilities?: CodecCapabilities;
  /** Whether preferences can be applied at all; default: whether `setCodecPreferences` exists. */
  readonly canPrefer?: boolean;
}

/**
 * The problems of a `codecs` option: `'invalid-option'` when it is not an object of string lists
 * per kind (an unknown kind, a list that is not an array, an empty name), and `'codec-unsupported'`
 * for each name this browser can neither send nor receive. Where preferences cannot be applied
 * (no `setCodecPreferences`), or the browser lists no codecs of a kind (it cannot tell), names are
 * not checked, as the option is skipped there.
 *
 * @example
 * ```ts
 * validateCodecPreferences({ video: ['VP9', 'XYZ'] }); // [RtcKitError 'codec-unsupported' naming XYZ]
 * ```
 */
export function validateCodecPreferences(value: unknown, options: CodecCheckOptions = {}): RtcKitError[] {
  if (value === undefined) return [];
  const invalid = (detail: string) => [new PeerKitError('invalid-option', { detail: `codecs: ${detail}` })];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(`expected an object such as { video: ['VP9', 'VP8'] }, got ${describe(value)}.`);
  }
  const record = value as Record<string, unknown>;
  const unknownKind = Object.keys(record).find((key) => !(KINDS as readonly string[]).includes(key));
  if (unknownKind !== undefined) return invalid(`"${unknownKind}" is not a kind; use "audio" and "video".`);
  for (const kind of KINDS) {
    const list = record[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return invalid(`${kind} must be an array of codec names, got ${describe(list)}.`);
    const bad = (list as unknown[]).findIndex((name) => typeof name !== 'string' || name.trim() === '');
    if (bad >= 0) return invalid(`${kind}[${bad}] must be a codec name such as "VP9", got ${describe(list[bad])}.`);
  }

  if (!(options.canPrefer ?? codecPreferencesSupported())) return [];
  const capabilities = options.capabilities ?? browserCodecCapabilities;
  const problems: RtcKitError[] = [];
  for (const kind of KINDS) {
    const names = (record[kind] as readonly string[] | undefined) ?? [];
    const known = [...capabilities('send', kind), ...capabilities('receive', kind)];
    if (!names.length || !known.length) continue;
    const knownNames = new Set(known.map((codec) => codecName(codec).toLowerCase()));
    for (const name of names) {
      if (knownNames.has(name.toLowerCase())) continue;
      problems.push(new PeerKitError('codec-unsupported', { detail: unsupportedDetail(name, kind, capabilities) }));
    }
  }
  return problems;
}

function unsupportedDetail(name: string, kind: CodecKind, capabilities: CodecCapabilities): string {
  const { send, receive } = listCodecs(capabilities);
  const names = [...new Set([...send[kind], ...receive[kind]].map((codec) => codec.name))];
  const article = kind === 'audio' ? 'an' : 'a';
  return `"${name}" is not ${article} ${kind} codec this browser has; it can send or receive ${names.join(', ') || 'none'}.`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : printable(value);
}

/**
 * Applies `preferences` to every transceiver of `pc` with `setCodecPreferences`: the browser's
 * receive codecs reordered by {@link orderCodecs} for a kind with a list, the browser's own order
 * (an empty list) for a kind without one. Called right before each local description, as it
 * shapes the offer or answer being made — and with it what this side receives: each side chooses
 * what it is sent. Does nothing without `preferences`, or where `setCodecPreferences` is missing;
 * a transceiver that refuses the list is reported and keeps the browser's order.
 *
 * @example
 * ```ts
 * applyCodecPreferences(pc, { video: ['VP9'] }, (error) => console.warn(error));
 * await pc.setLocalDescription();
 * ```
 */
export function applyCodecPreferences(
  pc: RTCPeerConnection,
  preferences: CodecPreferences | undefined,
  report: (error: RtcKitError) => void,
  capabilities: CodecCapabilities = browserCodecCapabilities,
): void {
  if (!preferences) return;
  for (const transceiver of pc.getTransceivers?.() ?? []) {
    const kind = transceiver.receiver?.track?.kind;
    if (kind !== 'audio' && kind !== 'video') continue;
    if (typeof transceiver.setCodecPreferences !== 'function' || transceiver.currentDirection === 'stopped') continue;
    const preference = preferences[kind];
    try {
      transceiver.setCodecPreferences(preference?.length ? orderCodecs(capabilities('receive', kind), preference) : []);
    } catch (cause) {
      report(
        new PeerKitError('negotiation-failed', {
          cause,
          detail: `Setting the ${kind} codec preferences: ${messageOf(cause)}`,
        }),
      );
    }
  }
}
