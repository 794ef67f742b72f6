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
export {
  probeIce,
  type IceCandidateErrorInfo,
  type IceCandidateType,
  type IceProbeFailure,
  type IceProbeResult,
  type IceProbeStatus,
  type IceServerKind,
  type ProbeIceOptions,
} from './probeIce';
export { IceProber, type IceProberOptions, type IceProberSnapshot, type IceProberStatus } from './IceProber';
