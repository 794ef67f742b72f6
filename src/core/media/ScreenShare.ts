import type { RtcKitError } from '../errors';
import { printable } from '../errors';
import { ScreenShareKitError } from './mediaErrors';
import { EngineUnit } from '../engineUnit';
import { toCaptureError } from './captureError';

/** Where a screen share is. */
export type ScreenShareStatus = 'idle' | 'requesting' | 'sharing' | 'error';

/** What {@link ScreenShare} holds right now. */
export interface ScreenShareSnapshot {
  readonly stream: MediaStream | null;
  readonly status: ScreenShareStatus;
  /** `status === 'sharing'`. */
  readonly sharing: boolean;
  readonly error: RtcKitError | null;
}

/** The subset of `MediaDevices` screen sharing needs; inject a fake in tests. */
export type DisplayMediaSource = Pick<MediaDevices, 'getDisplayMedia'>;

/** Options for {@link ScreenShare}. */
export interface ScreenShareOptions {
  /** Defaults to `navigator.mediaDevices`. */
  readonly mediaDevices?: DisplayMediaSource;
  /** Passed to `getDisplayMedia`. Default `{ video: true }`. */
  readonly constraints?: DisplayMediaStreamOptions;
  /** Called with every failure to start. */
  readonly onError?: (error: RtcKitError) => void;
}

const IDLE: ScreenShareSnapshot = { stream: null, status: 'idle', sharing: false, error: null };

/**
 * Screen, window or tab sharing. `start()` must run from a user gesture (a click handler); it
 * never rejects — failures land in the snapshot and `onError` (`'share-cancelled'` when the user
 * closes the picker). When the browser's own "Stop sharing" button ends the share, the snapshot
 * goes back to idle. Everything stops after the last subscriber leaves.
 *
 * @example
 * ```ts
 * const share = new ScreenShare();
 * share.subscribe(() => (preview.srcObject = share.getSnapshot().stream));
 * button.onclick = () => share.start();
 * ```
 */
export class ScreenShare extends EngineUnit<ScreenShareSnapshot> {
  #options: ScreenShareOptions;
  #attempt = 0;
  #unwatch: (() => void) | null = null;

  constructor(options: ScreenShareOptions = {}) {
    super(IDLE, { onInactive: () => this.stop(), deferInactive: true });
    this.#options = options;
  }

  /** Replaces the options; a share in progress keeps its stream. */
  setOptions(options: ScreenShareOptions): void {
    this.#options = options;
  }

  /** Opens the browser's picker and shares what the user chooses, replacing any current share. */
  readonly start = async (): Promise<void> => {
    const attempt = ++this.#attempt;
    this.#release();
    this.store.set({ ...IDLE, status: 'requesting' });
    let stream: MediaStream;
    try {
      const source = this.#options.mediaDevices ?? globalThis.navigator?.mediaDevices;
      if (typeof source?.getDisplayMedia !== 'function') throw new ScreenShareKitError('unsupported');
      stream = await source.getDisplayMedia(this.#options.constraints ?? { video: true });
    } catch (cause) {
      if (attempt !== this.#attempt) return;
      const error = toShareError(cause);
      this.store.set({ ...IDLE, status: 'error', error });
      this.#options.onError?.(error);
      return;
    }
    if (attempt !== this.#attempt) {
      stopAll(stream); // stop() or another start() came first
      return;
    }
    this.#watch(stream);
    this.store.set({ stream, status: 'sharing', sharing: true, error: null });
  };

  /** Ends the share and stops its tracks. */
  readonly stop = (): void => {
    this.#attempt++;
    this.#release();
    this.store.set(IDLE);
  };

  /** The share ends when its video track ends: the browser's "Stop sharing" or the window closing. */
  #watch(stream: MediaStream): void {
    const onEnded = () => this.stop();
    const video = stream.getVideoTracks()[0];
    video?.addEventListener('ended', onEnded);
    this.#unwatch = () => {
      video?.removeEventListener('ended', onEnded);
      stopAll(stream);
    };
  }

  #release(): void {
    this.#unwatch?.();
    this.#unwatch = null;
  }
}

function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** Screen-share failures: the picker's "cancel" is a NotAllowedError, and a call without a gesture an InvalidStateError. */
function toShareError(cause: unknown): RtcKitError {
  const name = typeof cause === 'object' && cause !== null && 'name' in cause ? printable(cause.name) : '';
  if (name === 'NotAllowedError') return new ScreenShareKitError('share-cancelled', { cause });
  if (name === 'InvalidStateError') return new ScreenShareKitError('user-gesture-required', { cause });
  return toCaptureError(cause);
}
