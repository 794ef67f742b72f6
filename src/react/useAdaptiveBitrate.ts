import { useMemo, useSyncExternalStore } from 'react';
import {
  BitrateController,
  type AdaptiveBitrateSnapshot,
  type BitrateControllerOptions,
} from '../core/abr/BitrateController';
import { IDLE_ABR_SNAPSHOT } from '../core/abr/abrSnapshot';
import type { AbrMode } from '../core/abr/planEncodings';
import type { PlayoutDelayPolicy } from '../core/abr/playoutDelay';
import { PlayoutDelayGuard, type PlayoutDelaySnapshot } from '../core/abr/PlayoutDelayGuard';
import type { PeerSession } from '../core/peer/PeerSession';
import { noSubscription } from './internal/noSubscription';
import { useEngine } from './internal/useEngine';

/** Options for {@link useAdaptiveBitrate}: those of `BitrateController`, and the receiving half. */
export interface UseAdaptiveBitrateOptions extends BitrateControllerOptions {
  /**
   * The receiving half, opt-in: while the video this connection receives loses packets, ask its
   * receivers for about one round trip of playout delay (`RTCRtpReceiver.jitterBufferTarget`), so
   * retransmissions land before their frame is due instead of freezing it (see `PlayoutDelayGuard`).
   * It adds that latency (at most 400 ms by default) only while loss lasts. `true` for the default
   * thresholds, or thresholds of your own. Default `false`.
   */
  readonly playoutDelay?: boolean | Partial<PlayoutDelayPolicy>;
}

/** What {@link useAdaptiveBitrate} returns: the controller's snapshot and its controls. */
export interface UseAdaptiveBitrateResult extends AdaptiveBitrateSnapshot {
  /**
   * The playout delay asked of this connection's video receivers while they lose packets, ms
   * (see the `playoutDelay` option); `null` when none is asked.
   */
  readonly playoutDelayMs: number | null;
  /** Switches mode; `'off'` puts back the encodings the senders had. */
  readonly setMode: (mode: AbrMode) => void;
  /** Caps the rungs used (an index or id); `null` lifts the cap. */
  readonly setMaxRung: (rung: number | string | null) => void;
  /** The engine unit, or `null` without a connection. */
  readonly controller: BitrateController | null;
}

/** What {@link useAdaptiveBitrate} controls: a connection, a session, or `usePeerConnection()`'s result. */
export type AdaptiveBitrateTarget = RTCPeerConnection | PeerSession | { readonly session: PeerSession };

const NO_DELAY: PlayoutDelaySnapshot = { targetMs: null, supported: true };
const noop = () => {};

const isSession = (source: RTCPeerConnection | PeerSession | null): source is PeerSession =>
  typeof (source as PeerSession | null)?.onControlMessage === 'function';

/**
 * Adaptive bitrate for the video a connection sends: picks a rung of a resolution × frame rate ×
 * bitrate ladder from the connection's stats once per second and applies it with
 * `setParameters` (see `BitrateController` and `decide`). Given a session (or
 * `usePeerConnection()`'s result) with `dataChannel: true`, it also caps the video at the other
 * side's largest visible tile (tiles opt in with `<VideoTile reportSize />`) and reports this side's
 * tiles. With `playoutDelay: true` it also guards the video this side receives: while it loses
 * packets, the receivers hold frames about one round trip longer so retransmissions arrive in time
 * (a `PlayoutDelayGuard` on the current connection, while the mode is not `'off'`). Runs while
 * mounted; on unmount the senders get back the encodings they had.
 *
 * @example
 * ```tsx
 * function Call({ signaling }: { signaling: Signaling }) {
 *   const media = useLocalMedia();
 *   const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true });
 *   const abr = useAdaptiveBitrate(peer, { playoutDelay: true });
 *   return (
 *     <>
 *       <VideoTile stream={peer.remoteStream} label="Them" reportSize />
 *       <p>Sending {abr.rung?.id ?? '—'} ({abr.reason})</p>
 *       <button onClick={() => abr.setMode('maintain-resolution')}>Sharing slides</button>
 *     </>
 *   );
 * }
 * ```
 */
export function useAdaptiveBitrate(
  target: AdaptiveBitrateTarget | null | undefined,
  options: UseAdaptiveBitrateOptions = {},
): UseAdaptiveBitrateResult {
  const source = target && 'session' in target ? target.session : (target ?? null);
  // A new connection or session means a new controller; constructing one starts nothing.
  const controller = useEngine(
    () => (source ? new BitrateController(source, options) : null),
    [source],
    (unit) => unit?.setOptions(options),
  );
  const snapshot = useSyncExternalStore(
    controller ? controller.subscribe : noSubscription,
    controller ? controller.getSnapshot : () => IDLE_ABR_SNAPSHOT,
    controller ? controller.getSnapshot : () => IDLE_ABR_SNAPSHOT,
  );

  // The receiving half follows the session to its current connection, as the controller does.
  const session = isSession(source) ? source : null;
  const sessionPc = useSyncExternalStore(
    session ? session.subscribe : noSubscription,
    () => session?.getSnapshot().pc ?? null,
    () => null,
  );
  const pc = session ? sessionPc : (source as RTCPeerConnection | null);
  const { playoutDelay, intervalMs } = options;
  const guarded = playoutDelay && snapshot.mode !== 'off' ? pc : null;
  const policy = playoutDelay === true ? undefined : playoutDelay || undefined;
  const guard = useEngine(
    () => (guarded ? new PlayoutDelayGuard(guarded, { intervalMs, policy }) : null),
    [guarded, intervalMs],
    (unit) => unit?.setPolicy(policy),
  );
  const delay = useSyncExternalStore(
    guard ? guard.subscribe : noSubscription,
    guard ? guard.getSnapshot : () => NO_DELAY,
    guard ? guard.getSnapshot : () => NO_DELAY,
  );

  return useMemo(
    () => ({
      ...snapshot,
      playoutDelayMs: delay.targetMs,
      setMode: controller ? controller.setMode : noop,
      setMaxRung: controller ? controller.setMaxRung : noop,
      controller,
    }),
    [snapshot, delay, controller],
  );
}
