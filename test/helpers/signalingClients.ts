// Raw ws clients of the signaling server for node tests and the bench: connect, authenticate,
// record every frame and the close code. The hand-built frames (signalingFrames.ts) are re-exported.
import { expect } from 'vitest';
import { WebSocket } from 'ws';

export { maskedPingFrame, maskedTextFrame, quantile, writeRaw } from './signalingFrames.ts';

export interface RawClient {
  readonly socket: WebSocket;
  readonly frames: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly ready: () => void;
}

/** Connects to `url`; sends `{type:'auth', token}` unless token is null. */
export async function rawClient(
  url: string,
  token: string | null,
  options: { headers?: Record<string, string> } = {},
): Promise<RawClient> {
  const socket = new WebSocket(url, { headers: options.headers });
  const frames: string[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  socket.on('message', (data) => frames.push(String(data)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  if (token !== null) socket.send(JSON.stringify({ type: 'auth', token }));
  const ready = () => expect(frames).toContain('{"type":"server:ready"}');
  return { socket, frames, closed, ready };
}

/** Waits until `check` stops throwing (5 s at most). */
export const until = (check: () => void, timeout = 5000) =>
  expect
    .poll(
      () => {
        try {
          check();
          return true;
        } catch {
          return false;
        }
      },
      { timeout },
    )
    .toBe(true);
