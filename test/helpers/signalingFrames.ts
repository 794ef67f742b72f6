// Masked WebSocket frames built by hand, to write a flood in one TCP write, and a quantile, for the
// signaling node tests and npm run bench:signaling (no Vitest here: the bench runs in plain Node).
import type { WebSocket } from 'ws';

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
export function writeRaw(client: { readonly socket: WebSocket }, bytes: Buffer): void {
  (client.socket as unknown as { _socket: { write(data: Buffer): void } })._socket.write(bytes);
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
