export {
  IceServerError,
  validateIceServers,
  type IceServerRule,
  type ValidateIceServersOptions,
} from './validateIceServers';
export {
  TurnCredentialsError,
  assertFreshTurnCredentials,
  checkTurnCredentials,
  parseTurnRestUsername,
  type CheckTurnCredentialsOptions,
  type TurnRestUsername,
} from './turnCredentials';
export type {
  IceCandidateErrorInfo,
  IceCandidateType,
  IceProbeFailure,
  IceProbeResult,
  IceProbeStatus,
  IceServerKind,
} from './iceProbeResult';
export { probeIce, type ProbeIceOptions } from './probeIce';
export { IceProber, type IceProberOptions, type IceProberSnapshot, type IceProberStatus } from './IceProber';
