import type { RetryPolicy } from '../backoff';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import type { RtcKitError } from '../errors';
import { printable } from '../errors';
import { redactUrl } from '../redactUrl';
import { PeerKitError } from './peerErrors';
import { reconnectBackoff } from '../reconnect/reconnectBackoff';
import { createStore, type ReadableStore } from '../store';
import { createMessageListeners } from './messageListeners';
import type { Signaling } from './Signaling';

/** The part of the `WebSocket` API the adapter uses; the browser's, or `ws`'s in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** A `WebSocket` constructor. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Where the connection to the signaling server is. */
export type WebSocketSignalingStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What {@link WebSocketSignaling.state} holds. */
export interface WebSocketSignalingSnapshot {
  readonly status: WebSocketSignalingStatus;
  /** Failed attempts in a row; 0 while open. */
  readonly attempt: number;
  /** Messages waiting for the connection. */
  readonly queued: number;
  /** When the next attempt is due (the injected clock's time), while one is scheduled. */
  readonly nextRetryAt: number | null;
  /** Why the last attempt failed, or why the adapter gave up (`status: 'closed'`). */
  readonly error: RtcKitError | null;
}

/** Options for {@link createWebSocketSignaling}. */
export interface WebSocketSignalingOptions {
  /**
   * The bearer token the server checks: a string, or a function called before every connection
   * attempt, so a short-lived token is refreshed on each reconnect (and once more when the server
   * refuses it).
   */
  readonly token?: string | (() => string | Promise<string>);
  /**
   * Delay before each reconnection attempt, or `null` to give up; called with `reason:
   * 'signaling-lost'`. Default: `reconnectBackoff({ giveUpAfterMs: Infinity })` — full jitter from
   * the first retry (0–3 s, then 0–6 s, … up to 30 s), so clients that lost the server together
   * come back spread out, and never giving up.
   */
  readonly retry?: RetryPolicy;
  /** Messages kept while the connection is down; the oldest are dropped beyond this. Default 1000. */
  readonly maxQueuedMessages?: number;
  /**
   * Larger incoming frames are dropped and reported (`invalid-signaling-message`), so a hostile or
   * broken server cannot make the page hold huge messages. Default 64 KiB (the server's own limit).
   */
  readonly maxMessageBytes?: number;
  /** Timers and jitter. */
  readonly clock?: Clock;
  /** The WebSocket implementation; default `globalThis.WebSocket` (pass `ws`'s in Node). */
  readonly WebSocket?: WebSocketConstructor;
  /** Called with every connection failure, refusal and give-up. */
  readonly onError?: (error: RtcKitError) => void;
}

/**
 * A {@link Signaling} that reconnects by itself and says where it stands; `Reconnector` (and so
 * `useAutoReconnect`) watches such a signaling to pause recovery while it is down and to hurry it
 * when the network comes back. {@link createWebSocketSignaling} returns one.
 */
export interface ReconnectingSignaling extends Signaling {
  /** The connection state, as a store: `state.subscribe(() => state.getSnapshot().status)`. */
  readonly state: ReadableStore<Pick<WebSocketSignalingSnapshot, 'status' | 'attempt' | 'nextRetryAt'>>;
  /**
   * Tries to connect now: a pending retry runs at once with its backoff reset, and after a give-up
   * (`status: 'closed'` with an error) the adapter starts again. Does nothing while connected or
   * connecting, and after `close()`.
   */
  reconnect(): void;
}

/** A {@link Signaling} over WebSocket, with its connection state. */
export interface WebSocketSignaling extends ReconnectingSignaling {
  /** The connection state, as a store: `state.subscribe(() => state.getSnapshot().status)`. */
  readonly state: ReadableStore<WebSocketSignalingSnapshot>;
}

/**
 * Close codes of rtckit's signaling server (`createSignalingServer` in rtckit/server): a refused
 * token, a full room, a bad request, a client too slow to read what it is sent, a connection
 * replaced by a newer one of the same peer.
 *
 * @example
 * ```ts
 * socket.close(SIGNALING_CLOSE_CODES.unauthorized, 'token refused'); // in your own server
 * ```
 */
export const SIGNALING_CLOSE_CODES = {
  unauthorized: 4001,
  roomFull: 4003,
  policy: 4008,
  tooSlow: 4009,
  replaced: 4010,
} as const;

