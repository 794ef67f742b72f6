// rtckit/server: Node-only helpers for your backend. Not re-exported by `rtckit` or `rtckit/core`,
// and not resolvable under the `browser` condition, so it never lands in a browser bundle.
// ws, jose, ioredis and prom-client are optional peer dependencies, loaded only by what uses them.
export {
  createTurnCredentials,
  createTurnIceServer,
  type CreateTurnCredentialsOptions,
  type CreateTurnIceServerOptions,
  type TurnCredentials,
} from './turnCredentials.ts';
export { createSignalingServer, type CreateSignalingServerOptions, type SignalingServer } from './signalingServer.ts';
export { type SignalingAuthFailure, type SignalingMetrics, type SignalingRefusal } from './signalingMetrics.ts';
export {
  createReportIngest,
  DEFAULT_REPORT_INGEST_LIMITS,
  type CreateReportIngestOptions,
  type ReportAuth,
  type ReportIngestLimits,
  type ReportIngestMetrics,
} from './reportIngest.ts';
export { REPORT_REFUSAL_STATUS, type ReportRefusal } from './reportRefusal.ts';
export { createReportBatchParser, type ReportBatch } from './reportSchema.ts';
export { REPORT_BUCKETS } from './reportMetrics.ts';
export { createServerMetrics, type CreateServerMetricsOptions, type ServerMetrics } from './serverMetrics.ts';
export { type RequestHandler } from './requestHandler.ts';
export { type SignalingAuth } from './signalingAuth.ts';
export {
  createSignalingToken,
  type CreateSignalingTokenOptions,
  type JoinTokenKey,
  type JoinTokenRefusal,
  type JoinTokenVerification,
} from './joinToken.ts';
export { DEFAULT_SIGNALING_LIMITS, type SignalingLimits } from './signalingLimits.ts';
export {
  createMemoryBroker,
  type BrokerEvent,
  type JoinOutcome,
  type RoomMember,
  type SignalingBroker,
} from './signalingBroker.ts';
export { createRedisBroker, type RedisBrokerOptions } from './redisBroker.ts';
