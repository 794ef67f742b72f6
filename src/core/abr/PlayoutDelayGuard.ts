import type { StatsCollector } from '../stats/StatsCollector';
import { sharedStatsCollector } from '../stats/sharedStatsCollector';
import type { StatsSample } from '../stats/types';
import { createStore, type ReadableStore } from '../store';
import {
  initialPlayoutDelayState,
  nextPlayoutDelay,
  type PlayoutDelayPolicy,
  type PlayoutDelayState,
} from './playoutDelay';

/** What a {@link PlayoutDelayGuard} holds. */
export interface PlayoutDelaySnapshot {
  /** The playout delay asked of the video receivers, ms; `null` while the browser decides alone. */
  readonly targetMs: number | null;
  /** `false` once a video receiver turned out to lack `jitterBufferTarget` (then nothing is asked). */
  readonly supported: boolean;
}

/** Options for {@link PlayoutDelayGuard}. */
export interface PlayoutDelayGuardOptions {
  /** Thresholds (see `DEFAULT_PLAYOUT_DELAY_POLICY`). */
  readonly policy?: Partial<PlayoutDelayPolicy>;
  /** Milliseconds between stats samples (the collector is shared). Default 1000. */
  readonly intervalMs?: number;
}

type Receiver = RTCRtpReceiver & { jitterBufferTarget?: number | null };

// What each receiver had before a guard touched it, to put back.
const originals = new WeakMap<RTCRtpReceiver, number | null>();

/**
 * While the video a connection receives loses packets, asks its receivers to hold frames about one
 * round trip longer (`RTCRtpReceiver.jitterBufferTarget`), so retransmitted packets arrive before
 * their frame is due instead of freezing the picture; lets go after a loss-free while. The policy
 * is `nextPlayoutDelay`. It works only while subscribed and puts back what the receivers had when
 * it stops. `BitrateController` runs one with its `playoutDelay` option.
 *
 * @example
 * ```ts
 * const guard = new PlayoutDelayGuard(pc);
 * const stop = guard.subscribe(() => console.log(guard.getSnapshot().targetMs)); // 240 while lossy
 * ```
 */
export class PlayoutDelayGuard implements ReadableStore<PlayoutDelaySnapshot> {
  readonly #pc: RTCPeerConnection;
  #options: PlayoutDelayGuardOptions;
  #collector: StatsCollector | null = null;
  #stopStats: (() => void) | null = null;
  #lastSample: StatsSample | null = null;
  #state: PlayoutDelayState = initialPlayoutDelayState();
  #touched = new Set<Receiver>();
  readonly #store: ReturnType<typeof createStore<PlayoutDelaySnapshot>>;

  constructor(pc: RTCPeerConnection, options: PlayoutDelayGuardOptions = {}) {
    this.#pc = pc;
    this.#options = options;
    this.#store = createStore<PlayoutDelaySnapshot>(
      { targetMs: null, supported: true },
      { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true },
    );
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): PlayoutDelaySnapshot => this.#store.getSnapshot();

  /** Takes new thresholds (they apply from the next sample). */
  setPolicy(policy: Partial<PlayoutDelayPolicy> | undefined): void {
    this.#options = { ...this.#options, policy };
  }

  #start(): void {
    const collector = sharedStatsCollector(this.#pc, { intervalMs: this.#options.intervalMs });
    this.#collector = collector;
    this.#lastSample = collector.getSnapshot().latest;
    this.#stopStats = collector.subscribe(() => this.#onSample());
  }

  #stop(): void {
    this.#stopStats?.();
    this.#stopStats = null;
    this.#collector = null;
    this.#state = initialPlayoutDelayState();
    for (const receiver of this.#touched) {
      try {
        receiver.jitterBufferTarget = originals.get(receiver) ?? null;
      } catch {
        // A receiver of a closed connection: nothing to put back.
      }
    }
    this.#touched.clear();
    this.#store.update({ targetMs: null });
  }

  #onSample(): void {
    const sample = this.#collector?.getSnapshot().latest ?? null;
    if (!sample || sample === this.#lastSample) return;
    this.#lastSample = sample;
    if (this.#pc.connectionState === 'closed') return;
    this.#state = nextPlayoutDelay(
      this.#state,
      { at: sample.timestamp, loss: sample.inbound.video?.packetLoss, rttMs: sample.rttMs },
      this.#options.policy,
    );
    this.#apply(this.#state.targetMs);
  }

  /** Sets the target on every video receiver (new ones too), or puts back what they had. */
  #apply(targetMs: number | null): void {
    if (!this.getSnapshot().supported) return;
    for (const receiver of this.#pc.getReceivers() as Receiver[]) {
      if (receiver.track?.kind !== 'video') continue;
      if (!('jitterBufferTarget' in receiver)) {
        this.#store.update({ supported: false, targetMs: null });
        return;
      }
      if (!this.#touched.has(receiver)) {
        if (targetMs === null) continue;
        if (!originals.has(receiver)) originals.set(receiver, receiver.jitterBufferTarget ?? null);
        this.#touched.add(receiver);
      }
      const wanted = targetMs ?? originals.get(receiver) ?? null;
      if (receiver.jitterBufferTarget !== wanted) receiver.jitterBufferTarget = wanted;
    }
    this.#store.update({ targetMs });
  }
}
