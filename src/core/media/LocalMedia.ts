import type { RtcKitError } from '../errors';
import { MediaKitError } from './mediaErrors';
import { EngineUnit } from '../engineUnit';
import { toCaptureError } from './captureError';
import type { DeviceManager } from './DeviceManager';
import { getLocalMedia, type UserMediaSource } from './getLocalMedia';
import { sameValue } from '../sameValue';

/** Where capture is: nothing held, asking the browser, tracks running, or failed. */
export type LocalMediaStatus = 'idle' | 'requesting' | 'live' | 'error';

/** What {@link LocalMedia} holds right now. Replaced, never mutated, when something changes. */
export interface LocalMediaSnapshot {
  /** The captured tracks; a new `MediaStream` whenever the set of tracks changes. */
  readonly stream: MediaStream | null;
  readonly status: LocalMediaStatus;
  /** Why `status` is `'error'`: the capture failed, or a device stopped on its own (`'device-lost'`). */
  readonly error: RtcKitError | null;
  /** Whether the camera should be on. Turning it off stops the camera track, so its light goes out. */
  readonly videoEnabled: boolean;
  /** Whether the microphone track is enabled (sends sound) rather than muted. */
  readonly audioEnabled: boolean;
  /**
   * Kinds whose device (or constraints) changed while muted: the switch happens on unmute, so a
   * muted microphone is never reopened behind the user's back.
   */
  readonly pendingSwitch: readonly MediaKind[];
}

/** `'audio'` or `'video'`. */
export type MediaKind = 'audio' | 'video';

/** Options for {@link LocalMedia}. */
export interface LocalMediaOptions {
  /** Camera constraints, or `false` for none. Default `true`. */
  readonly video?: boolean | MediaTrackConstraints;
  /** Microphone constraints, or `false` for none. Default `true`. */
  readonly audio?: boolean | MediaTrackConstraints;
  /** While `false`, nothing is captured. Default `true`: capture runs while someone subscribes. */
  readonly enabled?: boolean;
  /** Where to capture from; defaults to `navigator.mediaDevices`. */
  readonly mediaDevices?: UserMediaSource;
  /**
   * Capture from the devices this manager selects (unless the constraints name a `deviceId`), and
   * re-capture when the selection changes. `useLocalMedia` passes the page's shared manager.
   */
  readonly devices?: DeviceManager | null;
  /** Called with every capture failure and every device that stops on its own. */
  readonly onError?: (error: RtcKitError) => void;
}

type Kind = MediaKind;
type Wanted = Record<Kind, boolean | MediaTrackConstraints>;

interface HeldTrack {
  readonly track: MediaStreamTrack;
  /** The constraints it was captured with, so a change of constraints can be detected. */
  readonly constraints: boolean | MediaTrackConstraints;
  readonly unwatch: () => void;
}

const KINDS: readonly Kind[] = ['video', 'audio'];
const INPUT_OF = { video: 'videoinput', audio: 'audioinput' } as const;
const PERMISSION_OF = { video: 'camera', audio: 'microphone' } as const;
const NO_KINDS: readonly Kind[] = [];

const IDLE: LocalMediaSnapshot = {
  stream: null,
  status: 'idle',
  error: null,
  videoEnabled: true,
  audioEnabled: true,
  pendingSwitch: NO_KINDS,
};

/**
 * Camera and microphone capture as a subscribable store: capture starts with the first subscriber
 * and every track is stopped after the last one leaves. Stopping is deferred by a microtask, so an
 * unsubscribe followed at once by a subscribe (React StrictMode) keeps the same tracks.
 *
 * @example
 * ```ts
 * const media = new LocalMedia({ video: { width: 1280 }, audio: true });
 * const unsubscribe = media.subscribe(() => {
 *   const { status, stream, error } = media.getSnapshot();
 *   if (status === 'live') preview.srcObject = stream;
 *   if (status === 'error') console.warn(error?.message, error?.hint);
 * });
 * media.setVideoEnabled(false); // camera light goes out
 * unsubscribe(); // every track is stopped
 * ```
 */
export class LocalMedia extends EngineUnit<LocalMediaSnapshot> {
  #options: LocalMediaOptions;
  #held: Partial<Record<Kind, HeldTrack>> = {};
  #pending: { readonly controller: AbortController; readonly constraints: MediaStreamConstraints } | null = null;
  #unwatchDevices: (() => void) | null = null;

