import { lazily, SharedRegistry } from '../sharedRegistry';
import { SenderParameters } from './senderParameters';

/** A table of {@link SenderParameters}, one per sender; pass your own to keep them apart from the page's. */
export type SenderParametersRegistry = SharedRegistry<RTCRtpSender, SenderParameters>;

/**
 * The page's table of sender owners, made on first use. Every `BitrateController` and
 * `PeerSession` use it unless given another, so the changes they make to one sender queue up
 * behind each other.
 *
 * @example
 * ```ts
 * sharedSenderParameters().clear(); // a test starting from nothing
 * ```
 */
export const sharedSenderParameters = /* @__PURE__ */ lazily((): SenderParametersRegistry => new SharedRegistry());

/**
 * The one {@link SenderParameters} of `sender` in `registry` (the page's by default).
 *
 * @example
 * ```ts
 * await senderParametersOf(sender).restartFromKeyFrame();
 * senderParametersOf(sender) === senderParametersOf(sender); // true
 * ```
 */
export function senderParametersOf(
  sender: RTCRtpSender,
  registry: SenderParametersRegistry = sharedSenderParameters(),
): SenderParameters {
  return registry.get(sender, (key) => new SenderParameters(key));
}
