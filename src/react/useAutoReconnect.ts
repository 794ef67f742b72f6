import { useMemo, useSyncExternalStore } from 'react';
import type { PeerSession } from '../core/peer/PeerSession';
import type { ReconnectablePeer } from '../core/reconnect/reconnectablePeer';
import { Reconnector } from '../core/reconnect/Reconnector';
import type { ReconnectorOptions } from '../core/reconnect/reconnectorOptions';
import { IDLE_RECONNECT_SNAPSHOT, type ReconnectSnapshot } from '../core/reconnect/reconnectSnapshot';
import { noSubscription } from './internal/noSubscription';
import { useEngine } from './internal/useEngine';

/** What {@link useAutoReconnect} watches: `usePeerConnection`'s result, a `PeerSession`, or any {@link ReconnectablePeer}. */
export type AutoReconnectPeer = { readonly session: PeerSession } | ReconnectablePeer | null | undefined;

/** Options for {@link useAutoReconnect}: those of `Reconnector`. Pass stable `signaling` and `network` objects. */
export type UseAutoReconnectOptions = ReconnectorOptions;

/** What {@link useAutoReconnect} returns. */
export interface UseAutoReconnectResult extends ReconnectSnapshot {
  /** Tries again now (after `failed`, or to skip the wait), with the backoff reset. */
  readonly retryNow: () => void;
}

const idleSnapshot = () => IDLE_RECONNECT_SNAPSHOT;
const noRetry = () => {};

/**
 * Keeps a call alive: `{ state: 'connected' | 'reconnecting' | 'failed' | 'idle', attempt,
 * nextRetryInMs, reason, retryNow, … }` for the peer from `usePeerConnection`, which it brings
 * back after network drops (ICE restart after a grace period, a new connection when that does not
 * work, pauses while offline, gives up after 60 s) — see `Reconnector` for the rules. A rebuilt
 * connection shows up as a new `pc` in `usePeerConnection`'s result; nothing else changes for the
 * app. Use it once per peer (pass the result down, e.g. to `ConnectionStatus`).
 *
 * @example
 * ```tsx
 * function Call({ signaling }: { signaling: Signaling }) {
 *   const media = useLocalMedia();
 *   const peer = usePeerConnection({ signaling, localStream: media.stream });
 *   const reconnect = useAutoReconnect(peer);
 *   return (
 *     <>
 *       <VideoTile stream={peer.remoteStream} label="Them" />
 *       <ConnectionStatus status={reconnect} />
 *     </>
 *   );
 * }
 * ```
 */
export function useAutoReconnect(
  peer: AutoReconnectPeer,
  options: UseAutoReconnectOptions = {},
): UseAutoReconnectResult {
  const target: ReconnectablePeer | null = peer ? ('session' in peer ? peer.session : peer) : null;
  // One reconnector per peer; creating it starts nothing (it works only while subscribed).
  const reconnector = useEngine(
    () => (target ? new Reconnector(target, options) : null),
    [target],
    (unit) => unit?.setOptions(options),
  );
  const snapshot = useSyncExternalStore(
    reconnector?.subscribe ?? noSubscription,
    reconnector?.getSnapshot ?? idleSnapshot,
    idleSnapshot,
  );
  return useMemo(() => ({ ...snapshot, retryNow: reconnector?.retryNow ?? noRetry }), [snapshot, reconnector]);
}
