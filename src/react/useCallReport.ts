import { useMemo, useSyncExternalStore } from 'react';
import type { PeerSession } from '../core/peer/PeerSession';
import { CallReporter } from '../core/report/CallReporter';
import type { CallReporterOptions, CallReporterSnapshot } from '../core/report/callReporterOptions';
import type { CallSummary } from '../core/report/callReportTypes';
import { downloadSupportDump } from '../core/report/SupportDump';
import { noSubscription } from './internal/noSubscription';
import { useEngine } from './internal/useEngine';

/** What {@link useCallReport} reports on: a connection, a session, or `usePeerConnection()`'s result. */
export type CallReportTarget = RTCPeerConnection | PeerSession | { readonly session: PeerSession };

/**
 * Options for {@link useCallReport}: those of `CallReporter`. Pass `abr` and `reconnect` as what
 * `useAdaptiveBitrate` and `useAutoReconnect` return. Make a `fetchSink` / `beaconSink` once
 * (outside the component or in `useState`), not inline: its queue lives in it. A callback may be inline.
 */
export type UseCallReportOptions = CallReporterOptions;

/** What {@link useCallReport} returns: the reporter's snapshot and its controls. */
export interface UseCallReportResult extends CallReporterSnapshot {
  /** Saves the support dump (JSON Lines: raw redacted stats of the last minutes, and the reports) as a file. Call it from a click. */
  readonly downloadSupportDump: (filename?: string) => void;
  /** The support dump as text, to attach to a ticket yourself. */
  readonly supportDump: () => string;
  /** Ends the call's report now (the summary goes to the sink); unmounting does it too. */
  readonly end: () => CallSummary | null;
  /** The engine unit, or `null` without a target. */
  readonly reporter: CallReporter | null;
}

const IDLE: CallReporterSnapshot = /* @__PURE__ */ Object.freeze({
  state: 'idle',
  callId: '',
  latest: null,
  summary: null,
  reports: 0,
});
const idleSnapshot = () => IDLE;
const noDump = () => '';
const noEnd = () => null;

/**
 * Reports a call while mounted: a compact report every `intervalMs` (10 s by default) — quality
 * level, score and MOS, bitrate, loss, RTT, jitter, freezes, ABR rung, reconnects, route type,
 * browser — and an end-of-call summary on unmount (time in each quality level, MOS mean and
 * minimum, freezes, reconnects and their durations, time on each rung, time to first frame), to
 * your `sink`, with IP addresses and candidate details redacted. It reads the stats polling the
 * other hooks share (no `getStats()` of its own) and follows a session across reconnections. See
 * `CallReporter`.
 *
 * @example
 * ```tsx
 * const sink = beaconSink('/api/call-reports'); // once, outside the component
 *
 * function Call({ signaling }: { signaling: Signaling }) {
 *   const media = useLocalMedia();
 *   const peer = usePeerConnection({ signaling, localStream: media.stream });
 *   const abr = useAdaptiveBitrate(peer);
 *   const reconnect = useAutoReconnect(peer);
 *   const report = useCallReport(peer, { sink, abr, reconnect });
 *   return (
 *     <>
 *       <VideoTile stream={peer.remoteStream} label="Them" />
 *       <button onClick={() => report.downloadSupportDump()}>Download support dump</button>
 *     </>
 *   );
 * }
 * ```
 */
export function useCallReport(
  target: CallReportTarget | null | undefined,
  options: UseCallReportOptions = {},
): UseCallReportResult {
  const source = target && 'session' in target ? target.session : (target ?? null);
  // One reporter per call; creating it starts nothing (it reports only while subscribed).
  const reporter = useEngine(
    () => (source ? new CallReporter(source, options) : null),
    [source],
    (unit) => unit?.setOptions(options),
  );
  const snapshot = useSyncExternalStore(
    reporter?.subscribe ?? noSubscription,
    reporter?.getSnapshot ?? idleSnapshot,
    idleSnapshot,
  );
  return useMemo(() => {
    const supportDump = reporter ? () => reporter.supportDump() : noDump;
    return {
      ...snapshot,
      supportDump,
      downloadSupportDump: (filename?: string) =>
        downloadSupportDump(supportDump(), filename ?? `rtckit-call-${snapshot.callId || 'none'}.jsonl`),
      end: reporter ? () => reporter.end() : noEnd,
      reporter,
    };
  }, [snapshot, reporter]);
}
