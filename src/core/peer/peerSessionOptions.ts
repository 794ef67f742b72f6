import type { CodecPreferences } from '../codecs/codecPreferences';
import type { Clock } from '../clock';
import type { RtcKitError } from '../errors';
import type { Signaling } from './Signaling';
import type { OpusSettings } from './opusSettings';
import type { JsonValue } from './signalingMessage';

/** Which side gives way when both make an offer at once: `true`, `false`, or `'auto'` (decided with the other side). */
export type PeerPoliteness = boolean | 'auto';

/** The data channel a session opens; any `RTCDataChannelInit` field plus its label. */
export interface PeerDataChannelOptions extends RTCDataChannelInit {
  /** Default `'rtckit'`. */
  readonly label?: string;
}

/** Options for {@link PeerSession}. */
export interface PeerSessionOptions {
  /** How to reach the other peer. */
  readonly signaling: Signaling;
  /** Default `'auto'`: each side sends a random id in its `hello`, and the larger id is polite. */
  readonly polite?: PeerPoliteness;
  /** Passed to `RTCPeerConnection`; `iceServers` is validated first ({@link validateIceServers}). */
  readonly rtcConfig?: RTCConfiguration;
  /**
   * The codecs this side prefers to receive, most preferred first per kind, e.g.
   * `{ video: ['VP9', 'VP8'], audio: ['opus'] }` (names case-insensitive; a kind left out keeps
   * the browser's order). Applied with `setCodecPreferences` before every offer and answer; each
   * side decides what it receives, so give both sides the same list for one codec both ways.
   * Checked when the connection is made, like `rtcConfig.iceServers`: a malformed value is an
   * `'invalid-option'` error and a codec this browser can neither send nor receive a
   * `'codec-unsupported'` one (see `listCodecs()`), and then no connection is made. Skipped where
   * the browser has no `setCodecPreferences`. A change through `setOptions` applies from the next
   * negotiation on.
   */
  readonly codecs?: CodecPreferences;
  /** The tracks to send; see {@link PeerSession.setLocalStream}. */
  readonly localStream?: MediaStream | null;
  /** Open a data channel: `true` for a negotiated channel `'rtckit'` with id 0 on both sides. */
  readonly dataChannel?: boolean | PeerDataChannelOptions;
  /**
   * How this side encodes the Opus audio it sends (FEC, DTX, stereo, a bitrate cap), written into
   * each remote description before it is applied: the only standard way today. Default
   * {@link DEFAULT_OPUS_SETTINGS} (in-band FEC on). Invalid settings are an `invalid-option`
   * error, and no connection is made. A change applies from the next negotiation.
   */
  readonly opus?: OpusSettings;
  /** Largest incoming signaling message, in bytes. Default 64 KiB. */
  readonly maxMessageBytes?: number;
  /** Randomness for the `hello` id. */
  readonly clock?: Clock;
  /** The `RTCPeerConnection` implementation; default the global one. */
  readonly RTCPeerConnection?: new (configuration?: RTCConfiguration) => RTCPeerConnection;
  /** Called with every failure: rejected signaling messages, negotiation errors, bad configuration. */
  readonly onError?: (error: RtcKitError) => void;
  /** Called with the data of every `app` message from the other peer. */
  readonly onAppMessage?: (data: JsonValue) => void;
  /**
   * Called with `event.data` of every data channel message (strings, or ArrayBuffers) except
   * rtckit's own control messages (see {@link PeerSession.onControlMessage}).
   */
  readonly onDataChannelMessage?: (data: unknown) => void;
}
