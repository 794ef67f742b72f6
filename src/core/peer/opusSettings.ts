// Opus encoder settings travel only in the SDP today: the fmtp parameters of the Opus payload type
// in the OTHER side's description tell this side's encoder what to do (RFC 7587 §7: `usedtx`,
// `useinbandfec`, `stereo` and `maxaveragebitrate` are the receiver's wishes, which the sender
// follows). So rtckit writes this side's settings into the remote description before applying it.
import type { RtcKitError } from '../errors';
import { PeerKitError } from './peerErrors';

/**
 * How this side encodes the Opus audio it sends. A field left out leaves the browser's default
 * (Chromium and Firefox: in-band FEC on, DTX off, mono, about 32 kbit/s for speech).
 *
 * @example
 * ```ts
 * new PeerSession({ signaling, opus: { dtx: true, maxAverageBitrate: 24_000 } });
 * ```
 */
export interface OpusSettings {
  /**
   * In-band forward error correction: each packet carries a low-bitrate copy of the one before,
   * so one lost packet is recovered instead of concealed. Default `true`: it costs a few kbit/s and
   * only when the receiver reports loss.
   */
  readonly fec?: boolean;
  /**
   * Discontinuous transmission: during silence, a comfort-noise packet every 400 ms instead of 50
   * packets a second. Saves bandwidth in calls with many quiet participants; off by default,
   * because the receiver's packet rate then falls in every pause, which a receiver that judges a
   * stream by its packets (an SFU's, or an app's own watchdog) may take for a stall.
   */
  readonly dtx?: boolean;
  /** Encode two channels (music, not speech). The browser sends stereo only from a stereo track. */
  readonly stereo?: boolean;
  /** Upper bound of the encoder's average bitrate, bit/s, 6,000–510,000 (RFC 7587). */
  readonly maxAverageBitrate?: number;
}

/**
 * The settings rtckit applies when none are given: in-band FEC on, everything else as the
 * browser has it.
 *
 * @example
 * ```ts
 * new PeerSession({ signaling, opus: { ...DEFAULT_OPUS_SETTINGS, dtx: true } });
 * ```
 */
export const DEFAULT_OPUS_SETTINGS: OpusSettings = /* @__PURE__ */ Object.freeze({ fec: true });

const FIELDS = ['fec', 'dtx', 'stereo', 'maxAverageBitrate'] as const;

/**
 * Checks `settings` and fills in the defaults; a problem is a typed `invalid-option` error that
 * names the field and what it takes.
 *
 * @example
 * ```ts
 * const checked = resolveOpusSettings({ maxAverageBitrate: 1_000_000 });
 * if ('problem' in checked) console.warn(checked.problem.message); // …6000 to 510000…
 * ```
 */
export function resolveOpusSettings(settings: unknown): { settings: OpusSettings } | { problem: RtcKitError } {
  if (settings === undefined) return { settings: DEFAULT_OPUS_SETTINGS };
  const bad = (detail: string) => ({ problem: new PeerKitError('invalid-option', { detail: `opus: ${detail}` }) });
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return bad('expected an object such as { dtx: true, maxAverageBitrate: 24000 }.');
  }
  const given = settings as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(FIELDS as readonly string[]).includes(key))
      return bad(`unknown field "${key}" (known: ${FIELDS.join(', ')}).`);
  }
  for (const key of ['fec', 'dtx', 'stereo'] as const) {
    if (given[key] !== undefined && typeof given[key] !== 'boolean') return bad(`${key} must be true or false.`);
  }
  const rate = given.maxAverageBitrate;
  if (rate !== undefined && !(Number.isInteger(rate) && (rate as number) >= 6000 && (rate as number) <= 510_000)) {
    return bad('maxAverageBitrate must be a whole number of bit/s from 6000 to 510000.');
  }
  return { settings: { ...DEFAULT_OPUS_SETTINGS, ...(given as OpusSettings) } };
}

/** fmtp parameter names, in the order they are written when added. */
const PARAMETERS: readonly [keyof OpusSettings, string][] = [
  ['fec', 'useinbandfec'],
  ['dtx', 'usedtx'],
  ['stereo', 'stereo'],
  ['maxAverageBitrate', 'maxaveragebitrate'],
];

function parameterValue(settings: OpusSettings, field: keyof OpusSettings): string | undefined {
  const value = settings[field];
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

/**
 * `sdp` with `settings` written into the fmtp line of every Opus payload type (one is added after
 * its rtpmap where there is none). Nothing else changes: not other codecs' lines (RED's
 * `a=fmtp:63 111/111` included), not the order of lines, not their line ends.
 *
 * @example
 * ```ts
 * const sdp = applyOpusSettings(remote.sdp, { dtx: true });
 * await pc.setRemoteDescription({ type: remote.type, sdp }); // this side now sends with DTX
 * ```
 */
export function applyOpusSettings(sdp: string, settings: OpusSettings): string {
  const opus = new Set<string>();
  for (const match of sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000(?:\/\d+)?\s*$/gim)) opus.add(match[1]!);
  if (opus.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const withFmtp = new Set<string>();
  const out = lines.map((line) => {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!fmtp || !opus.has(fmtp[1]!)) return line;
    withFmtp.add(fmtp[1]!);
    return `a=fmtp:${fmtp[1]} ${mergeParameters(fmtp[2]!, settings)}`;
  });
  if (withFmtp.size === opus.size) return out.join(eol);
  return out
    .flatMap((line) => {
      const rtpmap = /^a=rtpmap:(\d+) /.exec(line);
      const pt = rtpmap?.[1];
      if (pt === undefined || !opus.has(pt) || withFmtp.has(pt)) return [line];
      const parameters = mergeParameters('', settings);
      return parameters ? [line, `a=fmtp:${pt} ${parameters}`] : [line];
    })
    .join(eol);
}

/** `k=v;k=v` with the settings' parameters set, keeping every other parameter and its place. */
function mergeParameters(parameters: string, settings: OpusSettings): string {
  const pairs = parameters
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? ([part, null] as const) : ([part.slice(0, at), part.slice(at + 1)] as const);
    });
  const result = pairs.map(([name, value]) => {
    const field = PARAMETERS.find(([, parameter]) => parameter === name.toLowerCase())?.[0];
    const wanted = field ? parameterValue(settings, field) : undefined;
    return wanted === undefined ? [name, value] : [name, wanted];
  });
  for (const [field, parameter] of PARAMETERS) {
    const wanted = parameterValue(settings, field);
    if (wanted !== undefined && !pairs.some(([name]) => name.toLowerCase() === parameter))
      result.push([parameter, wanted]);
  }
  return result.map(([name, value]) => (value === null ? name : `${name}=${value}`)).join(';');
}
