// The session's data channel: opening it from the `dataChannel` option, sending on it, and
// telling rtckit's control messages apart from the app's data.
import type { RtcKitError } from '../errors';
import { messageOf } from '../errors';
import { PeerKitError } from './peerErrors';
import { encodePeerControlMessage, parsePeerControlMessage, type PeerControlMessage } from './controlMessage';
import type { PeerDataChannelOptions } from './peerSessionOptions';

/** Where a data channel's events go. */
export interface DataChannelHandlers {
  /** Removes every listener when aborted (the connection is torn down). */
  readonly signal: AbortSignal;
  /** Every message's `event.data`, app data and control messages alike (see {@link routeChannelData}). */
  readonly onData: (data: unknown) => void;
  /** The own channel opened, is closing or closed. */
  readonly onStateChange: (channel: RTCDataChannel) => void;
  /** The browser refused the channel's init: an {@link RtcKitError} `'invalid-rtc-config'`. */
  readonly onError: (error: RtcKitError) => void;
}

/**
 * Opens the data channel the option asks for on `pc`: by default negotiated, with id 0 on both
 * sides; a channel that is not negotiated also receives on the channel of the same label the
 * other side opens in-band. Returns `null` when the option is off or the browser refused the init.
 */
export function openDataChannel(
  pc: RTCPeerConnection,
  option: boolean | PeerDataChannelOptions | undefined,
  { signal, onData, onStateChange, onError }: DataChannelHandlers,
): RTCDataChannel | null {
  if (!option) return null;
  const { label = 'rtckit', ...init } = option === true ? {} : option;
  const negotiated = init.negotiated ?? true;
  const channelInit: RTCDataChannelInit = negotiated ? { id: 0, ...init, negotiated } : { ...init, negotiated };
  let channel: RTCDataChannel;
  try {
    channel = pc.createDataChannel(label, channelInit);
  } catch (cause) {
    onError(new PeerKitError('invalid-rtc-config', { cause, detail: `Data channel: ${messageOf(cause)}` }));
    return null;
  }
  const watch = (target: RTCDataChannel, own: boolean) => {
    target.binaryType = 'arraybuffer';
    target.addEventListener('message', ({ data }) => onData(data), { signal });
    if (!own) return;
    const publish = () => onStateChange(target);
    for (const type of ['open', 'close', 'closing'] as const) target.addEventListener(type, publish, { signal });
  };
  watch(channel, true);
  if (!negotiated) {
    // The other side may open its own channel in-band: receive on it too.
    pc.addEventListener(
      'datachannel',
      ({ channel: incoming }) => {
        if (incoming.label === label) watch(incoming, false);
      },
      { signal },
    );
  }
  return channel;
}

/**
 * Sends app data.
 * @throws {RtcKitError} `'data-channel-not-open'` when there is no channel or it is not open yet.
 */
export function sendData(channel: RTCDataChannel | null, data: string | ArrayBuffer | ArrayBufferView | Blob): void {
  if (!channel || channel.readyState !== 'open') throw new PeerKitError('data-channel-not-open');
  channel.send(data as string);
}

/** Sends a control message; returns whether it went out (`false` while the channel is off or not open). */
export function sendControlMessage(channel: RTCDataChannel | null, message: PeerControlMessage): boolean {
  if (!channel || channel.readyState !== 'open') return false;
  try {
    channel.send(encodePeerControlMessage(message));
    return true;
  } catch {
    return false;
  }
}

/** Where {@link routeChannelData} hands data-channel data. */
export interface ChannelDataRoutes {
  readonly app: (data: unknown) => void;
  readonly control: (message: PeerControlMessage) => void;
  readonly invalid: (error: RtcKitError) => void;
}

/** Hands app data to the app, and a control message (validated first) to rtckit, or its error to `invalid`. */
export function routeChannelData(data: unknown, routes: ChannelDataRoutes): void {
  const control = parsePeerControlMessage(data);
  if (control === null) routes.app(data);
  else if (control.ok) routes.control(control.message);
  else routes.invalid(control.error);
}