  constructor(options: LocalMediaOptions = {}) {
    super(IDLE, {
      onActive: () => {
        this.#watchDevices();
        this.#reconcile();
      },
      onInactive: () => {
        this.#unwatchDevices?.();
        this.#unwatchDevices = null;
        this.#release();
      },
      deferInactive: true,
    });
    this.#options = options;
  }

  /**
   * Replaces the options. Changed constraints re-capture only the kind they apply to, stopping the
   * old track first; `enabled: false` stops everything.
   */
  setOptions(options: LocalMediaOptions): void {
    const before = this.#options;
    this.#options = options;
    if (before.devices !== options.devices && this.store.active) this.#watchDevices();
    const changed =
      before.devices !== options.devices ||
      (before.enabled !== false) !== (options.enabled !== false) ||
      !sameValue(before.video ?? true, options.video ?? true) ||
      !sameValue(before.audio ?? true, options.audio ?? true);
    if (changed) this.#reconcile();
  }

  /** Turns the camera off (stopping its track) or on again (capturing a new one). */
  readonly setVideoEnabled = (enabled: boolean): void => {
    if (this.getSnapshot().videoEnabled === enabled) return;
    this.store.update({ videoEnabled: enabled });
    this.#reconcile();
  };

  /**
   * Mutes or unmutes the microphone by disabling its track, so unmuting is instant — unless a
   * device switch waits for the unmute (`pendingSwitch`), which happens now.
   */
  readonly setAudioEnabled = (enabled: boolean): void => {
    this.store.update({ audioEnabled: enabled });
    const held = this.#held.audio;
    if (held) held.track.enabled = enabled;
    if (enabled && this.getSnapshot().pendingSwitch.includes('audio')) this.#reconcile();
  };

  /** Stops every track and captures again, e.g. after an error or a lost device. */
  readonly restart = (): void => {
    this.#abortPending();
    for (const kind of KINDS) this.#drop(kind);
    this.#reconcile();
  };

