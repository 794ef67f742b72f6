import { systemClock, type Clock, type TimerHandle } from '../clock';
import type { VideoSizeHint } from '../peer/controlMessage';
import type { PeerSession } from '../peer/PeerSession';
import { createStore, type ReadableStore } from '../store';
import { subscribeTileSizes, tileSizeOf } from './tileSizes';

/** What a {@link VideoHintReporter} last told the other side. */
export interface VideoHintReporterSnapshot {
  /** The hints last sent, one per received video that a tile reports for. */
  readonly sent: readonly VideoSizeHint[];
}

/** Options for {@link VideoHintReporter}. */
export interface VideoHintReporterOptions {
  /** How long tile changes are gathered before one message goes out, ms. Default 150. */
  readonly debounceMs?: number;
  readonly clock?: Clock;
}

const NONE: VideoHintReporterSnapshot = { sent: [] };

/**
 * The receiving half of receiver-driven hints: while subscribed, it tells the other side of a
 * {@link PeerSession} how large this side shows each video it receives — the largest visible tile
 * reporting for that track (see `reportTileSize`, `VideoTile`'s `reportSize`) — over the session's
 * data channel. It sends when a size or visibility changes (gathered for `debounceMs`) and again
 * whenever the data channel (re)opens. The other side's `BitrateController` never sends more.
 * `BitrateController` runs one for its session; use this directly only on a receive-only side.
 *
 * @example
 * ```ts
 * const reporter = new VideoHintReporter(session);
 * const stop = reporter.subscribe(() => console.log(reporter.getSnapshot().sent));
 * ```
 */
export class VideoHintReporter implements ReadableStore<VideoHintReporterSnapshot> {
  readonly #session: PeerSession;
  readonly #clock: Clock;
  readonly #debounceMs: number;
  #timer: TimerHandle | undefined;
  #stops: (() => void)[] = [];
  /** What went out, and on which channel: a new channel (or a reopened one) gets it again. */
  #sentKey: string | null = null;
  #sentOn: RTCDataChannel | null = null;
  readonly #store = createStore(NONE, {
    onActive: () => this.#start(),
    onInactive: () => this.#stop(),
    deferInactive: true,
  });

  constructor(session: PeerSession, options: VideoHintReporterOptions = {}) {
    this.#session = session;
    this.#clock = options.clock ?? systemClock;
    this.#debounceMs = options.debounceMs ?? 150;
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): VideoHintReporterSnapshot => this.#store.getSnapshot();

  #start(): void {
    this.#stops = [this.#session.subscribe(() => this.#schedule()), subscribeTileSizes(() => this.#schedule())];
    this.#schedule();
  }

  #stop(): void {
    for (const stop of this.#stops) stop();
    this.#stops = [];
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, this.#debounceMs);
  }

  #flush(): void {
    const { pc, dataChannel, dataChannelState } = this.#session.getSnapshot();
    if (!pc || !dataChannel || dataChannelState !== 'open') return;
    const hints: VideoSizeHint[] = [];
    for (const transceiver of pc.getTransceivers()) {
      const track = transceiver.receiver?.track;
      if (track?.kind !== 'video' || !transceiver.mid) continue;
      const size = tileSizeOf(track);
      if (size) hints.push({ mid: transceiver.mid, ...size });
    }
    const key = JSON.stringify(hints);
    const resend = this.#sentOn !== dataChannel;
    // Nothing reported, nothing said before on this channel: stay quiet.
    if (key === this.#sentKey && !resend) return;
    if (resend && hints.length === 0 && (this.#sentKey === null || this.#sentKey === '[]')) return;
    if (!this.#session.sendControlMessage({ type: 'video-hints', hints })) return;
    this.#sentKey = key;
    this.#sentOn = dataChannel;
    this.#store.set({ sent: hints });
  }
}
