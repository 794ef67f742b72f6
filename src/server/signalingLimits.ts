import { RtcKitError } from '../core/errors.ts';

/** The limits of `createSignalingServer`; every one has a default. */
export interface SignalingLimits {
  /** Larger messages are refused (`too-large`); far larger ones close the socket (1009). Default 64 KiB. */
  readonly maxMessageBytes: number;
  /** Members of a room, across every process of a broker. Default 2 (a call). */
  readonly maxPeersPerRoom: number;
  /** Sustained messages per second per connection; the rest are dropped (`rate-limited`). Default 50. */
  readonly ratePerSecond: number;
  /** Messages a connection may send at once. Default 200. */
  readonly rateBurst: number;
  /**
   * Messages dropped by the rate limit within one second after which the connection is closed with
   * 4008 `flooding` and stops being read: whatever it has still queued is never parsed, so a flood
   * costs the server a bounded amount of work however long it is. An honest client that only runs
   * over its rate drops a few per second, far below this. Default 500.
   */
  readonly maxDroppedPerSecond: number;
  /** Time to send the auth frame, in ms (closed 4001). Default 5000. */
  readonly authTimeoutMs: number;
  /** Ping interval; a connection that missed the last pong is dropped. Default 15 000 ms. */
  readonly heartbeatMs: number;
  /** Messages kept for the next member while a client is alone in its room. Default 200 per room. */
  readonly maxHeldMessages: number;
  /** Bytes of held messages in the whole process; beyond it they are refused (`held-full`). Default 16 MiB. */
  readonly maxHeldBytes: number;
  /**
   * A connection whose unsent data (`bufferedAmount`) passes this is closed with 4009: a client
   * that does not read must not make the server hold its partner's traffic. Default 1 MiB.
   */
  readonly maxBufferedBytes: number;
  /** Connections at once (authenticated or not); more are refused with HTTP 503. Default 10 000. */
  readonly maxConnections: number;
}

export const DEFAULT_SIGNALING_LIMITS: SignalingLimits = {
  maxMessageBytes: 65_536, // 64 KiB; literals, so that the module does no work at import
  maxPeersPerRoom: 2,
  ratePerSecond: 50,
  rateBurst: 200,
  maxDroppedPerSecond: 500,
  authTimeoutMs: 5000,
  heartbeatMs: 15_000,
  maxHeldMessages: 200,
  maxHeldBytes: 16_777_216, // 16 MiB
  maxBufferedBytes: 1_048_576, // 1 MiB
  maxConnections: 10_000,
};

/**
 * `defaults` with `overrides`, each checked: a positive finite number (the limits of the signaling
 * server and of the report ingest; `owner` names which in the error).
 */
export function resolveLimits<T extends object>(defaults: T, overrides: Partial<T> = {}, owner: string): T {
  const limits = { ...defaults, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new RtcKitError('invalid-option', {
        detail: `${owner}: limits.${name} must be a positive finite number.`,
      });
    }
  }
  return limits;
}

/**
 * A token bucket: `take()` is a subtraction and a comparison, so a flood costs no more than
 * dropping it.
 */
export function createRateLimiter(ratePerSecond: number, burst: number, now: () => number) {
  let tokens = burst;
  let refilledAt = now();
  return {
    take(): boolean {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * ratePerSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** A message held for whoever joins the room next. */
export interface HeldMessage {
  readonly peer: string;
  readonly text: string;
}

/**
 * Messages sent while their sender was alone in its room (a first offer would otherwise be lost),
 * capped per room and, in bytes, over the whole process.
 */
export function createHeldMessages(maxPerRoom: number, maxBytes: number) {
  const rooms = new Map<string, HeldMessage[]>();
  let bytes = 0;
  const size = (message: HeldMessage) => message.text.length * 2;
  const set = (room: string, messages: HeldMessage[]) => {
    if (messages.length) rooms.set(room, messages);
    else rooms.delete(room);
  };
  return {
    /** Holds a message; false when the room's or the process's budget is spent. */
    hold(room: string, message: HeldMessage): boolean {
      const waiting = rooms.get(room) ?? [];
      if (waiting.length >= maxPerRoom || bytes + size(message) > maxBytes) return false;
      waiting.push(message);
      bytes += size(message);
      rooms.set(room, waiting);
      return true;
    },
    /** Takes the room's held messages (not those of `except`, who would get its own back). */
    take(room: string, except: string): HeldMessage[] {
      const waiting = rooms.get(room) ?? [];
      rooms.delete(room);
      for (const message of waiting) bytes -= size(message);
      return waiting.filter((message) => message.peer !== except);
    },
    /** Drops what `peer` sent: it left before anybody came. */
    dropFrom(room: string, peer: string): void {
      const waiting = rooms.get(room);
      if (!waiting) return;
      const kept = waiting.filter((message) => message.peer !== peer);
      for (const message of waiting) if (message.peer === peer) bytes -= size(message);
      set(room, kept);
    },
    get bytes() {
      return bytes;
    },
  };
}
