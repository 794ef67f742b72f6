export { createBroadcastSignaling, type BroadcastSignalingOptions } from './broadcastSignaling';
export { createMemorySignalingPair } from './memorySignaling';
export {
  PeerSession,
  type PeerClosedBy,
  type PeerDataChannelOptions,
  type PeerPoliteness,
  type PeerSessionOptions,
  type PeerSessionSnapshot,
} from './PeerSession';
export type { LocalVideoSender } from './localTracks';
export type { Signaling } from './Signaling';
export {
  MAX_SIGNALING_MESSAGE_BYTES,
  validateSignalingMessage,
  type JsonValue,
  type SignalingCandidate,
  type SignalingDescription,
  type SignalingMessage,
  type SignalingMessageType,
  type SignalingValidation,
  type ValidateSignalingMessageOptions,
} from './signalingMessage';
export {
  createWebSocketSignaling,
  SIGNALING_CLOSE_CODES,
  type ReconnectingSignaling,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketSignaling,
  type WebSocketSignalingOptions,
  type WebSocketSignalingSnapshot,
  type WebSocketSignalingStatus,
} from './webSocketSignaling';
export {
  encodePeerControlMessage,
  isPeerControlMessage,
  parsePeerControlMessage,
  type PeerControlMessage,
  type PeerControlParse,
  type VideoSizeHint,
} from './controlMessage';
export { applyOpusSettings, DEFAULT_OPUS_SETTINGS, resolveOpusSettings, type OpusSettings } from './opusSettings';
