import { useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  BitrateController,
  type AdaptiveBitrateSnapshot,
  type BitrateControllerOptions,
} from '../core/abr/BitrateController';
import { DEFAULT_LADDER } from '../core/abr/ladder';
import type { AbrMode } from '../core/abr/planEncodings';
import type { PeerSession } from '../core/peer/PeerSession';
import { noSubscription } from './internal/noSubscription';

/** Options for {@link useAdaptiveBitrate}: those of `BitrateController`. */
export type UseAdaptiveBitrateOptions = BitrateControllerOptions;

/** What {@link useAdaptiveBitrate} returns: the controller's snapshot and its controls. */
export interface UseAdaptiveBitrateResult extends AdaptiveBitrateSnapshot {
  /** Switches mode; `'off'` puts back the encodings the senders had. */
  readonly setMode: (mode: AbrMode) => void;
  /** Caps the rungs used (an index or id); `null` lifts the cap. */
  readonly setMaxRung: (rung: number | string | null) => void;
  /** The engine unit, or `null` without a connection. */
  readonly controller: BitrateController | null;
}

/** What {@link useAdaptiveBitrate} controls: a connection, a session, or `usePeerConnection()`'s result. */
export type AdaptiveBitrateTarget = RTCPeerConnection | PeerSession | { readonly session: PeerSession };

const IDLE: AdaptiveBitrateSnapshot = {
  mode: 'balanced',
  ladder: DEFAULT_LADDER,
  rung: null,
  rungIndex: -1,
  maxRung: 0,
  reason: 'no-video',
  holding: null,
  cpuLimited: false,
  tile: null,
  applied: null,
  playoutDelayMs: null,
  error: null,
};
const noop = () => {};

/**
 * Adaptive bitrate for the video a connection sends: picks a rung of a resolution × frame rate ×
 * bitrate ladder from the connection's stats once per second and applies it with
 * `setParameters` (see `BitrateController` and `decide`). Given a session (or
 * `usePeerConnection()`'s result) with `dataChannel: true`, it also caps the video at the other
 * side's largest visible tile (tiles opt in with `<VideoTile reportSize />`) and reports this side's
 * tiles. With `playoutDelay: true` it also guards the video this side receives: while it loses
 * packets, the receivers hold frames about one round trip longer so retransmissions arrive in time
 * (see `PlayoutDelayGuard`). Runs while mounted; on unmount the senders get back the encodings they had.
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
  // eslint-disable-next-line react-hooks/exhaustive-deps -- options are pushed by the effect below
  const controller = useMemo(() => (source ? new BitrateController(source, options) : null), [source]);
  useEffect(() => {
    controller?.setOptions(options);
  });
  const snapshot = useSyncExternalStore(
    controller ? controller.subscribe : noSubscription,
    controller ? controller.getSnapshot : () => IDLE,
    controller ? controller.getSnapshot : () => IDLE,
  );
  return useMemo(
    () => ({
      ...snapshot,
      setMode: controller ? controller.setMode : noop,
      setMaxRung: controller ? controller.setMaxRung : noop,
      controller,
    }),
    [snapshot, controller],
  );
}
