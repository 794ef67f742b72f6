import { FakeMediaStream } from './FakeMediaStream';
import { FakeMediaStreamTrack } from './FakeMediaStreamTrack';
import type { FakePermissions } from './FakePermissions';

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
  /** Granted when a capture succeeds and denied when one is refused, as a browser's prompt would. */
  readonly permissions?: FakePermissions;
  /**
   * List devices without ids and labels until a capture succeeds, as browsers do before access is
   * granted. Default `false`.
   */
  readonly hideUntilGranted?: boolean;
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
  /** Every `getDisplayMedia` request, in order. */
  readonly displayRequests: DisplayMediaStreamOptions[] = [];
  #devices: readonly FakeDevice[];
  #failure: CaptureFailureName | null;
  #displayFailure: CaptureFailureName | 'InvalidStateError' | null = null;
  #paused: { promise: Promise<void>; resume: () => void } | null = null;
  readonly #permissions: FakePermissions | undefined;
  #hidden: boolean;

  constructor(init: FakeMediaDevicesInit = {}) {
    super();
    this.#devices = init.devices ?? DEFAULT_DEVICES;
    this.#failure = init.failWith ?? null;
    this.#permissions = init.permissions;
    this.#hidden = init.hideUntilGranted ?? false;
  }

  async getUserMedia(constraints: MediaStreamConstraints = {}): Promise<MediaStream> {
    this.requests.push(constraints);
    await this.#paused?.promise;
    const kinds = (['video', 'audio'] as const).filter((kind) => constraints[kind]);
    if (this.#failure === 'NotAllowedError') {
      for (const kind of kinds) this.#permissions?.set(kind === 'video' ? 'camera' : 'microphone', 'denied');
    }
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
    this.#hidden = false;
    for (const kind of kinds) this.#permissions?.set(kind === 'video' ? 'camera' : 'microphone', 'granted');
    return new FakeMediaStream(tracks as unknown as MediaStreamTrack[]) as unknown as MediaStream;
  }

  /**
   * Shares a fake screen (a video track labelled `'Fake screen'`), or rejects as set by
   * {@link failDisplayWith}. End the share as the browser's "Stop sharing" button does with
   * `track.simulateEnded()`.
   */
  async getDisplayMedia(options: DisplayMediaStreamOptions = {}): Promise<MediaStream> {
    this.displayRequests.push(options);
    await this.#paused?.promise;
    if (this.#displayFailure === 'InvalidStateError') {
      throw new DOMException('getDisplayMedia must be called from a user gesture handler.', 'InvalidStateError');
    }
    if (this.#displayFailure) throw captureFailure(this.#displayFailure);
    const track = new FakeMediaStreamTrack('video', {
      label: 'Fake screen',
      deviceId: 'screen:0',
      width: 1280,
      height: 720,
    });
    this.tracks.push(track);
    return new FakeMediaStream([track as unknown as MediaStreamTrack]) as unknown as MediaStream;
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.#devices.map((device) => {
      const info = this.#hidden ? { ...device, deviceId: '', label: '' } : device;
      return {
        ...info,
        groupId: info.groupId ?? '',
        toJSON() {
          return info;
        },
      };
    }) as MediaDeviceInfo[];
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

  /** From now on, reject every `getDisplayMedia` with this error (`NotAllowedError` is the user cancelling). */
  failDisplayWith(name: CaptureFailureName | 'InvalidStateError' | null): void {
    this.#displayFailure = name;
  }

  /** Replaces the device list and fires `devicechange`. */
  setDevices(devices: readonly FakeDevice[]): void {
    this.#devices = devices;
    this.dispatchEvent(new Event('devicechange'));
  }

  /** Unplugs a device: its live tracks end (with `ended`), then it leaves the list (`devicechange`). */
  unplug(deviceId: string): void {
    for (const track of this.liveTracks()) if (track.getSettings().deviceId === deviceId) track.simulateEnded();
    this.setDevices(this.#devices.filter((device) => device.deviceId !== deviceId));
  }

  /** Plugs a device in: it joins the list (`devicechange`). */
  plug(device: FakeDevice): void {
    this.setDevices([...this.#devices.filter((listed) => listed.deviceId !== device.deviceId), device]);
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
