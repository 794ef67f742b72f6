import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWebSocketSignaling,
  exponentialBackoff,
  reconnectBackoff,
  type ReconnectReason,
  type RetryPolicy,
  type WebSocketLike,
} from 'rtckit/core';
import { VirtualClock } from 'rtckit/testing';

const REASONS: ReconnectReason[] = [
  'disconnected',
  'failed',
  'restart-timeout',
  'peer-restarted',
  'signaling-lost',
  'offline',
  'network-changed',
];

describe('reconnectBackoff', () => {
  const policy = reconnectBackoff();

  it('retries a call at once the first time and after a failed verdict, then with growing random delays', () => {
    expect(policy({ attempt: 1, elapsedMs: 0, reason: 'disconnected', random: 0.99 })).toBe(0);
    expect(policy({ attempt: 4, elapsedMs: 30_000, reason: 'failed', random: 0.99 })).toBe(0);
    expect(policy({ attempt: 2, elapsedMs: 100, reason: 'restart-timeout', random: 0.5 })).toBe(1500);
    expect(policy({ attempt: 3, elapsedMs: 100, reason: 'restart-timeout', random: 0.5 })).toBe(3000);
    expect(policy({ attempt: 30, elapsedMs: 100, reason: 'restart-timeout', random: 0.5 })).toBe(15_000); // capped at 30 s
  });

  it('jitters every retry of a lost signaling server, the first one too', () => {
    expect(policy({ attempt: 1, elapsedMs: 0, reason: 'signaling-lost', random: 0.5 })).toBe(1500);
    expect(policy({ attempt: 1, elapsedMs: 0, reason: 'signaling-lost', random: 0 })).toBe(0);
    expect(policy({ attempt: 2, elapsedMs: 0, reason: 'signaling-lost', random: 0.5 })).toBe(3000);
  });

  it('gives up at the bound, and never with Infinity', () => {
    expect(policy({ attempt: 1, elapsedMs: 59_999, reason: 'disconnected', random: 0 })).toBe(0);
    expect(policy({ attempt: 1, elapsedMs: 60_000, reason: 'disconnected', random: 0 })).toBeNull();
    const forever = reconnectBackoff({ giveUpAfterMs: Infinity });
    expect(forever({ attempt: 500, elapsedMs: 1e9, reason: 'signaling-lost', random: 0.5 })).toBe(15_000);
  });

  it('keeps every delay within [0, min(cap, initial × 2^(n−1))] for any attempt, time, reason and random draw', () => {
    const initialMs = 3000;
    const maxMs = 30_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 59_999 }),
        fc.constantFrom(...REASONS),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, elapsedMs, reason, random) => {
          const delay = policy({ attempt, elapsedMs, reason, random });
          expect(delay).not.toBeNull();
          const jitteredAttempt = reason === 'signaling-lost' ? attempt : attempt - 1;
          const immediate = reason !== 'signaling-lost' && (attempt === 1 || reason === 'failed');
          const bound = immediate ? 0 : Math.min(maxMs, initialMs * 2 ** (jitteredAttempt - 1));
          expect(delay!).toBeGreaterThanOrEqual(0);
          expect(delay!).toBeLessThanOrEqual(bound);
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('draws delays across the whole range (full jitter), not around one value', () => {
    const draws = Array.from({ length: 1000 }, (_, i) =>
      policy({ attempt: 3, elapsedMs: 0, reason: 'restart-timeout', random: i / 1000 }),
    ) as number[];
    expect(Math.min(...draws)).toBeLessThan(100);
    expect(Math.max(...draws)).toBeGreaterThan(5900);
  });
});

/**
 * 10,000 WebSocket adapters with their default retry policy connect to one server, which goes
 * away at the same instant for all; it stays away, so every retry fails a moment later. Returns the
 * virtual times of each client's n-th reconnection attempt, per n (a "wave"); a client's attempt
 * after its last recorded wave never completes, which ends the simulation.
 */
function herd(
  clients: number,
  waves: number,
  retry?: RetryPolicy,
  clock: VirtualClock = new VirtualClock({ seed: 7 }),
) {
  let serverUp = true;
  const attempts = new Map<number, number>();
  const times: number[][] = Array.from({ length: waves }, () => []);
  let current = 0;
  class ServerSocket implements WebSocketLike {
    readyState = 0;
    onopen: ((event: never) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: never) => void) | null = null;
    static live: ServerSocket[] = [];
    constructor() {
      const client = current;
      const n = attempts.get(client) ?? 0;
      attempts.set(client, n + 1);
      if (n > 0 && n <= waves) times[n - 1]!.push(clock.now());
      // Enough waves recorded for this client: this attempt hangs, which ends its retries.
      if (n >= waves) return;
      // The server answers (or the connection is refused) a millisecond later.
      clock.setTimeout(() => {
        if (!serverUp) return this.drop();
        this.readyState = 1;
        this.onopen?.(undefined as never);
        this.onmessage?.({ data: '{"type":"server:ready"}' });
        ServerSocket.live.push(this);
      }, 1);
    }
    send() {}
    close() {
      this.readyState = 3;
    }
    drop() {
      this.readyState = 3;
      this.onclose?.({ code: 1006, reason: '' });
    }
  }
  const adapters = Array.from({ length: clients }, (_, i) => {
    const adapter = createWebSocketSignaling('ws://127.0.0.1:9/?room=herd', {
      WebSocket: class extends ServerSocket {
        constructor() {
          current = i;
          super();
        }
      },
      clock,
      ...(retry ? { retry } : {}),
    });
    adapter.subscribe(() => {});
    return adapter;
  });
  clock.advance(10);
  expect(adapters.every((adapter) => adapter.state.getSnapshot().status === 'open')).toBe(true);

  // The server goes away: every client loses it at the same instant.
  serverUp = false;
  for (const socket of ServerSocket.live.splice(0)) socket.drop();
  clock.advance(10 * 60_000);
  adapters.forEach((adapter) => adapter.close());
  return times;
}

/** The largest share of `times` that falls in any window of `windowMs` (a sliding window). */
function busiestWindowShare(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most / sorted.length;
}

// 10,000 adapters on a virtual clock: a couple of seconds alone, more while the machine is busy.
describe('no thundering herd', { timeout: 60_000 }, () => {
  it('spreads every retry wave of 10,000 clients that lost the server at once: no 100 ms holds more than 5 %', () => {
    const waves = herd(10_000, 6);
    const shares = waves.map((times) => busiestWindowShare(times, 100));
    console.log(`busiest 100 ms per wave: ${shares.map((s) => `${(s * 100).toFixed(1)} %`).join(', ')}`);
    for (const [i, times] of waves.entries()) {
      expect(times, `wave ${i + 1}`).toHaveLength(10_000); // every client retried, so the wave is complete
      expect(shares[i], `wave ${i + 1}`).toBeLessThanOrEqual(0.05);
    }
    // The first wave already spreads over seconds rather than landing at once.
    expect(Math.max(...waves[0]!) - Math.min(...waves[0]!)).toBeGreaterThan(2500);
  });

  it('would catch a herd: the same measure fails for 30 % jitter and for none', () => {
    const partial = herd(10_000, 3, exponentialBackoff({ initialMs: 500, jitter: 0.3 }));
    expect(Math.max(...partial.map((times) => busiestWindowShare(times, 100)))).toBeGreaterThan(0.05);
    const none = herd(2_000, 2, exponentialBackoff({ initialMs: 500, jitter: 0 }));
    expect(busiestWindowShare(none[0]!, 100)).toBe(1);
  });
});
