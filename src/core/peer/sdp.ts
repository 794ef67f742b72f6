// Reading the few SDP fields rtckit needs to tell connections and ICE generations apart.

/** The o= line's session id: one per RTCPeerConnection, so it tells a replaced connection's descriptions apart. */
export function sessionIdOf(sdp: string): string | null {
  return /^o=\S+ (\S+) /m.exec(sdp)?.[1] ?? null;
}

/** The o= line's session id and version: the same for a re-sent description, new for every new one. */
export function originOf(sdp: string): string | null {
  return /^o=\S+ (\S+ \S+)/m.exec(sdp)?.[1] ?? null;
}

/** Every ICE username fragment in `sdp`, in order (one per media section, or one at session level). */
export function ufragsOf(sdp: string): string[] {
  return [...sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)].map((match) => match[1]!);
}
