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

/**
 * The pair `pc`'s transport selected, per its `getStats()`: named by the `transport` report
 * (Chromium, Safari) or marked `selected` on the pair itself (Firefox, which has no transport
 * report). Read here from the browser's stats, not through rtckit's readStats, so that tests can
 * check rtckit's reading against it.
 */
export async function selectedPair(pc: RTCPeerConnection): Promise<SelectedPairTypes> {
  const stats = await pc.getStats();
  let pairId: string | undefined;
  stats.forEach((s: { type: string; id: string; selectedCandidatePairId?: string; selected?: boolean }) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    if (s.type === 'candidate-pair' && s.selected === true) pairId ??= s.id;
  });
  if (pairId === undefined) throw new Error('selectedPair: the connection reports no selected candidate pair');
  const pair = stats.get(pairId) as RTCIceCandidatePairStats;
  const local = stats.get(pair.localCandidateId);
  const remote = stats.get(pair.remoteCandidateId);
  return {
    local: local.candidateType,
    remote: remote.candidateType,
    protocol: local.protocol,
    relayProtocol: local.relayProtocol,
  };
}
