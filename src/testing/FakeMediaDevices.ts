import { FakeMediaStream } from './FakeMediaStream';
import { FakeMediaStreamTrack } from './FakeMediaStreamTrack';

/** The `DOMException` names browsers reject `getUserMedia` with, plus `TypeError`. */
export type CaptureFailureName =
  | 'NotAllowedError'
  | 'NotFoundError'
  | 'NotReadableError'
  | 'OverconstrainedError'
  | 'SecurityError'
  | 'TypeError'
  | 'AbortError'
  | 'NotSupportedError';

/** A device {@link FakeMediaDevices} lists. */
export interface FakeDevice {
  readonly kind: MediaDeviceKind;
  readonly deviceId: string;
  readonly label: string;
  readonly groupId?: string;
}

/** Options for {@link FakeMediaDevices}. */
export interface FakeMediaDevicesInit {
  /** What `enumerateDevices()` lists. Default: one camera, one microphone, one speaker. */
  readonly devices?: readonly FakeDevice[];
  /** Make every `getUserMedia` call reject with this error until {@link FakeMediaDevices.failWith} changes it. */
  readonly failWith?: CaptureFailureName | null;
}

const DEFAULT_DEVICES: readonly FakeDevice[] = [
  { kind: 'videoinput', deviceId: 'fake-camera', label: 'Fake camera' },
  { kind: 'audioinput', deviceId: 'fake-microphone', label: 'Fake microphone' },
  { kind: 'audiooutput', deviceId: 'fake-speaker', label: 'Fake speaker' },
];

/**
 * A `navigator.mediaDevices` for jsdom tests: `getUserMedia` hands out {@link FakeMediaStreamTrack}s
 * (and remembers every one, so a test can assert none is left live), or rejects with the error a
 * browser would. Requests can be paused to test what happens while capture is in flight.
 *
 * @example
 * ```ts
 * const devices = new FakeMediaDevices({ failWith: 'NotAllowedError' });
 * const media = new LocalMedia({ mediaDevices: devices });
 * // … later
 * devices.failWith(null);
 * expect(devices.liveTracks()).toHaveLength(0);
 * ```
 */
export class FakeMediaDevices extends EventTarget {
  /** Every `getUserMedia` request, in order. */
  readonly requests: MediaStreamConstraints[] = [];
  /** Every track handed out, in order. */
  readonly tracks: FakeMediaStreamTrack[] = [];
  #devices: readonly FakeDevice[];
  #failure: CaptureFailureName | null;
  #paused: { promise: Promise<void>; resume: () => void } | null = null;

  constructor(init: FakeMediaDevicesInit = {}) {
    super();
    this.#devices = init.devices ?? DEFAULT_DEVICES;
    this.#failure = init.failWith ?? null;
  }

  async getUserMedia(constraints: MediaStreamConstraints = {}): Promise<MediaStream> {
    this.requests.push(constraints);
    await this.#paused?.promise;
    if (this.#failure) throw captureFailure(this.#failure);
    if (!constraints.video && !constraints.audio)
      throw new TypeError('At least one of audio and video must be requested');
    const tracks: FakeMediaStreamTrack[] = [];
    for (const kind of ['audio', 'video'] as const) {
      const wanted = constraints[kind];
      if (!wanted) continue;
      const device = this.#deviceFor(kind, wanted);
      tracks.push(new FakeMediaStreamTrack(kind, { label: device.label, deviceId: device.deviceId }));
    }
    this.tracks.push(...tracks);
    return new FakeMediaStream(tracks as unknown as MediaStreamTrack[]) as unknown as MediaStream;
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.#devices.map((device) => ({
      ...device,
      groupId: device.groupId ?? '',
      toJSON() {
        return device;
      },
    })) as MediaDeviceInfo[];
  }

  getSupportedConstraints(): MediaTrackSupportedConstraints {
    return { deviceId: true, width: true, height: true, frameRate: true, facingMode: true };
  }

  /** Tracks handed out that nobody has stopped. */
  liveTracks(): FakeMediaStreamTrack[] {
    return this.tracks.filter((track) => track.readyState === 'live');
  }

  /** From now on, reject every `getUserMedia` with this error; `null` succeeds again. */
  failWith(name: CaptureFailureName | null): void {
    this.#failure = name;
  }

  /** Replaces the device list and fires `devicechange`. */
  setDevices(devices: readonly FakeDevice[]): void {
    this.#devices = devices;
    this.dispatchEvent(new Event('devicechange'));
  }

  /** Holds every `getUserMedia` call (new and in flight) until {@link resumeRequests}. */
  pauseRequests(): void {
    if (this.#paused) return;
    let resume = () => {};
    const promise = new Promise<void>((resolve) => (resume = resolve));
    this.#paused = { promise, resume };
  }

  /** Lets held `getUserMedia` calls finish. */
  resumeRequests(): void {
    this.#paused?.resume();
    this.#paused = null;
  }

  /** Picks the device a request gets, as browsers do: an `exact` id must exist, any other id is a preference. */
  #deviceFor(kind: 'audio' | 'video', wanted: boolean | MediaTrackConstraints): FakeDevice {
    const inputs = this.#devices.filter((device) => device.kind === (kind === 'video' ? 'videoinput' : 'audioinput'));
    const requested = typeof wanted === 'object' ? wanted.deviceId : undefined;
    const exact = typeof requested === 'object' && !Array.isArray(requested) ? requested.exact : undefined;
    const preferred =
      exact ?? (typeof requested === 'object' && !Array.isArray(requested) ? requested.ideal : requested);
    const ids = preferred === undefined ? [] : Array.isArray(preferred) ? preferred : [preferred];
    const match = inputs.find((device) => ids.includes(device.deviceId));
    if (match) return match;
    if (exact !== undefined) throw captureFailure('OverconstrainedError');
    if (!inputs[0]) throw captureFailure('NotFoundError');
    return inputs[0];
  }
}

function captureFailure(name: CaptureFailureName): Error {
  if (name === 'TypeError') return new TypeError('Invalid constraints');
  const error = new DOMException(`Fake ${name}`, name);
  return name === 'OverconstrainedError' ? Object.assign(error, { constraint: 'deviceId' }) : error;
}
