import { lazily, SharedRegistry } from '../sharedRegistry';

/**
 * What each video receiver's `jitterBufferTarget` was before any `PlayoutDelayGuard` changed it,
 * kept across guards so a second guard on the same connection never takes the first one's
 * target for the original.
 */
export type JitterBufferOriginals = SharedRegistry<RTCRtpReceiver, number | null>;

/**
 * The page's table of original jitter-buffer targets, made on first use; every
 * `PlayoutDelayGuard` uses it unless given another (`jitterBufferOriginals`).
 *
 * @example
 * ```ts
 * const guard = new PlayoutDelayGuard(pc, { jitterBufferOriginals: sharedJitterBufferOriginals() });
 * ```
 */
export const sharedJitterBufferOriginals = /* @__PURE__ */ lazily((): JitterBufferOriginals => new SharedRegistry());
