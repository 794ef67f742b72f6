export { abrInputFrom, type AbrInputOptions } from './abrInput';
export { IDLE_ABR_SNAPSHOT } from './abrSnapshot';
export {
  BitrateController,
  type AbrReason,
  type AdaptiveBitrateSnapshot,
  type AppliedEncoding,
  type BitrateControllerOptions,
} from './BitrateController';
export {
  DEFAULT_ABR_POLICY,
  initialAbrState,
  rungNeed,
  type AbrAction,
  type AbrDecideOptions,
  type AbrDecision,
  type AbrEstimate,
  type AbrHoldReason,
  type AbrInput,
  type AbrPolicy,
  type AbrShortfall,
  type AbrState,
  type AbrStepReason,
  type AbrTick,
} from './abrPolicy';
export { decide, decideOnEstimate } from './decide';
export { AUDIO_ONLY_RUNG, DEFAULT_LADDER, isAudioOnly, validateLadder, type Rung } from './ladder';
export {
  ABR_MODES,
  planEncodings,
  type AbrMode,
  type EncodingLimit,
  type EncodingPlan,
  type PlanEncodingsInput,
  type TileSize,
} from './planEncodings';
export {
  DEFAULT_PLAYOUT_DELAY_POLICY,
  initialPlayoutDelayState,
  nextPlayoutDelay,
  type PlayoutDelayInput,
  type PlayoutDelayPolicy,
  type PlayoutDelayState,
} from './playoutDelay';
export { PlayoutDelayGuard, type PlayoutDelayGuardOptions, type PlayoutDelaySnapshot } from './PlayoutDelayGuard';
export { sharedJitterBufferOriginals, type JitterBufferOriginals } from './sharedJitterBufferOriginals';
export { SenderParameters, type OriginalSenderParameters } from './senderParameters';
export { senderParametersOf, sharedSenderParameters, type SenderParametersRegistry } from './sharedSenderParameters';
export { reportTileSize, sharedTileSizes, subscribeTileSizes, tileSizeOf } from './sharedTileSizes';
export { TileSizeRegistry, type TileSizeReport } from './TileSizeRegistry';
export { VideoHintReporter, type VideoHintReporterOptions, type VideoHintReporterSnapshot } from './VideoHintReporter';
