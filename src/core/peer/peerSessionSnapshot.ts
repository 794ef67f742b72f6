import type { RtcKitError } from '../errors';

/** Who ended the session. */
export type PeerClosedBy = 'local' | 'remote';

/** What a {@link PeerSession} holds right now. Replaced, never mutated, when something changes. */
export interface PeerSessionSnapshot {
  /** The current connection; `null` before the session starts or when its configuration is invalid. */
  readonly pc: RTCPeerConnection | null;
  readonly connectionState: RTCPeerConnectionState;
  readonly iceConnectionState: RTCIceConnectionState;
  readonly signalingState: RTCSignalingState;
  /** Every track the other peer sends, in one stream; a new stream whenever that set changes. */
  readonly remoteStream: MediaStream | null;
  /** The session's data channel, when the `dataChannel` option is on. */
  readonly dataChannel: RTCDataChannel | null;
  readonly dataChannelState: RTCDataChannelState | null;
  /** Whether this side gives way on glare (resolved when `polite` is `'auto'`). */
  readonly polite: boolean;
  /** Set when the session was closed here (`close()`) or by the other side (it sent `bye`). */
  readonly closedBy: PeerClosedBy | null;
  /** The last failure that affected the connection (invalid configuration, failed negotiation). */
  readonly error: RtcKitError | null;
}

/** A session that has not started yet. */
export const NOT_STARTED: PeerSessionSnapshot = {
  pc: null,
  connectionState: 'new',
  iceConnectionState: 'new',
  signalingState: 'stable',
  remoteStream: null,
  dataChannel: null,
  dataChannelState: null,
  polite: true,
  closedBy: null,
  error: null,
};

/** What a session reports once its connection is gone (with `closedBy` beside it). */
export const CLOSED = {
  connectionState: 'closed',
  iceConnectionState: 'closed',
  signalingState: 'closed',
  remoteStream: null,
  dataChannelState: 'closed',
} as const satisfies Partial<PeerSessionSnapshot>;

/** The three states of `pc`, as the snapshot holds them. */
export function statesOf(
  pc: RTCPeerConnection,
): Pick<PeerSessionSnapshot, 'connectionState' | 'iceConnectionState' | 'signalingState'> {
  return {
    connectionState: pc.connectionState ?? fromIceState(pc.iceConnectionState),
    iceConnectionState: pc.iceConnectionState,
    signalingState: pc.signalingState,
  };
}

/** For implementations without `connectionState`. */
function fromIceState(state: RTCIceConnectionState): RTCPeerConnectionState {
  return state === 'checking' ? 'connecting' : state === 'completed' ? 'connected' : state;
}
