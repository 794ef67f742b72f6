export {
  browserCodecCapabilities,
  codecPreferencesSupported,
  isRepairCodec,
  type CodecCapabilities,
  type CodecDirection,
  type CodecKind,
} from './codecCapabilities';
export {
  applyCodecPreferences,
  validateCodecPreferences,
  type CodecCheckOptions,
  type CodecPreferences,
} from './codecPreferences';
export { listCodecs, type CodecInfo, type CodecList, type CodecsByKind } from './listCodecs';
export { codecName, orderCodecs, type CodecLike } from './orderCodecs';
