import { systemClock, type Clock, type TimerHandle } from '../clock';
import type { VideoSizeHint } from '../peer/controlMessage';
import type { PeerSession } from '../peer/PeerSession';
import { EngineUnit } from '../engineUnit';
import { sameValue } from '../sameValue';
import { sharedTileSizes } from './sharedTileSizes';
import type { TileSizeRegistry } from './TileSizeRegistry';

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
  /** Where the tiles report their sizes. Default: the page's, `sharedTileSizes()`. */
  readonly tileSizes?: TileSizeRegistry;
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
export class VideoHintReporter extends EngineUnit<VideoHintReporterSnapshot> {
  readonly #session: PeerSession;
  readonly #clock: Clock;
  readonly #debounceMs: number;
  readonly #tiles: TileSizeRegistry;
  #timer: TimerHandle | undefined;
  #stops: (() => void)[] = [];
  /** What went out, and on which channel: a new channel (or a reopened one) gets it again. */
  #sent: readonly VideoSizeHint[] | null = null;
  #sentOn: RTCDataChannel | null = null;

  constructor(session: PeerSession, options: VideoHintReporterOptions = {}) {
    super(NONE, { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true });
    this.#session = session;
    this.#clock = options.clock ?? systemClock;
    this.#debounceMs = options.debounceMs ?? 150;
    this.#tiles = options.tileSizes ?? sharedTileSizes();
  }

  #start(): void {
    this.#stops = [this.#session.subscribe(() => this.#schedule()), this.#tiles.subscribe(() => this.#schedule())];
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
      const size = this.#tiles.sizeOf(track);
      if (size) hints.push({ mid: transceiver.mid, ...size });
    }
    const resend = this.#sentOn !== dataChannel;
    if (!resend && this.#sent !== null && sameValue(hints, this.#sent)) return;
    // Nothing reported, nothing said before on this channel: stay quiet.
    if (resend && hints.length === 0 && (this.#sent?.length ?? 0) === 0) return;
    if (!this.#session.sendControlMessage({ type: 'video-hints', hints })) return;
    this.#sent = hints;
    this.#sentOn = dataChannel;
    this.store.set({ sent: hints });
  }
}
