// The receiving half of adaptive bitrate: how much playout delay to ask for while received video
// loses packets. A pure function of (state, input) → state, like `decide`.
//
// Why: with NACK, a lost packet holds its frame back until the retransmission arrives, one round
// trip later. Browsers count a gap longer than max(3 × frame interval, interval + 150 ms) as a
// freeze, so on a lossy path with a round trip above ~150 ms every retransmission is a freeze — at
// any resolution or bitrate the sender picks. Asking the jitter buffer to hold frames for about a
// round trip (`RTCRtpReceiver.jitterBufferTarget`) lets the retransmission land before the frame is
// due. It costs that much latency, so it is asked for only while loss lasts.

/** What the playout-delay policy reads from one stats tick of the receiving side. */
export interface PlayoutDelayInput {
  /** The tick's time in ms; only differences matter. */
  readonly at: number;
  /** Fraction (0–1) of the video packets meant for us that were lost over the tick. */
  readonly loss?: number;
  /** Round-trip time in ms (the selected candidate pair's). */
  readonly rttMs?: number;
}

/** The thresholds of the playout-delay policy. */
export interface PlayoutDelayPolicy {
  /** Received video loss at or above this on a tick asks for a cushion. Default 0.02. */
  readonly loss: number;
  /** The cushion is this many round trips… Default 1.2. */
  readonly rttFactor: number;
  /** …plus this, ms (a frame interval and the NACK's own delay). Default 60. */
  readonly marginMs: number;
  /** Used when no round trip is reported, ms. Default 250. */
  readonly fallbackMs: number;
  /** Never more than this, ms: beyond it a conversation suffers more than from a freeze. Default 400. */
  readonly maxMs: number;
  /** The cushion is the largest one asked for within this window, so it follows the round trip down, ms. Default 10000. */
  readonly windowMs: number;
  /** Loss-free time after which the cushion is dropped (back to the browser's own delay), ms. Default 10000. */
  readonly releaseMs: number;
}

/**
 * The default thresholds.
 *
 * @example
 * ```ts
 * new BitrateController(pc, { playoutDelay: { ...DEFAULT_PLAYOUT_DELAY_POLICY, maxMs: 250 } });
 * ```
 */
export const DEFAULT_PLAYOUT_DELAY_POLICY: PlayoutDelayPolicy = /* @__PURE__ */ Object.freeze({
  loss: 0.02,
  rttFactor: 1.2,
  marginMs: 60,
  fallbackMs: 250,
  maxMs: 400,
  windowMs: 10000,
  releaseMs: 10000,
});

/** What the playout-delay policy remembers. Immutable: {@link nextPlayoutDelay} returns a new one. */
export interface PlayoutDelayState {
  /** The playout delay to ask for, ms; `null` leaves it to the browser. */
  readonly targetMs: number | null;
  /** The last tick with loss at or above the threshold. */
  readonly lastLossAt: number | null;
  /** The cushions asked for by lossy ticks within the window, oldest first. */
  readonly asks: readonly { readonly at: number; readonly ms: number }[];
}

/**
 * The state a receiver starts in: no cushion.
 *
 * @example
 * ```ts
 * let state = initialPlayoutDelayState();
 * ```
 */
export function initialPlayoutDelayState(): PlayoutDelayState {
  return { targetMs: null, lastLossAt: null, asks: [] };
}

/**
 * One step of the playout-delay policy, pure. A tick with received video loss at or above
 * `policy.loss` asks for `rttFactor` × round trip + `marginMs` (at most `maxMs`); the target is the
 * largest ask within `windowMs` — so it rises at once and follows a shrinking round trip down —
 * and goes back to `null` after `releaseMs` without such loss.
 *
 * @example
 * ```ts
 * let state = initialPlayoutDelayState();
 * state = nextPlayoutDelay(state, { at: 1000, loss: 0.05, rttMs: 150 });
 * state.targetMs; // 240
 * ```
 */
export function nextPlayoutDelay(
  state: PlayoutDelayState,
  input: PlayoutDelayInput,
  policy: Partial<PlayoutDelayPolicy> = {},
): PlayoutDelayState {
  const p: PlayoutDelayPolicy = { ...DEFAULT_PLAYOUT_DELAY_POLICY, ...policy };
  const at = input.at;
  let { lastLossAt } = state;
  let asks = state.asks.filter((ask) => at - ask.at < p.windowMs);
  if (input.loss !== undefined && input.loss >= p.loss) {
    lastLossAt = at;
    const rtt = input.rttMs !== undefined && input.rttMs > 0 ? input.rttMs : undefined;
    const ms = Math.min(p.maxMs, Math.round(rtt === undefined ? p.fallbackMs : rtt * p.rttFactor + p.marginMs));
    asks = [...asks, { at, ms }];
  }
  const released = lastLossAt === null || at - lastLossAt >= p.releaseMs;
  const targetMs = released || asks.length === 0 ? null : Math.max(...asks.map((ask) => ask.ms));
  if (released) asks = [];
  if (
    targetMs === state.targetMs &&
    lastLossAt === state.lastLossAt &&
    asks.length === state.asks.length &&
    asks.every((ask, i) => ask === state.asks[i])
  ) {
    return state;
  }
  return { targetMs, lastLossAt, asks };
}
