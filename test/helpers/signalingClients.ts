// Raw ws clients of the signaling server for node tests and the bench: connect, authenticate,
// record every frame and the close code; masked frames built by hand to write a flood in one TCP write.
import { expect } from 'vitest';
import { WebSocket } from 'ws';

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

/** A masked client text frame (mask key 0: the payload stays readable), as a browser would send it. */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header =
    length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

/** A masked ping frame: the server answers it after everything written before it. */
export function maskedPingFrame(): Buffer {
  return Buffer.from([0x89, 0x80, 0, 0, 0, 0]);
}

/** Writes raw bytes on a client's TCP socket, all in one write. */
export function writeRaw(client: RawClient, bytes: Buffer): void {
  (client.socket as unknown as { _socket: { write(data: Buffer): void } })._socket.write(bytes);
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
