// Each side says `hello` when it starts (and when it rebuilds its connection, with `restart`);
// the other side replies with a `hello` of its own (`reply`). This decides what a hello means for
// the connection the session has.

/** What a session does with the connection when the other side says `hello`. */
export type HelloResponse =
  /** Open the first negotiation if this side is the impolite one (see `PerfectNegotiation.offerFirst`). */
  | 'offer-first'
  /** Replace the connection with a new one and say hello again. */
  | 'start-afresh'
  /** Send the pending offer again: it went out before the other side listened. */
  | 'resend-offer';

/** The hello that arrived. */
export interface Hello {
  /** It answers our own hello. */
  readonly reply: boolean;
  /** The other side rebuilt its connection. */
  readonly restart: boolean;
}

/**
 * What to do on a `hello`, given the connection (`null` when there is none). A reply only means
 * the other side listens now. Otherwise, when the other side (re)started or rebuilt, whatever
 * this connection had with its previous one is gone: start afresh — also when this connection
 * already has a remote side or was closed by the other side, so that a side that did not really
 * restart (a duplicated or forged hello) starts afresh as well instead of waiting on a dead
 * connection. An offer of ours that is pending (and not being made right now) is sent again; a
 * duplicate is ignored there.
 */
export function helloResponse(
  hello: Hello,
  connection: {
    readonly pc: RTCPeerConnection;
    readonly makingOffer: boolean;
    readonly closedByRemote: boolean;
  } | null,
): HelloResponse {
  if (hello.reply) return 'offer-first';
  if (!connection) return 'start-afresh';
  const { pc, makingOffer, closedByRemote } = connection;
  if (hello.restart || pc.remoteDescription || closedByRemote) return 'start-afresh';
  if (pc.signalingState === 'have-local-offer' && pc.localDescription && !makingOffer) return 'resend-offer';
  return 'offer-first';
}
