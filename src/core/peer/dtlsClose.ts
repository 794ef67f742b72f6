/**
 * Watches one connection's DTLS transports for the other side closing its connection: a
 * transport that closes while ours is open means it sent a DTLS close_notify — as good as a
 * `bye`, and it works without signaling.
 */
export class DtlsCloseWatch {
  readonly #pc: RTCPeerConnection;
  readonly #watched = new WeakSet<RTCDtlsTransport>();

  constructor(pc: RTCPeerConnection) {
    this.#pc = pc;
  }

  /** Starts watching the transports `pc` has now (call again when it has new ones); `signal` stops it. */
  watch(signal: AbortSignal, onClosed: () => void): void {
    const pc = this.#pc;
    const transports = new Set<RTCDtlsTransport>();
    for (const { transport } of [...pc.getSenders(), ...pc.getReceivers()]) if (transport) transports.add(transport);
    if (pc.sctp?.transport) transports.add(pc.sctp.transport);
    for (const transport of transports) {
      if (this.#watched.has(transport)) continue;
      this.#watched.add(transport);
      transport.addEventListener(
        'statechange',
        () => {
          if (transport.state === 'closed') onClosed();
        },
        { signal },
      );
    }
  }
}