  get #running(): boolean {
    return this.store.active && this.#options.enabled !== false;
  }

  #wanted(): Wanted {
    return {
      video: this.getSnapshot().videoEnabled ? this.#withDevice('video', this.#options.video ?? true) : false,
      audio: this.#withDevice('audio', this.#options.audio ?? true),
    };
  }

  /** Adds the device manager's selection, unless the caller's constraints already pick a device. */
  #withDevice(kind: Kind, constraints: boolean | MediaTrackConstraints): boolean | MediaTrackConstraints {
    const deviceId = this.#options.devices?.getSnapshot().selected[INPUT_OF[kind]];
    if (constraints === false || deviceId === undefined) return constraints;
    if (constraints !== true && constraints.deviceId !== undefined) return constraints;
    // `exact`: Chromium ignores an `ideal` microphone id. The manager selects only listed devices,
    // and one unplugged since is reported (device-lost) and replaced when `devicechange` arrives.
    return { ...(constraints === true ? {} : constraints), deviceId: { exact: deviceId } };
  }

  /** Whether the device manager (if any) has read the device list, so its selection can be trusted. */
  #devicesListed(): boolean {
    const status = this.#options.devices?.getSnapshot().status;
    return status !== 'idle' && status !== 'loading';
  }

  #watchDevices(): void {
    this.#unwatchDevices?.();
    const devices = this.#options.devices;
    if (!devices) {
      this.#unwatchDevices = null;
      return;
    }
    const selection = () => [this.#devicesListed(), this.#withDevice('video', true), this.#withDevice('audio', true)];
    let last = selection();
    this.#unwatchDevices = devices.subscribe(() => {
      const next = selection();
      if (sameValue(next, last)) return;
      last = next;
      this.#reconcile();
    });
  }

  /** Brings the held tracks in line with what is wanted: drops what no longer fits, captures what is missing. */
  #reconcile(): void {
    if (!this.#running) {
      this.#release();
      return;
    }
    if (!this.#devicesListed()) {
      // Capturing before the list is read would open the default device, then the chosen one.
      this.#publish('requesting', null);
      return;
    }
    const wanted = this.#wanted();
    const pendingSwitch: Kind[] = [];
    for (const kind of KINDS) {
      const held = this.#held[kind];
      if (!held || (sameValue(held.constraints, wanted[kind]) && held.track.readyState === 'live')) continue;
      if (wanted[kind] !== false && !held.track.enabled && held.track.readyState === 'live') pendingSwitch.push(kind);
      else this.#drop(kind);
    }
    this.#setPendingSwitch(pendingSwitch);
    const missing = KINDS.filter((kind) => wanted[kind] !== false && !this.#held[kind]);
    const constraints: MediaStreamConstraints = Object.fromEntries(missing.map((kind) => [kind, wanted[kind]]));
    if (missing.length && this.#pending && sameValue(this.#pending.constraints, constraints)) return;
    this.#abortPending();
    if (missing.length) void this.#capture(constraints);
    else this.#publish(this.#heldTracks().length ? 'live' : 'idle', null);
  }

  async #capture(constraints: MediaStreamConstraints): Promise<void> {
    const controller = new AbortController();
    this.#pending = { controller, constraints };
    this.#publish('requesting', null);
    try {
      const stream = await getLocalMedia(constraints, {
        mediaDevices: this.#options.mediaDevices,
        signal: controller.signal,
      });
      for (const track of stream.getTracks()) {
        const kind = track.kind as Kind;
        if (controller.signal.aborted || this.#held[kind] || !(kind in constraints)) track.stop();
        else this.#hold(kind, track, constraints[kind] ?? false);
      }
      if (controller.signal.aborted) return;
      this.#publish('live', null);
      this.#reportCapture(constraints, 'granted');
    } catch (cause) {
      if (controller.signal.aborted) return;
      const error = toCaptureError(cause);
      this.#fail(error);
      if (error.code === 'permission-denied') this.#reportCapture(constraints, 'denied');
    } finally {
      if (this.#pending?.controller === controller) this.#pending = null;
    }
  }

  #reportCapture(constraints: MediaStreamConstraints, outcome: 'granted' | 'denied'): void {
    const kinds = KINDS.filter((kind) => constraints[kind]).map((kind) => PERMISSION_OF[kind]);
    this.#options.devices?.reportCapture(kinds, outcome);
  }

  #setPendingSwitch(kinds: Kind[]): void {
    const current = this.getSnapshot().pendingSwitch;
    if (kinds.join() !== current.join()) this.store.update({ pendingSwitch: kinds.length ? kinds : NO_KINDS });
  }

  #hold(kind: Kind, track: MediaStreamTrack, constraints: boolean | MediaTrackConstraints): void {
    if (kind === 'audio') track.enabled = this.getSnapshot().audioEnabled;
    const onEnded = () => this.#onTrackEnded(kind, track);
    track.addEventListener('ended', onEnded);
    this.#held[kind] = { track, constraints, unwatch: () => track.removeEventListener('ended', onEnded) };
  }

  #drop(kind: Kind): void {
    const held = this.#held[kind];
    if (!held) return;
    held.unwatch();
    held.track.stop();
    delete this.#held[kind];
  }

  /** A track we did not stop ended: the device was unplugged, revoked, or taken by the system. */
  #onTrackEnded(kind: Kind, track: MediaStreamTrack): void {
    if (this.#held[kind]?.track !== track) return;
    this.#drop(kind);
    const device = track.label || (kind === 'video' ? 'camera' : 'microphone');
    this.#fail(new MediaKitError('device-lost', { detail: `Lost: ${device}.` }));
  }

  #fail(error: RtcKitError): void {
    this.#publish('error', error);
    this.#options.onError?.(error);
  }

  #release(): void {
    this.#abortPending();
    for (const kind of KINDS) this.#drop(kind);
    this.#setPendingSwitch([]);
    this.#publish('idle', null);
  }

  #abortPending(): void {
    this.#pending?.controller.abort();
    this.#pending = null;
  }

  #heldTracks(): MediaStreamTrack[] {
    return KINDS.flatMap((kind) => this.#held[kind]?.track ?? []);
  }

  /** Publishes a snapshot; the stream object is replaced only when the set of tracks changed. */
  #publish(status: LocalMediaStatus, error: RtcKitError | null): void {
    const tracks = this.#heldTracks();
    const current = this.getSnapshot().stream;
    const unchanged =
      current !== null &&
      current.getTracks().length === tracks.length &&
      tracks.every((track) => current.getTrackById(track.id) === track);
    const stream = tracks.length === 0 ? null : unchanged ? current : new MediaStream(tracks);
    this.store.update({ stream, status, error });
  }
}
