// The candidate pair a real connection is using, read from the browser's own stats (not rtckit's).

/** The candidate types and transports of a selected candidate pair, as the browser reports them. */
export interface SelectedPairTypes {
  readonly local: string;
  readonly remote: string;
  /** The local candidate's transport to the peer (`udp`, `tcp`). */
  readonly protocol: string;
  /** For a relay candidate, its transport to the TURN server; otherwise undefined. */
  readonly relayProtocol: string | undefined;
}

/** The pair `pc`'s transport selected, per its `getStats()`. */
export async function selectedPair(pc: RTCPeerConnection): Promise<SelectedPairTypes> {
  const stats = await pc.getStats();
  let pairId: string | undefined;
  stats.forEach((s: { type: string; selectedCandidatePairId?: string }) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  const pair = stats.get(pairId!) as RTCIceCandidatePairStats;
  const local = stats.get(pair.localCandidateId);
  const remote = stats.get(pair.remoteCandidateId);
  return {
    local: local.candidateType,
    remote: remote.candidateType,
    protocol: local.protocol,
    relayProtocol: local.relayProtocol,
  };
}
