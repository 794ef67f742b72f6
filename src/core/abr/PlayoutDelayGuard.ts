import type { StatsCollector } from '../stats/StatsCollector';
import { sharedStatsCollector } from '../stats/sharedStatsCollector';
import type { StatsSample } from '../stats/types';
import { EngineUnit } from '../engineUnit';
import {
  initialPlayoutDelayState,
  nextPlayoutDelay,
  type PlayoutDelayPolicy,
  type PlayoutDelayState,
} from './playoutDelay';
import { sharedJitterBufferOriginals, type JitterBufferOriginals } from './sharedJitterBufferOriginals';

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
  /** Where the receivers' original targets are kept. Default: the page's, {@link sharedJitterBufferOriginals}. */
  readonly jitterBufferOriginals?: JitterBufferOriginals;
}

type Receiver = RTCRtpReceiver & { jitterBufferTarget?: number | null };

/**
 * While the video a connection receives loses packets, asks its receivers to hold frames about one
 * round trip longer (`RTCRtpReceiver.jitterBufferTarget`), so retransmitted packets arrive before
 * their frame is due instead of freezing the picture; lets go after a loss-free while. The policy
 * is `nextPlayoutDelay`. It works only while subscribed and puts back what the receivers had when
 * it stops. `useAdaptiveBitrate` runs one with its `playoutDelay` option.
 *
 * @example
 * ```ts
 * const guard = new PlayoutDelayGuard(pc);
 * const stop = guard.subscribe(() => console.log(guard.getSnapshot().targetMs)); // 240 while lossy
 * ```
 */
export class PlayoutDelayGuard extends EngineUnit<PlayoutDelaySnapshot> {
  readonly #pc: RTCPeerConnection;
  #options: PlayoutDelayGuardOptions;
  #collector: StatsCollector | null = null;
  #stopStats: (() => void) | null = null;
  #lastSample: StatsSample | null = null;
  #state: PlayoutDelayState = initialPlayoutDelayState();
  #touched = new Set<Receiver>();
  readonly #originals: JitterBufferOriginals;

  constructor(pc: RTCPeerConnection, options: PlayoutDelayGuardOptions = {}) {
    super(
      { targetMs: null, supported: true },
      { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true },
    );
    this.#pc = pc;
    this.#options = options;
    this.#originals = options.jitterBufferOriginals ?? sharedJitterBufferOriginals();
  }

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
        receiver.jitterBufferTarget = this.#originals.peek(receiver) ?? null;
      } catch {
        // A receiver of a closed connection: nothing to put back.
      }
    }
    this.#touched.clear();
    this.store.update({ targetMs: null });
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
        this.store.update({ supported: false, targetMs: null });
        return;
      }
      if (!this.#touched.has(receiver)) {
        if (targetMs === null) continue;
        this.#originals.get(receiver, (r: Receiver) => r.jitterBufferTarget ?? null);
        this.#touched.add(receiver);
      }
      const wanted = targetMs ?? this.#originals.peek(receiver) ?? null;
      if (receiver.jitterBufferTarget !== wanted) receiver.jitterBufferTarget = wanted;
    }
    this.store.update({ targetMs });
  }
}
