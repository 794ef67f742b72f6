let nextId = 1;

/** Options for {@link FakeMediaStreamTrack}. */
export interface FakeMediaStreamTrackInit {
  readonly label?: string;
  readonly deviceId?: string;
  /** Reported by `getSettings()`; for video tracks. */
  readonly facingMode?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A `MediaStreamTrack` for jsdom tests. Behaves as the spec says where it matters to rtckit:
 * `stop()` ends the track without an `ended` event, `simulateEnded()` ends it as an unplugged
 * device would (with the event), and `simulateMute()` / `simulateUnmute()` fire `mute` / `unmute`.
 *
 * @example
 * ```ts
 * const track = new FakeMediaStreamTrack('video', { label: 'Front camera', facingMode: 'user' });
 * track.simulateEnded(); // readyState 'ended', 'ended' event fired
 * ```
 */
export class FakeMediaStreamTrack extends EventTarget {
  readonly kind: 'audio' | 'video';
  readonly id = `fake-track-${nextId++}`;
  readonly label: string;
  enabled = true;
  muted = false;
  readyState: MediaStreamTrackState = 'live';
  contentHint = '';
  readonly #settings: MediaTrackSettings;

  constructor(kind: 'audio' | 'video', init: FakeMediaStreamTrackInit = {}) {
    super();
    this.kind = kind;
    this.label = init.label ?? (kind === 'video' ? 'Fake camera' : 'Fake microphone');
    const deviceId = init.deviceId ?? `fake-${kind}-device`;
    this.#settings =
      kind === 'video'
        ? { deviceId, width: init.width ?? 640, height: init.height ?? 480, facingMode: init.facingMode }
        : { deviceId };
  }

  stop(): void {
    this.readyState = 'ended';
  }

  getSettings(): MediaTrackSettings {
    return { ...this.#settings };
  }

  getConstraints(): MediaTrackConstraints {
    return {};
  }

  getCapabilities(): MediaTrackCapabilities {
    return {};
  }

  async applyConstraints(): Promise<void> {}

  clone(): FakeMediaStreamTrack {
    return new FakeMediaStreamTrack(this.kind, { label: this.label, ...this.#settings });
  }

  /** Ends the track as the browser does when its device is unplugged: `ended` fires. */
  simulateEnded(): void {
    if (this.readyState === 'ended') return;
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }

  /** Mutes the track as the browser does when no frames arrive: `mute` fires. */
  simulateMute(): void {
    this.muted = true;
    this.dispatchEvent(new Event('mute'));
  }

  /** Unmutes the track: `unmute` fires. */
  simulateUnmute(): void {
    this.muted = false;
    this.dispatchEvent(new Event('unmute'));
  }
}
