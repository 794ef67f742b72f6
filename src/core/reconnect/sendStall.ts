// Whether one video sender's send stream is dead while the app feeds it a live track, judged from
// successive readings. Pure: the caller reads stats and senders, this decides. Seen in Chromium
// after a long outage on a loaded machine: the send stream comes back recreated and fed by nothing
// (its `media-source` stat gone, `framesEncoded` flat) while the camera track is live and enabled;
// attaching the track again revives it. Judged by counters between readings, so a slow event loop
// delays the verdict but cannot fake one.

/**
 * The bounds of {@link nextSendStall}: frames flat for `stallAfterMs` (2.5 s: a live camera encodes
 * 15–30 frames a second, and a dead stream is better repaired before the inbound watchdog on the
 * other side would give up on the whole connection); after a repair, the next one only after
 * `firstBackoffMs` (5 s), doubling to `maxBackoffMs` (60 s), so a browser that cannot be repaired
 * is not hammered.
 *
 * @example
 * ```ts
 * nextSendStall(state, reading, { ...SEND_STALL_DEFAULTS, stallAfterMs: 4000 });
 * ```
 */
export const SEND_STALL_DEFAULTS: SendStallPolicy = /* @__PURE__ */ Object.freeze({
  stallAfterMs: 2500,
  firstBackoffMs: 5000,
  maxBackoffMs: 60_000,
});

/** The bounds of {@link nextSendStall}; see {@link SEND_STALL_DEFAULTS}. */
export interface SendStallPolicy {
  readonly stallAfterMs: number;
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** One reading of one outbound video sender. */
export interface SendReading {
  /** When it was taken (the injected clock's time), ms. */
  readonly at: number;
  /**
   * `framesEncoded` summed over the sender's outbound-rtp streams (its simulcast layers), or
   * `bytesSent` where the browser counts no frames; `undefined` while it has no outbound-rtp.
   */
  readonly sent: number | undefined;
  /** The track the app attached is `live`, `enabled` and not muted: frames are due. */
  readonly trackLive: boolean;
  /** At least one of the sender's encodings is active (bitrate adaptation may pause them all). */
  readonly encodingsActive: boolean;
  /** The connection is `connected` (during an outage the encoder pauses by design). */
  readonly connected: boolean;
}

/** What {@link nextSendStall} remembers of one sender between readings. */
export interface SendStallState {
  /** The previous reading's `sent`. */
  readonly lastSent: number | undefined;
  /** When frames last grew, or judging began; `null` while the sender is not judged. */
  readonly flowSince: number | null;
  /** A repair before this time would come too soon (the back-off); `null` with no repair pending. */
  readonly retryAt: number | null;
  /** The wait after the next repair. */
  readonly backoffMs: number;
  /** Repairs asked for since frames last flowed. */
  readonly repairs: number;
}

/**
 * The state before the first reading of a sender.
 *
 * @example
 * ```ts
 * const state = startSendStall();
 * ```
 */
export function startSendStall(policy: SendStallPolicy = SEND_STALL_DEFAULTS): SendStallState {
  return { lastSent: undefined, flowSince: null, retryAt: null, backoffMs: policy.firstBackoffMs, repairs: 0 };
}

/**
 * Folds one reading in. `repair` says the send stream is stalled now — frames flat for
 * `stallAfterMs` of readings while the app's track is live and enabled, an encoding is active
 * and the connection is connected — and no repair is still in its back-off; the caller then
 * attaches the app's track to the sender again. Frames that grow again reset the back-off.
 *
 * @example
 * ```ts
 * let state = startSendStall();
 * const next = nextSendStall(state, { at: clock.now(), sent: 120, trackLive: true, encodingsActive: true, connected: true });
 * state = next.state;
 * if (next.repair) void session.reattachVideo(sender);
 * ```
 */
export function nextSendStall(
  state: SendStallState,
  reading: SendReading,
  policy: SendStallPolicy = SEND_STALL_DEFAULTS,
): { readonly state: SendStallState; readonly repair: boolean } {
  const { at, sent } = reading;
  const judged = reading.connected && reading.trackLive && reading.encodingsActive && sent !== undefined;
  // Not judged: no frames are due, so the time without them does not count. The back-off stays:
  // only frames that flow again prove a repair worked.
  if (!judged) return { state: { ...state, lastSent: sent, flowSince: null }, repair: false };
  if (state.lastSent !== undefined && sent > state.lastSent) {
    return { state: { ...startSendStall(policy), lastSent: sent, flowSince: at }, repair: false };
  }
  // Flat, the first judged reading, or a counter that restarted (a new send stream): counted from
  // the last growth, or from now.
  const flowSince = state.flowSince ?? at;
  const stalled = at - flowSince >= policy.stallAfterMs;
  const due = state.retryAt === null || at >= state.retryAt;
  if (!stalled || !due) return { state: { ...state, lastSent: sent, flowSince }, repair: false };
  return {
    state: {
      lastSent: sent,
      flowSince,
      retryAt: at + state.backoffMs,
      backoffMs: Math.min(state.backoffMs * 2, policy.maxBackoffMs),
      repairs: state.repairs + 1,
    },
    repair: true,
  };
}
