import { RtcKitError } from '../errors';
import { IceKitError } from './iceErrors';
import { EngineUnit } from '../engineUnit';
import type { IceProbeResult } from './iceProbeResult';
import { probeIce, type ProbeIceOptions } from './probeIce';

/** Where an {@link IceProber} is: on `data-state` of the {@link IceProbe} panel. */
export type IceProberStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** What an {@link IceProber} holds. Replaced, never mutated, when something changes. */
export interface IceProberSnapshot {
  readonly status: IceProberStatus;
  /** One result per server URL of the last run, updated as it goes (unfinished ones `cancelled` after a cancel). */
  readonly results: readonly IceProbeResult[];
  /** Why the last run could not start (`servers-empty`, `webrtc-unsupported`, …); `null` otherwise. */
  readonly error: RtcKitError | null;
}

/** Options for {@link IceProber}: what to check and how ({@link probeIce}'s options). */
export interface IceProberOptions extends Omit<ProbeIceOptions, 'signal' | 'onProgress'> {
  /** The servers to check, as in `RTCConfiguration.iceServers`. */
  readonly iceServers?: readonly RTCIceServer[];
  /** Called when a run cannot start. Failed servers are results, not errors. */
  readonly onError?: (error: RtcKitError) => void;
}

const IDLE: IceProberSnapshot = { status: 'idle', results: [], error: null };

/**
 * {@link probeIce} as a subscribable unit: `run()` checks the configured servers (cancelling a
 * run in progress), `cancel()` stops, and the snapshot follows each server's result as it comes.
 * A run in progress is cancelled when the last subscriber leaves (a microtask later, so React
 * StrictMode's unsubscribe → subscribe keeps it).
 *
 * @example
 * ```ts
 * const prober = new IceProber({ iceServers, timeoutMs: 5000 });
 * prober.subscribe(() => render(prober.getSnapshot().results));
 * await prober.run();
 * ```
 */
export class IceProber extends EngineUnit<IceProberSnapshot> {
  #options: IceProberOptions;
  #controller: AbortController | null = null;

  constructor(options: IceProberOptions = {}) {
    super(IDLE, { deferInactive: true, onInactive: () => this.cancel() });
    this.#options = options;
  }

  /** Replaces the options; they apply from the next run. */
  setOptions(options: IceProberOptions): void {
    this.#options = options;
  }

  /**
   * Checks the servers; resolves with the results when the run ends, or `null` when it was
   * cancelled or could not start (the snapshot says why). Never rejects.
   */
  readonly run = async (): Promise<readonly IceProbeResult[] | null> => {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    const { iceServers, onError, ...options } = this.#options;
    this.store.set({ status: 'running', results: [], error: null });
    try {
      const results = await probeIce(iceServers, {
        ...options,
        signal: controller.signal,
        onProgress: (results) => {
          if (this.#controller === controller) this.store.update({ results });
        },
      });
      if (this.#controller !== controller) return null;
      this.#controller = null;
      this.store.update({ status: 'done', results });
      return results;
    } catch (cause) {
      if (this.#controller !== controller) return null;
      this.#controller = null;
      const error = cause instanceof RtcKitError ? cause : new IceKitError('unknown', { cause });
      if (error.code === 'ice-probe-cancelled') {
        this.store.update({ status: 'cancelled' });
      } else {
        this.store.update({ status: 'error', error });
        onError?.(error);
      }
      return null;
    }
  };

  /** Stops a run in progress; results so far stay, unfinished ones become `cancelled`. */
  readonly cancel = (): void => {
    const controller = this.#controller;
    if (!controller) return;
    // Aborting runs probeIce's listener synchronously, which publishes the unfinished results as
    // cancelled; after that the run's own rejection is ignored and the snapshot says so at once.
    controller.abort();
    this.#controller = null;
    this.store.update({ status: 'cancelled' });
  };
}
