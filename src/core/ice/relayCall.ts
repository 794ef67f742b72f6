// The relay loopback call: two local peers, both relay-only through the same TURN server, connect
// to each other, which proves the relay carries traffic and gives its round trip.
import { readStats, type StatsReportLike } from '../stats/readStats';

/**
 * Negotiates `caller` with `callee` in the same page, trading candidates directly; both should be
 * made with the TURN server alone and `iceTransportPolicy: 'relay'`, and carry a negotiated data
 * channel. Resolves once both descriptions are set (the connection follows on `caller`'s
 * `connectionstatechange`); `signal` stops the candidate forwarding. Internal to rtckit.
 *
 * @example
 * ```ts
 * const config = { iceServers: [turnServer], iceTransportPolicy: 'relay' } as const;
 * const [caller, callee] = [new RTCPeerConnection(config), new RTCPeerConnection(config)];
 * for (const pc of [caller, callee]) pc.createDataChannel('probe', { negotiated: true, id: 0 });
 * await callThroughRelay(caller, callee, abort.signal);
 * ```
 */
export async function callThroughRelay(
  caller: RTCPeerConnection,
  callee: RTCPeerConnection,
  signal: AbortSignal,
): Promise<void> {
  const calleeReady = forwardCandidates(caller, callee, signal);
  const callerReady = forwardCandidates(callee, caller, signal);
  await caller.setLocalDescription();
  await callee.setRemoteDescription(caller.localDescription!);
  calleeReady();
  await callee.setLocalDescription();
  await caller.setRemoteDescription(callee.localDescription!);
  callerReady();
}

/**
 * The round trip of a connection's selected candidate pair (chosen as `readStats` chooses it), in
 * milliseconds, or `null` before the browser has measured one. Internal to rtckit.
 *
 * @example
 * ```ts
 * const rttMs = await relayRoundTripMs(caller); // e.g. 0.4 through a TURN server on loopback
 * ```
 */
export async function relayRoundTripMs(pc: RTCPeerConnection): Promise<number | null> {
  const { pair } = readStats((await pc.getStats()) as unknown as StatsReportLike);
  if (pair?.currentRoundTripTime !== undefined) return pair.currentRoundTripTime * 1000;
  if (pair?.totalRoundTripTime !== undefined && pair.responsesReceived) {
    return (pair.totalRoundTripTime / pair.responsesReceived) * 1000;
  }
  return null;
}

/**
 * Sends `from`'s candidates to `to` once `to` has a remote description; returns the function that
 * says it has.
 */
function forwardCandidates(from: RTCPeerConnection, to: RTCPeerConnection, signal: AbortSignal): () => void {
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  from.addEventListener(
    'icecandidate',
    ({ candidate }) => {
      if (candidate?.candidate) void ready.then(() => to.addIceCandidate(candidate)).catch(() => {});
    },
    { signal },
  );
  return markReady;
}
