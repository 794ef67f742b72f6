import { useMemo, useSyncExternalStore } from 'react';
import { PeerSession, type PeerSessionOptions, type PeerSessionSnapshot } from '../core/peer/PeerSession';
import type { Signaling } from '../core/peer/Signaling';
import { useEngine } from './internal/useEngine';

/** Options for {@link usePeerConnection}. */
export interface UsePeerConnectionOptions extends Omit<PeerSessionOptions, 'signaling' | 'localStream'> {
  /** How to reach the other peer. A different object starts a new session. */
  readonly signaling: Signaling;
  /** The tracks to send, e.g. `useLocalMedia().stream`. Changes are applied with `replaceTrack` where possible. */
  readonly localStream?: MediaStream | null;
}

/** What {@link usePeerConnection} returns: the session snapshot, the session, and its controls. */
export interface UsePeerConnectionResult extends PeerSessionSnapshot {
  /** The engine unit, for anything the hook does not expose. */
  readonly session: PeerSession;
  readonly restartIce: () => void;
  readonly close: () => void;
  readonly sendData: PeerSession['sendData'];
  readonly sendAppMessage: PeerSession['sendAppMessage'];
}

/**
 * One side of a call, connected over `signaling` with perfect negotiation: either side may add,
 * replace or remove tracks at any time. Changing `localStream` (say `useLocalMedia` turning the
 * camera off) replaces tracks on the existing senders without renegotiating when it can. The
 * connection is created on mount and closed on unmount (StrictMode-safe); the other side then
 * reports `connectionState: 'closed'` with `closedBy: 'remote'`.
 *
 * @example
 * ```tsx
 * function Call({ signaling }: { signaling: Signaling }) {
 *   const media = useLocalMedia();
 *   const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true });
 *   return (
 *     <>
 *       <VideoTile stream={media.stream} local label="You" />
 *       <VideoTile stream={peer.remoteStream} label={`Them (${peer.connectionState})`} />
 *       <button onClick={peer.close}>Hang up</button>
 *     </>
 *   );
 * }
 * ```
 */
export function usePeerConnection(options: UsePeerConnectionOptions): UsePeerConnectionResult {
  // A new signaling object means a new session; constructing one is free (the connection is only
  // created on subscription), so an instance React throws away leaks nothing.
  const session = useEngine(
    () => new PeerSession(options),
    [options.signaling],
    (unit) => unit.setOptions(options),
  );
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  return useMemo(
    () => ({
      ...snapshot,
      session,
      restartIce: session.restartIce,
      close: session.close,
      sendData: session.sendData,
      sendAppMessage: session.sendAppMessage,
    }),
    [snapshot, session],
  );
}
