import type { RtcKitError } from '../errors';
import { messageOf } from '../errors';
import { PeerKitError } from './peerErrors';
import { validateCodecPreferences, type CodecPreferences } from '../codecs/codecPreferences';
import { validateIceServers } from '../ice/validateIceServers';

/**
 * Whether two configurations say the same thing, compared field by field: arrays and plain
 * objects by their contents, anything else (an `RTCCertificate`) by identity. A field that is
 * `undefined` counts as absent, and no configuration is the empty one, so `setOptions` with an
 * equal but new object (a render's inline literal) does not call `setConfiguration`.
 */
export function sameRtcConfiguration(a: RTCConfiguration | undefined, b: RTCConfiguration | undefined): boolean {
  return sameValue(a ?? {}, b ?? {}, 0);
}

/** Deeper than any real configuration: beyond it (a cycle) two values count as different. */
const MAX_DEPTH = 16;

function sameValue(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameValue(item, b[i], depth + 1))
    );
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameValue(a[key], b[key], depth + 1));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A new connection for `config`, its `iceServers` validated first ({@link validateIceServers}) and
 * the session's `codecs` with them ({@link validateCodecPreferences}): the problems found when it
 * cannot be made (invalid servers, codecs this browser lacks, no WebRTC, a configuration the
 * browser refuses).
 */
export function createPeerConnection(
  config: RTCConfiguration,
  Connection: (new (configuration?: RTCConfiguration) => RTCPeerConnection) | undefined,
  codecs?: CodecPreferences,
): RTCPeerConnection | { readonly problems: readonly RtcKitError[] } {
  const problems = [...validateIceServers(config.iceServers), ...validateCodecPreferences(codecs)];
  if (problems.length) return { problems };
  if (typeof Connection !== 'function') return { problems: [new PeerKitError('webrtc-unsupported')] };
  try {
    return new Connection(config);
  } catch (cause) {
    return { problems: [new PeerKitError('invalid-rtc-config', { cause, detail: messageOf(cause) })] };
  }
}

/**
 * Applies `config` to a live connection with `setConfiguration`, its `iceServers` validated
 * first; returns the problems found (none when it was applied).
 */
export function applyRtcConfiguration(pc: RTCPeerConnection, config: RTCConfiguration | undefined): RtcKitError[] {
  const problems = validateIceServers(config?.iceServers);
  if (problems.length) return problems;
  try {
    pc.setConfiguration(config ?? {});
    return [];
  } catch (cause) {
    return [new PeerKitError('invalid-rtc-config', { cause, detail: messageOf(cause) })];
  }
}
