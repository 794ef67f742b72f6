// The two functions @peermetrics/webrtc-stats runs on every getStats() report. They are not exported
// from its package entry, so the benchmark build aliases `peermetrics-parser` to its source file
// (bench/tsup.config.ts); these are their signatures, as the source declares them.
declare module 'peermetrics-parser' {
  export interface ParsedStats {
    readonly video: { readonly inbound: readonly unknown[]; readonly outbound: readonly unknown[] };
    readonly audio: { readonly inbound: readonly unknown[]; readonly outbound: readonly unknown[] };
  }
  export function map2obj(stats: unknown): Record<string, unknown>;
  export function parseStats(
    stats: unknown,
    previousStats: ParsedStats | null,
    options?: { remote?: boolean } | null,
  ): ParsedStats;
}
