import { codecName, type CodecLike } from './orderCodecs';

/** A media kind codecs are listed and preferred for. */
export type CodecKind = 'audio' | 'video';

/** Sending (`RTCRtpSender.getCapabilities`) or receiving (`RTCRtpReceiver.getCapabilities`). */
export type CodecDirection = 'send' | 'receive';

/**
 * What this browser can send or receive of a kind: `RTCRtpSender.getCapabilities(kind).codecs` or
 * `RTCRtpReceiver`'s, or an empty list where there are none (Node, SSR, an old browser). Injected
 * where codecs are checked, so tests can describe any browser.
 */
export type CodecCapabilities = (direction: CodecDirection, kind: CodecKind) => readonly RTCRtpCodec[];

interface CapabilitySource {
  getCapabilities?(kind: string): RTCRtpCapabilities | null;
}

/**
 * The running browser's codec capabilities, read from the globals on every call (nothing at import,
 * so it is SSR-safe: where `RTCRtpSender` or `RTCRtpReceiver` is undefined, the lists are empty).
 *
 * @example
 * ```ts
 * browserCodecCapabilities('receive', 'video').map((codec) => codec.mimeType); // ['video/VP8', 'video/rtx', …]
 * ```
 */
export const browserCodecCapabilities: CodecCapabilities = (direction, kind) => {
  const source = (direction === 'send' ? globalThis.RTCRtpSender : globalThis.RTCRtpReceiver) as
    CapabilitySource | undefined;
  if (typeof source?.getCapabilities !== 'function') return [];
  try {
    return source.getCapabilities(kind)?.codecs ?? [];
  } catch {
    return [];
  }
};

/**
 * Whether a codec repairs or protects another rather than carrying media itself: retransmission
 * (`rtx`), redundancy (`red`) and forward error correction (`ulpfec`, `flexfec-03`).
 *
 * @example
 * ```ts
 * isRepairCodec({ mimeType: 'video/rtx' }); // true
 * ```
 */
export function isRepairCodec(codec: CodecLike): boolean {
  const name = codecName(codec).toLowerCase();
  return name === 'rtx' || name === 'red' || name === 'ulpfec' || name.startsWith('flexfec');
}

/**
 * Whether `setCodecPreferences` exists here (Chromium, Safari, Firefox 128+). Where it does not, the
 * `codecs` option of a session is skipped: the browser's own order applies.
 *
 * @example
 * ```ts
 * if (!codecPreferencesSupported()) console.info('This browser picks codecs in its own order.');
 * ```
 */
export function codecPreferencesSupported(): boolean {
  const Transceiver = globalThis.RTCRtpTransceiver as { prototype?: object } | undefined;
  return typeof Transceiver?.prototype === 'object' && 'setCodecPreferences' in Transceiver.prototype;
}
