import { browserCodecCapabilities, isRepairCodec, type CodecCapabilities, type CodecKind } from './codecCapabilities';
import { codecName } from './orderCodecs';

/** One codec a browser offers. */
export interface CodecInfo {
  /** The name the `codecs` option takes, e.g. `'VP9'`, `'opus'`. */
  readonly name: string;
  /** E.g. `'video/VP9'`. */
  readonly mimeType: string;
}

/** The codecs of one direction, per kind. */
export interface CodecsByKind {
  readonly audio: readonly CodecInfo[];
  readonly video: readonly CodecInfo[];
}

/** What {@link listCodecs} returns: what this browser can send and what it can receive. */
export interface CodecList {
  readonly send: CodecsByKind;
  readonly receive: CodecsByKind;
}

/**
 * The codecs this browser can send and receive, each once (a codec listed with several profiles,
 * such as H264, appears once), in the browser's order. Repair and redundancy codecs (`rtx`, `red`,
 * `ulpfec`, `flexfec`) are left out: they carry no media of their own and are not something to
 * choose. SSR-safe: empty lists where `RTCRtpSender` / `RTCRtpReceiver` are undefined. The lists
 * never change while a page lives.
 *
 * Use it to build a codec picker, or to keep a `codecs` preference to what the browser has (a
 * name it has neither for sending nor receiving is a `'codec-unsupported'` error).
 *
 * @example
 * ```ts
 * const { send, receive } = listCodecs();
 * const canAv1 = send.video.some((c) => c.name === 'AV1') && receive.video.some((c) => c.name === 'AV1');
 * const session = new PeerSession({ signaling, codecs: { video: canAv1 ? ['AV1', 'VP9'] : ['VP9'] } });
 * ```
 */
export function listCodecs(capabilities: CodecCapabilities = browserCodecCapabilities): CodecList {
  const of = (direction: 'send' | 'receive', kind: CodecKind) => distinct(capabilities(direction, kind));
  return {
    send: { audio: of('send', 'audio'), video: of('send', 'video') },
    receive: { audio: of('receive', 'audio'), video: of('receive', 'video') },
  };
}

function distinct(codecs: readonly RTCRtpCodec[]): CodecInfo[] {
  const seen = new Set<string>();
  const out: CodecInfo[] = [];
  for (const codec of codecs) {
    const key = codec.mimeType.toLowerCase();
    if (seen.has(key) || isRepairCodec(codec)) continue;
    seen.add(key);
    out.push({ name: codecName(codec), mimeType: codec.mimeType });
  }
  return out;
}