const IDLE: WebSocketSignalingSnapshot = { status: 'idle', attempt: 0, queued: 0, nextRetryAt: null, error: null };

/**
 * {@link Signaling} through a WebSocket server such as the reference server in
 * `examples/signaling-server` (a room per URL; a `peer` query parameter with a random id is added
 * so the server recognises a reconnecting client). On connecting it sends `{ type: 'auth', token }`
 * and waits for the server's `{ type: 'server:ready' }` before sending anything else. While the
 * connection is down, messages are queued and it reconnects with backoff (timers from the injected
 * clock), fetching a fresh token first when `token` is a function; `reconnect()` skips the wait
 * (`useAutoReconnect` calls it when the browser comes back online).
 *
 * The socket is opened when the first listener subscribes and closed after the last one leaves,
 * so creating the adapter during a render is free.
 *
 * @example
 * ```ts
 * const signaling = createWebSocketSignaling('wss://signal.example.org/?room=42', {
 *   token: () => fetch('/api/signaling-token').then((r) => r.text()),
 * });
 * signaling.state.subscribe(() => console.log(signaling.state.getSnapshot().status));
 * const session = new PeerSession({ signaling });
 * ```
 */
export function createWebSocketSignaling(url: string, options: WebSocketSignalingOptions = {}): WebSocketSignaling {
  const clock = options.clock ?? systemClock;
  const retry = options.retry ?? reconnectBackoff({ giveUpAfterMs: Infinity });
  const maxQueued = options.maxQueuedMessages ?? 1000;
  const maxMessageBytes = options.maxMessageBytes ?? 64 * 1024;
  const store = createStore<WebSocketSignalingSnapshot>(IDLE);
  // The socket is closed a microtask after the last listener leaves, so StrictMode's
  // unsubscribe → subscribe keeps it.
  const listeners = createMessageListeners({
    onInactive: () => {
      if (!running) return;
      stop();
      publish({ status: 'idle', attempt: 0, error: null });
    },
    deferInactive: true,
  });
  let queue: string[] = [];
  let socket: WebSocketLike | null = null;
  let ready = false;
  let running = false;
  let closed = false;
  let timer: TimerHandle | null = null;
  let attempt = 0;
  let failingSince: number | null = null;
  let refusedTokens = 0;
  // Bumped whenever a connection attempt is abandoned, so late callbacks of old sockets do nothing.
  let generation = 0;
  // Sent as ?peer=, so the server knows a reconnecting client and replaces its stale socket.
  const peerId = Math.floor(clock.random() * 2 ** 48).toString(36);

  const publish = (patch: Partial<WebSocketSignalingSnapshot>) => store.update({ queued: queue.length, ...patch });
  const report = (error: RtcKitError) => options.onError?.(error);

  const flush = () => {
    while (ready && socket && queue.length) {
      const text = queue[0]!;
      try {
        socket.send(text);
      } catch {
        return;
      }
      queue.shift();
    }
    publish({});
  };

  const giveUp = (error: RtcKitError) => {
    stop();
    publish({ status: 'closed', error });
    report(error);
  };

  const scheduleRetry = (error: RtcKitError) => {
    attempt += 1;
    failingSince ??= clock.now();
    const delay = retry({
      attempt,
      elapsedMs: clock.now() - failingSince,
      random: clock.random(),
      reason: 'signaling-lost',
    });
    if (delay === null) {
      giveUp(new PeerKitError('signaling-failed', { detail: `Gave up after ${attempt} attempts.`, cause: error }));
      return;
    }
    publish({ status: 'reconnecting', attempt, nextRetryAt: clock.now() + delay, error });
    report(error);
    timer = clock.setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    const mine = ++generation;
    publish({ status: attempt === 0 ? 'connecting' : 'reconnecting', attempt, nextRetryAt: null });
    let token: string | undefined;
    try {
      token = typeof options.token === 'function' ? await options.token() : options.token;
    } catch (cause) {
      if (mine === generation && running) {
        scheduleRetry(new PeerKitError('signaling-unauthorized', { detail: 'Fetching the token failed.', cause }));
      }
      return;
    }
    if (mine !== generation || !running) return;
    const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (typeof WebSocketImpl !== 'function') {
      giveUp(new PeerKitError('signaling-failed', { detail: 'WebSocket is not available here.' }));
      return;
    }
    let ws: WebSocketLike;
    try {
      ws = new WebSocketImpl(withPeerId(url, peerId));
    } catch (cause) {
      // The query may carry a room name or a token: it stays out of the message.
      giveUp(new PeerKitError('signaling-failed', { detail: `Cannot open ${redactUrl(url)}.`, cause }));
      return;
    }
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify(token === undefined ? { type: 'auth' } : { type: 'auth', token }));
    ws.onmessage = ({ data }) => {
      if (socket !== ws) return;
      if (frameBytes(data) > maxMessageBytes) {
        report(
          new PeerKitError('invalid-signaling-message', {
            detail: `A frame from the server is over maxMessageBytes (${maxMessageBytes}); dropped.`,
          }),
        );
        return;
      }
      if (typeof data === 'string' && data.startsWith('{"type":"server:')) {
        onServerNotice(data);
        return;
      }
      if (!ready) return;
      listeners.deliver(data);
    };
    ws.onclose = ({ code, reason }) => {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      if (!running) return;
      if (code === SIGNALING_CLOSE_CODES.unauthorized) {
        refusedTokens += 1;
        const error = new PeerKitError('signaling-unauthorized', { detail: reason || undefined });
        // A function may fetch a fresh token; a fixed string will be refused again.
        if (typeof options.token === 'function' && refusedTokens < 2) scheduleRetry(error);
        else giveUp(error);
      } else if (code === SIGNALING_CLOSE_CODES.roomFull) {
        giveUp(new PeerKitError('signaling-failed', { detail: reason || 'The room is full.' }));
      } else if (code === SIGNALING_CLOSE_CODES.replaced) {
        // Another connection of the same peer (a second tab) took the place; coming back would evict it.
        giveUp(new PeerKitError('signaling-failed', { detail: 'Another connection of this peer joined the room.' }));
      } else {
        scheduleRetry(new PeerKitError('signaling-failed', { detail: `The connection closed (code ${code}).` }));
      }
    };
    ws.onerror = () => {};
  };

  const onServerNotice = (data: string) => {
    let notice: { type?: unknown; reason?: unknown };
    try {
      notice = JSON.parse(data) as typeof notice;
    } catch {
      return;
    }
    if (notice.type === 'server:ready') {
      ready = true;
      attempt = 0;
      failingSince = null;
      refusedTokens = 0;
      publish({ status: 'open', attempt: 0, error: null });
      flush();
    } else if (notice.type === 'server:refused') {
      report(
        new PeerKitError('signaling-failed', { detail: `The server refused a message (${printable(notice.reason)}).` }),
      );
    }
  };

  const start = () => {
    if (running || closed) return;
    running = true;
    void connect();
  };

  function stop() {
    running = false;
    generation += 1;
    ready = false;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    attempt = 0;
    failingSince = null;
    const ws = socket;
    socket = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.onopen = null;
      try {
        ws.close(1000, 'done');
      } catch {
        // Closing a socket that is still connecting throws in some implementations; it is gone either way.
      }
    }
  }

  return {
    state: { subscribe: store.subscribe, getSnapshot: store.getSnapshot },
    reconnect() {
      // Only when waiting: a retry timer pending, or given up. An attempt in progress is left alone.
      if (closed || !listeners.active || socket !== null) return;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      attempt = 0;
      failingSince = null;
      refusedTokens = 0;
      running = true;
      void connect();
    },
    send(message) {
      if (closed) return;
      queue.push(JSON.stringify(message));
      if (queue.length > maxQueued) queue = queue.slice(queue.length - maxQueued);
      flush();
    },
    subscribe(listener) {
      if (closed) return () => {};
      const unsubscribe = listeners.subscribe(listener);
      start();
      return unsubscribe;
    },
    close() {
      if (closed) return;
      closed = true;
      stop();
      queue = [];
      publish({ status: 'closed', attempt: 0 });
    },
  };
}

/** The size of a frame: bytes, or for text its UTF-16 length (never more than its UTF-8 bytes, so the cap holds). */
function frameBytes(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return 0;
}

function withPeerId(url: string, peerId: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('peer')) parsed.searchParams.set('peer', peerId);
    return parsed.toString();
  } catch {
    return url;
  }
}
