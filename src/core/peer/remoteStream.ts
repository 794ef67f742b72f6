/**
 * The tracks the other peer sends on one connection, assembled into the one stream the snapshot
 * shows. A receiver counts once its `track` event fired, while its track is live and its
 * transceiver receives (an inactive or send-only one does not).
 */
export class RemoteTracks {
  readonly #announced = new WeakSet<RTCRtpReceiver>();

  /** Records a receiver whose `track` event fired. */
  announce(receiver: RTCRtpReceiver): void {
    this.#announced.add(receiver);
  }

  /**
   * The stream of every track `pc` receives now: `current` itself when it holds exactly those
   * tracks, a new stream when the set changed, `null` when there is none.
   */
  streamOf(pc: RTCPeerConnection, current: MediaStream | null): MediaStream | null {
    const tracks = pc
      .getTransceivers()
      .filter(
        (t) =>
          this.#announced.has(t.receiver) &&
          t.receiver.track.readyState === 'live' &&
          (t.currentDirection === null || t.currentDirection === 'sendrecv' || t.currentDirection === 'recvonly'),
      )
      .map((t) => t.receiver.track);
    const unchanged =
      (current?.getTracks().length ?? 0) === tracks.length &&
      tracks.every((track) => current?.getTrackById(track.id) === track);
    if (unchanged) return current;
    return tracks.length ? new MediaStream(tracks) : null;
  }
}
