/** The part of a codec capability that ordering and matching look at. */
export interface CodecLike {
  /** `'video/VP9'`, `'audio/opus'`. */
  readonly mimeType: string;
}

/**
 * The codec name of a mimeType: its subtype (`'video/VP9'` → `'VP9'`). Names are matched
 * case-insensitively, as mimeTypes are.
 *
 * @example
 * ```ts
 * codecName({ mimeType: 'audio/opus' }); // 'opus'
 * ```
 */
export function codecName(codec: CodecLike): string {
  const slash = codec.mimeType.indexOf('/');
  return slash < 0 ? codec.mimeType : codec.mimeType.slice(slash + 1);
}

/**
 * `codecs` reordered by `preference`: the codecs whose name is the first preferred name, in their
 * given order (a name such as `'H264'` matches every profile the browser lists), then those of the
 * second name, and so on; then every other codec in the order given. Nothing is dropped — repair
 * and redundancy codecs (`rtx`, `red`, `ulpfec`, `flexfec`) stay in the list, as without them a
 * connection loses retransmission and FEC — so the other side can still pick a codec this side did
 * not name. Names match case-insensitively; a name matching nothing is skipped.
 *
 * @example
 * ```ts
 * const codecs = RTCRtpReceiver.getCapabilities('video')?.codecs ?? [];
 * transceiver.setCodecPreferences(orderCodecs(codecs, ['VP9', 'VP8']));
 * ```
 */
export function orderCodecs<C extends CodecLike>(codecs: readonly C[], preference: readonly string[]): C[] {
  const rankOf = new Map<string, number>();
  preference.forEach((name, rank) => {
    const key = name.toLowerCase();
    if (!rankOf.has(key)) rankOf.set(key, rank);
  });
  const preferred: { codec: C; rank: number; index: number }[] = [];
  const rest: C[] = [];
  codecs.forEach((codec, index) => {
    const rank = rankOf.get(codecName(codec).toLowerCase());
    if (rank === undefined) rest.push(codec);
    else preferred.push({ codec, rank, index });
  });
  preferred.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return [...preferred.map(({ codec }) => codec), ...rest];
}
