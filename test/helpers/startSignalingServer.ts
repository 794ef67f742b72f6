// The flat options the tests, the interop harness and Storybook's global setup start the
// signaling server with (the reference example's earlier API): one shared token or a check,
// every origin, limits as flat options. A thin wrapper over createSignalingServer.
// A relative path, not rtckit/server: vitest.config.ts loads this file (through the interop
// harness) before its aliases exist.
import { createSignalingServer, type SignalingLimits } from '../../src/server/index.ts';

export interface StartSignalingServerOptions extends Partial<SignalingLimits> {
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
  readonly verifyToken?: (token: string | undefined, context: { room: string }) => boolean | Promise<boolean>;
}

export function startSignalingServer(options: StartSignalingServerOptions = {}) {
  const { host, port, token, verifyToken, ...limits } = options;
  return createSignalingServer({
    auth: verifyToken ? { verify: verifyToken } : { token: token ?? '' },
    origins: 'any',
    host,
    port,
    limits,
  });
}
