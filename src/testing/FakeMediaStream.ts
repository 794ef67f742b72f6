let nextId = 1;

/**
 * A `MediaStream` for jsdom tests. Like the real one, `addTrack`/`removeTrack` called by script
 * fire no events; `simulateAddTrack` / `simulateRemoveTrack` fire them, as a remote peer's changes do.
 *
 * @example
 * ```ts
 * const stream = new FakeMediaStream([new FakeMediaStreamTrack('video')]);
 * stream.getVideoTracks().length; // 1
 * ```
 */
export class FakeMediaStream extends EventTarget {
  readonly id = `fake-stream-${nextId++}`;
  #tracks: MediaStreamTrack[];

  constructor(tracksOrStream: readonly MediaStreamTrack[] | MediaStream = []) {
    super();
    this.#tracks = Array.isArray(tracksOrStream) ? [...tracksOrStream] : (tracksOrStream as MediaStream).getTracks();
  }

  get active(): boolean {
    return this.#tracks.some((track) => track.readyState === 'live');
  }

  getTracks(): MediaStreamTrack[] {
    return [...this.#tracks];
  }

  getVideoTracks(): MediaStreamTrack[] {
    return this.#tracks.filter((track) => track.kind === 'video');
  }

  getAudioTracks(): MediaStreamTrack[] {
    return this.#tracks.filter((track) => track.kind === 'audio');
  }

  getTrackById(id: string): MediaStreamTrack | null {
    return this.#tracks.find((track) => track.id === id) ?? null;
  }

  addTrack(track: MediaStreamTrack): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track);
  }

  removeTrack(track: MediaStreamTrack): void {
    this.#tracks = this.#tracks.filter((held) => held !== track);
  }

  clone(): FakeMediaStream {
    return new FakeMediaStream(this.#tracks.map((track) => track.clone()));
  }

  /** Adds a track and fires `addtrack`, as when a remote peer adds one. */
  simulateAddTrack(track: MediaStreamTrack): void {
    this.addTrack(track);
    this.dispatchEvent(Object.assign(new Event('addtrack'), { track }));
  }

  /** Removes a track and fires `removetrack`, as when a remote peer removes one. */
  simulateRemoveTrack(track: MediaStreamTrack): void {
    this.removeTrack(track);
    this.dispatchEvent(Object.assign(new Event('removetrack'), { track }));
  }
}
