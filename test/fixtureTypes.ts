// The shape of the recorded getStats fixtures in test/fixtures/stats/, written by
// `npm run record:fixtures` (test/record/statsFixtures.record.ts) and read by unit tests and the benchmark.

/** One stats object as `JSON.stringify` gives it: `id`, `type`, `timestamp` and the type's fields. */
export type RecordedStats = { readonly id: string; readonly type: string; readonly timestamp: number } & Record<
  string,
  unknown
>;

/** One tick: every stats object of one `getStats()` call, and the connection state at that moment. */
export interface RecordedTick {
  /** The network condition applied while this report was taken (a key of {@link StatsFixture.conditions}). */
  readonly condition: string;
  readonly connectionState: RTCPeerConnectionState;
  readonly stats: readonly RecordedStats[];
}

/** A recording of both peers of one loopback call. */
export interface StatsFixture {
  readonly name: string;
  readonly description: string;
  readonly userAgent: string;
  readonly intervalMs: number;
  /** What each condition applied through CDP (`latencyMs`, `kbps`, `lossPercent`). */
  readonly conditions: Readonly<Record<string, { latencyMs?: number; kbps?: number; lossPercent?: number }>>;
  readonly sender: readonly RecordedTick[];
  readonly receiver: readonly RecordedTick[];
}
