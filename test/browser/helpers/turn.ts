// Browser-side access to the coturn the Vitest main process runs (see test/turn/turnServer.ts).
import { commands } from 'vitest/browser';
import type { TurnCredentials } from 'rtckit/server';
import type { TurnServerInfo } from '../../turn/turnServer';

declare module 'vitest/browser' {
  interface BrowserCommands {
    turnServerStatus(): Promise<{ available: boolean; required: boolean; message: string }>;
    startTurnServer(auth: 'static' | 'secret'): Promise<TurnServerInfo>;
    stopTurnServer(id: string): Promise<void>;
    turnServerLog(id: string): Promise<string>;
    freePort(): Promise<number>;
    /** `issuedAt`: the wall-clock time (ms since the epoch) to mint them at; default now. */
    mintTurnCredentials(options: {
      secret: string;
      user?: string;
      ttlSeconds: number;
      issuedAt?: number;
    }): Promise<TurnCredentials>;
  }
}

/**
 * Whether the coturn tests can run. Without coturn they are skipped with a warning on a developer's
 * machine, and fail under CI (`.ci/run` installs coturn and sets CI=true).
 */
export async function coturnAvailable(): Promise<boolean> {
  const status = await commands.turnServerStatus();
  if (status.available) return true;
  if (status.required) throw new Error(status.message);
  console.warn(`Skipping the coturn tests. ${status.message}`);
  return false;
}

export const turnUrl = (server: TurnServerInfo, transport: 'udp' | 'tcp' = 'udp') =>
  `turn:${server.host}:${server.port}?transport=${transport}`;

export const stunUrl = (server: TurnServerInfo) => `stun:${server.host}:${server.port}`;

/** The static user's ICE server entry. */
export function staticTurn(server: TurnServerInfo, overrides: Partial<RTCIceServer> = {}): RTCIceServer {
  return { urls: turnUrl(server), username: server.username!, credential: server.password!, ...overrides };
}
