// Applies the browser shims for RTCPeerConnection; imported here because this module creates connections.
import 'webrtc-adapter';
import { senderParametersOf } from '../abr/sharedSenderParameters';
import { systemClock, type Clock } from '../clock';
import { messageOf, RtcKitError } from '../errors';
import { validateIceServers } from '../ice/validateIceServers';
import { createStore, type ReadableStore } from '../store';
import { encodePeerControlMessage, parsePeerControlMessage, type PeerControlMessage } from './controlMessage';
import { originOf, sessionIdOf, ufragsOf } from './sdp';
import type { Signaling } from './Signaling';
import {
  validateSignalingMessage,
  type JsonValue,
  type SignalingCandidate,
  type SignalingDescription,
  type SignalingMessage,
} from './signalingMessage';

/** Which side gives way when both make an offer at once: `true`, `false`, or `'auto'` (decided with the other side). */
export type PeerPoliteness = boolean | 'auto';

/** The data channel a session opens; any `RTCDataChannelInit` field plus its label. */
export interface PeerDataChannelOptions extends RTCDataChannelInit {
  /** Default `'rtckit'`. */
  readonly label?: string;
}

/** Who ended the session. */
export type PeerClosedBy = 'local' | 'remote';

/** What a {@link PeerSession} holds right now. Replaced, never mutated, when something changes. */
export interface PeerSessionSnapshot {
  /** The current connection; `null` before the session starts or when its configuration is invalid. */
  readonly pc: RTCPeerConnection | null;
  readonly connectionState: RTCPeerConnectionState;
  readonly iceConnectionState: RTCIceConnectionState;
  readonly signalingState: RTCSignalingState;
  /** Every track the other peer sends, in one stream; a new stream whenever that set changes. */
  readonly remoteStream: MediaStream | null;
  /** The session's data channel, when the `dataChannel` option is on. */
  readonly dataChannel: RTCDataChannel | null;
  readonly dataChannelState: RTCDataChannelState | null;
  /** Whether this side gives way on glare (resolved when `polite` is `'auto'`). */
  readonly polite: boolean;
  /** Set when the session was closed here (`close()`) or by the other side (it sent `bye`). */
  readonly closedBy: PeerClosedBy | null;
  /** The last failure that affected the connection (invalid configuration, failed negotiation). */
  readonly error: RtcKitError | null;
}

/** Options for {@link PeerSession}. */
export interface PeerSessionOptions {
  /** How to reach the other peer. */
  readonly signaling: Signaling;
  /** Default `'auto'`: each side sends a random id in its `hello`, and the larger id is polite. */
  readonly polite?: PeerPoliteness;
  /** Passed to `RTCPeerConnection`; `iceServers` is validated first ({@link validateIceServers}). */
  readonly rtcConfig?: RTCConfiguration;
  /** The tracks to send; see {@link PeerSession.setLocalStream}. */
  readonly localStream?: MediaStream | null;
  /** Open a data channel: `true` for a negotiated channel `'rtckit'` with id 0 on both sides. */
  readonly dataChannel?: boolean | PeerDataChannelOptions;
  /** Largest incoming signaling message, in bytes. Default 64 KiB. */
  readonly maxMessageBytes?: number;
  /** Randomness for the `hello` id. */
  readonly clock?: Clock;
  /** The `RTCPeerConnection` implementation; default the global one. */
  readonly RTCPeerConnection?: new (configuration?: RTCConfiguration) => RTCPeerConnection;
  /** Called with every failure: rejected signaling messages, negotiation errors, bad configuration. */
  readonly onError?: (error: RtcKitError) => void;
  /** Called with the data of every `app` message from the other peer. */
  readonly onAppMessage?: (data: JsonValue) => void;
  /**
   * Called with `event.data` of every data channel message (strings, or ArrayBuffers) except
   * rtckit's own control messages (see {@link PeerSession.onControlMessage}).
   */
  readonly onDataChannelMessage?: (data: unknown) => void;
}

type Kind = 'audio' | 'video';
const KINDS: readonly Kind[] = ['audio', 'video'];
const MAX_PENDING_CANDIDATES = 500;
/** How many replaced connections' identities are remembered to drop their late messages. */
const MAX_RETIRED = 32;

interface PendingCandidate {
  readonly candidate: SignalingCandidate;
  /** Queued while an offer was being ignored: a failure to add it later is expected. */
  readonly whileIgnoring: boolean;
}

/**
 * One side of a call: an `RTCPeerConnection` driven by the W3C "perfect negotiation" pattern over a
 * {@link Signaling} channel, so either side may add, remove or replace tracks, restart ICE or open
 * the data channel at any time without glare. Candidates trickle, and those that arrive before the
 * remote description are queued until it is set. Every incoming message is validated first; a bad
 * one is reported through `onError` and changes nothing.
 *
 * The connection exists while someone subscribes (created on the first subscription, closed after
 * the last one leaves, deferred by a microtask so StrictMode's unsubscribe → subscribe keeps it).
 * On start a session says `hello`; when the other side restarts (a new `hello`), it starts afresh
 * with a new connection, and when the other side leaves (`bye`), it reports `closedBy: 'remote'`.
 *
 * @example
 * ```ts
 * const [a, b] = createMemorySignalingPair();
 * const caller = new PeerSession({ signaling: a, localStream: camera, dataChannel: true });
 * const callee = new PeerSession({ signaling: b, dataChannel: true });
 * callee.subscribe(() => (video.srcObject = callee.getSnapshot().remoteStream));
 * caller.subscribe(() => {});
 * caller.setLocalStream(otherCamera); // replaceTrack: no renegotiation
 * caller.close(); // callee reports connectionState 'closed', closedBy 'remote'
 * ```
 */
export class PeerSession implements ReadableStore<PeerSessionSnapshot> {
  #options: PeerSessionOptions;
  readonly #id: string;
  #remoteId: string | null = null;
  #localStream: MediaStream | null;
  #running = false;
  #closed = false;
  #unsubscribeSignaling: (() => void) | null = null;

  #pc: RTCPeerConnection | null = null;
  #abort: AbortController | null = null;
  #makingOffer = false;
  #ignoreOffer = false;
  #applyingRemote = false;
  #negotiationDeferred = false;
  #offerInFlight: Promise<void> = Promise.resolve();
  #inbox: Promise<void> = Promise.resolve();
  #trackOps: Promise<void> = Promise.resolve();
  #pendingCandidates: PendingCandidate[] = [];
  #senders: { readonly kind: Kind; readonly sender: RTCRtpSender }[] = [];
  #announced = new WeakSet<RTCRtpReceiver>();
  #watched = new WeakSet<RTCDtlsTransport>();
  #lastRemoteOrigin: string | null = null;
  #configKey = '';
  readonly #controlListeners = new Set<(message: PeerControlMessage) => void>();
  // The other side's connections that were replaced here (their SDP session ids and ICE username
  // fragments): a description or candidate of theirs still in flight is stale, and dropped.
  readonly #retiredSessions: string[] = [];
  readonly #retiredUfrags: string[] = [];
  // Settles when the current connection is torn down. Promises of a closed RTCPeerConnection may
  // never settle (the spec leaves them pending), so work queued behind one must not wait on it.
  #replaced = deferred();

  readonly #store = createStore<PeerSessionSnapshot>(
    {
      pc: null,
      connectionState: 'new',
      iceConnectionState: 'new',
      signalingState: 'stable',
      remoteStream: null,
      dataChannel: null,
      dataChannelState: null,
      polite: true,
      closedBy: null,
      error: null,
    },
    {
      onActive: () => this.#start(),
      onInactive: () =>
        queueMicrotask(() => {
          if (!this.#store.active) this.#stop();
        }),
    },
  );

  constructor(options: PeerSessionOptions) {
    this.#options = options;
    this.#localStream = options.localStream ?? null;
    const random = () => Math.floor((options.clock ?? systemClock).random() * 2 ** 40).toString(36);
    this.#id = `${random()}${random()}`;
    this.#store.update({ polite: this.#isPolite() });
  }

  /** @see ReadableStore.subscribe */
  readonly subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** @see ReadableStore.getSnapshot */
  readonly getSnapshot = (): PeerSessionSnapshot => this.#store.getSnapshot();

  /**
   * Replaces the options. Callbacks and `polite` apply at once; a changed `rtcConfig` is validated
   * and applied with `setConfiguration`; `localStream` is reconciled as by {@link setLocalStream}.
   * `signaling` and `dataChannel` are fixed for the session's life.
   */
  setOptions(options: PeerSessionOptions): void {
    const before = this.#options;
    this.#options = { ...options, signaling: before.signaling, dataChannel: before.dataChannel };
    this.#store.update({ polite: this.#isPolite() });
    const pc = this.#pc;
    if (pc && configKey(options.rtcConfig) !== this.#configKey) {
      const problems = validateIceServers(options.rtcConfig?.iceServers);
      if (problems.length) problems.forEach((problem) => this.#report(problem));
      else {
        try {
          pc.setConfiguration(options.rtcConfig ?? {});
          this.#configKey = configKey(options.rtcConfig);
        } catch (cause) {
          this.#report(new RtcKitError('invalid-rtc-config', { cause, detail: messageOf(cause) }));
        }
      }
    }
    if ('localStream' in options) this.setLocalStream(options.localStream ?? null);
  }

  /**
   * Sends the tracks of `stream`. For each kind, a track goes to an existing sender of that kind
   * with `replaceTrack` (no renegotiation), and a kind that went away (the camera turned off) gets
   * `replaceTrack(null)`, keeping the sender for later; only a track with no sender of its kind is
   * added, which renegotiates.
   */
  readonly setLocalStream = (stream: MediaStream | null): void => {
    if (stream === this.#localStream) return;
    this.#localStream = stream;
    this.#queueTrackSync();
  };

  /** Restarts ICE (new credentials, new candidates), e.g. after the network changed. */
  readonly restartIce = (): void => {
    this.#pc?.restartIce?.();
  };

  // ——— recovery (used by Reconnector, src/core/reconnect) ———

  /** The signaling this session talks over (fixed for its life). */
  get signaling(): Signaling {
    return this.#options.signaling;
  }

  /**
   * Replaces the connection with a new one, for when an ICE restart cannot bring it back: the old
   * `RTCPeerConnection` and data channel are closed, a new connection gets the same local tracks
   * and a new data channel, and the session says `hello` so the other side starts afresh too and
   * the negotiation is redone from the start. The snapshot's `pc`, `remoteStream` and
   * `dataChannel` move to the new objects. Does nothing before the session starts or after it closed.
   */
  readonly rebuild = (): void => {
    if (!this.#running) return;
    this.#teardownConnection();
    this.#openConnection();
    this.#send({ type: 'hello', id: this.#id, restart: true });
  };

  /**
   * Makes each video sender start again from a key frame. After an outage the other side's
   * decoder lacks the frames the current ones refer to, and Chromium's receiver waits about 3 s
   * before it asks for a key frame; calling this when the connection comes back brings the
   * picture back at once. There is no standard "send a key frame" call, so the active encodings
   * are switched off and on again (a re-enabled encoding starts with a key frame). Best effort: a
   * failure only means the other side waits for its own key-frame request.
   */
  readonly sendKeyFrames = (): Promise<void> => {
    const run = this.#trackOps.then(() => this.#untilReplaced(this.#restartEncodings()));
    this.#trackOps = run;
    return run;
  };

  async #restartEncodings(): Promise<void> {
    const pc = this.#pc;
    if (!pc || pc.signalingState === 'closed') return;
    // Through the sender's one owner, so a restart never races bitrate adaptation's setParameters.
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind === 'video') await senderParametersOf(sender).restartFromKeyFrame();
    }
  }

  /** Sends an app message to the other peer over signaling (it arrives in their `onAppMessage`). */
  readonly sendAppMessage = (data: JsonValue): void => {
    this.#send({ type: 'app', data });
  };

  /**
   * Sends over the data channel.
   * @throws {RtcKitError} `'data-channel-not-open'` when the channel is off or not open yet.
   */
  readonly sendData = (data: string | ArrayBuffer | ArrayBufferView | Blob): void => {
    const channel = this.getSnapshot().dataChannel;
    if (!channel || channel.readyState !== 'open') throw new RtcKitError('data-channel-not-open');
    channel.send(data as string);
  };

  /**
   * Sends an rtckit control message (such as a receiver's video size hints) over the data channel,
   * where the other session hands it to its {@link onControlMessage} listeners, not to the app.
   * Returns whether it went out: `false` while the channel is off or not open.
   */
  readonly sendControlMessage = (message: PeerControlMessage): boolean => {
    const channel = this.getSnapshot().dataChannel;
    if (!channel || channel.readyState !== 'open') return false;
    try {
      channel.send(encodePeerControlMessage(message));
      return true;
    } catch {
      return false;
    }
  };

  /**
   * Listens to the other session's control messages (validated first; a malformed one goes to
   * `onError` instead). Returns the function that stops listening.
   */
  readonly onControlMessage = (listener: (message: PeerControlMessage) => void): (() => void) => {
    const entry = (message: PeerControlMessage) => listener(message);
    this.#controlListeners.add(entry);
    return () => void this.#controlListeners.delete(entry);
  };

  /**
   * Ends the session for good: tells the other side (`bye`), closes the connection and the data
   * channel, and stops listening to signaling. The signaling itself and the local tracks belong
   * to the caller and are left alone.
   */
  readonly close = (): void => {
    this.#closed = true;
    this.#stop();
  };

  // ——— lifecycle ———

  #start(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    this.#unsubscribeSignaling = this.#options.signaling.subscribe((raw) => this.#receive(raw));
    this.#openConnection();
    this.#send({ type: 'hello', id: this.#id });
  }

  #stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#send({ type: 'bye' });
    this.#unsubscribeSignaling?.();
    this.#unsubscribeSignaling = null;
    this.#teardownConnection();
    this.#remoteId = null;
    this.#store.update({ ...CLOSED, closedBy: 'local', polite: this.#isPolite() });
  }

  #openConnection(): void {
    const config = this.#options.rtcConfig ?? {};
    const problems = validateIceServers(config.iceServers);
    if (problems.length) {
      problems.forEach((problem) => this.#report(problem));
      return;
    }
    const Connection = this.#options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
    if (typeof Connection !== 'function') {
      this.#report(new RtcKitError('webrtc-unsupported'));
      return;
    }
    let pc: RTCPeerConnection;
    try {
      pc = new Connection(config);
    } catch (cause) {
      this.#report(new RtcKitError('invalid-rtc-config', { cause, detail: messageOf(cause) }));
      return;
    }
    this.#pc = pc;
    this.#configKey = configKey(config);
    const abort = new AbortController();
    this.#abort = abort;
    const on = <K extends keyof RTCPeerConnectionEventMap>(
      type: K,
      listener: (event: RTCPeerConnectionEventMap[K]) => void,
    ) => pc.addEventListener(type, listener, { signal: abort.signal });

    on('negotiationneeded', () => this.#negotiate(pc));
    on('icecandidate', ({ candidate }) => {
      if (candidate?.candidate) this.#send({ type: 'candidate', candidate: candidate.toJSON() as SignalingCandidate });
    });
    on('track', ({ receiver, track }) => {
      this.#announced.add(receiver);
      track.addEventListener('ended', () => this.#syncRemoteTracks(pc), { signal: abort.signal });
      this.#syncRemoteTracks(pc);
    });
    on('signalingstatechange', () => {
      this.#publishStates(pc);
      if (pc.signalingState !== 'stable') return;
      this.#syncRemoteTracks(pc);
      this.#watchTransports(pc, abort.signal);
      if (this.#negotiationDeferred && pc.currentRemoteDescription) queueMicrotask(() => this.#negotiate(pc));
    });
    on('connectionstatechange', () => this.#publishStates(pc));
    on('iceconnectionstatechange', () => this.#publishStates(pc));

    const dataChannel = this.#openDataChannel(pc, abort.signal);
    this.#store.update({
      pc,
      ...statesOf(pc),
      remoteStream: null,
      dataChannel,
      dataChannelState: dataChannel?.readyState ?? null,
      closedBy: null,
      error: null,
    });
    this.#queueTrackSync();
  }

  #teardownConnection(): void {
    const pc = this.#pc;
    if (pc) this.#retire(pc);
    this.#replaced.resolve();
    this.#replaced = deferred();
    this.#pc = null;
    this.#abort?.abort();
    this.#abort = null;
    this.#makingOffer = false;
    this.#ignoreOffer = false;
    this.#applyingRemote = false;
    this.#negotiationDeferred = false;
    this.#pendingCandidates = [];
    this.#senders = [];
    this.#announced = new WeakSet();
    this.#lastRemoteOrigin = null;
    if (!pc) return;
    this.getSnapshot().dataChannel?.close();
    pc.close();
  }

  /** `work`, or nothing once the connection it runs on is replaced, so that the queue behind it moves on. */
  #untilReplaced(work: Promise<void>): Promise<void> {
    return Promise.race([work, this.#replaced.promise]);
  }

  /** Remembers the other side's identities on a connection being replaced (see #retiredSessions). */
  #retire(pc: RTCPeerConnection): void {
    const remember = (list: string[], value: string | null) => {
      if (value === null || list.includes(value)) return;
      list.push(value);
      if (list.length > MAX_RETIRED) list.shift();
    };
    for (const description of [pc.currentRemoteDescription, pc.pendingRemoteDescription]) {
      if (!description) continue;
      remember(this.#retiredSessions, sessionIdOf(description.sdp));
      for (const ufrag of ufragsOf(description.sdp)) remember(this.#retiredUfrags, ufrag);
    }
  }

  // ——— signaling in ———

  #receive(raw: unknown): void {
    const result = validateSignalingMessage(raw, { maxBytes: this.#options.maxMessageBytes });
    if (!result.ok) {
      this.#options.onError?.(result.error);
      return;
    }
    // One message at a time, in order: a candidate is never handled before the description before it.
    this.#inbox = this.#inbox
      .then(() => this.#untilReplaced(this.#handle(result.message)))
      .catch((cause: unknown) => this.#report(new RtcKitError('unknown', { cause, detail: messageOf(cause) })));
  }

  async #handle(message: SignalingMessage): Promise<void> {
    if (!this.#running) return;
    switch (message.type) {
      case 'app':
        this.#options.onAppMessage?.(message.data);
        return;
      case 'hello':
        return this.#onHello(message.id, message.reply === true, message.restart === true);
      case 'bye':
        return this.#onBye();
      case 'description':
        return this.#onDescription(message.description, message.for);
      case 'candidate':
        return this.#onCandidate(message.candidate);
      default:
        message satisfies never;
    }
  }

  #onHello(id: string | undefined, reply: boolean, restart: boolean): void {
    if (id) {
      this.#remoteId = id;
      this.#store.update({ polite: this.#isPolite() });
    }
    if (reply) {
      this.#offerFirst();
      return;
    }
    this.#send({ type: 'hello', id: this.#id, reply: true });
    const pc = this.#pc;
    if (!pc || restart || pc.remoteDescription || this.getSnapshot().closedBy === 'remote') {
      // The other side (re)started, or rebuilt its connection: whatever this connection had with
      // its previous one is gone. Start afresh, and say hello too, so that a side that did not
      // really restart (a duplicated or forged hello) starts afresh as well instead of waiting on
      // a dead connection.
      this.#teardownConnection();
      this.#openConnection();
      this.#send({ type: 'hello', id: this.#id });
    } else if (pc.signalingState === 'have-local-offer' && pc.localDescription && !this.#makingOffer) {
      // Our offer went out before the other side listened; send it again (a duplicate is ignored there).
      this.#sendDescription(pc);
    } else {
      this.#offerFirst();
    }
  }

  /**
   * The impolite side opens the first negotiation as soon as it knows the other side is there,
   * even with nothing to send yet, so the polite side (which never makes the first offer) can
   * answer and then offer what it has.
   */
  #offerFirst(): void {
    const pc = this.#pc;
    if (!pc || this.#isPolite() || pc.currentRemoteDescription || pc.signalingState !== 'stable' || this.#makingOffer) {
      return;
    }
    this.#negotiate(pc);
  }

  /**
   * A DTLS transport that closes while our connection is open means the other side closed its
   * connection (it sent a DTLS close_notify): as good as a `bye`, and it works without signaling.
   */
  #watchTransports(pc: RTCPeerConnection, signal: AbortSignal): void {
    const transports = new Set<RTCDtlsTransport>();
    for (const { transport } of [...pc.getSenders(), ...pc.getReceivers()]) if (transport) transports.add(transport);
    if (pc.sctp?.transport) transports.add(pc.sctp.transport);
    for (const transport of transports) {
      if (this.#watched.has(transport)) continue;
      this.#watched.add(transport);
      transport.addEventListener(
        'statechange',
        () => {
          if (transport.state === 'closed' && pc === this.#pc) this.#onBye();
        },
        { signal },
      );
    }
  }

  #onBye(): void {
    if (!this.#pc) return;
    this.#teardownConnection();
    this.#remoteId = null;
    this.#store.update({ ...CLOSED, closedBy: 'remote', polite: this.#isPolite() });
  }

  async #onDescription(description: SignalingDescription, meantFor: string | undefined): Promise<void> {
    const pc = this.#pc;
    if (!pc) return;
    // Stale after a connection was replaced (rebuild, or the other side started afresh): meant for
    // a connection of ours that is gone, or sent by one of theirs that is gone.
    if (meantFor !== undefined && meantFor !== sessionIdOf(pc.localDescription?.sdp ?? '')) return;
    const session = sessionIdOf(description.sdp);
    if (session !== null && this.#retiredSessions.includes(session)) return;
    const origin = originOf(description.sdp);
    const duplicate = origin !== null && origin === this.#lastRemoteOrigin;
    if (duplicate && pc.signalingState === 'stable') return;

    const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
    this.#ignoreOffer = !this.#isPolite() && collision;
    if (this.#ignoreOffer) return;
    if (description.type === 'answer' && pc.signalingState !== 'have-local-offer') {
      if (!duplicate) {
        this.#report(new RtcKitError('negotiation-failed', { detail: 'An answer arrived when no offer was pending.' }));
      }
      return;
    }
    this.#applyingRemote = true;
    try {
      if (collision) {
        // Polite: let our own offer finish, then take theirs; applying it rolls ours back.
        await this.#offerInFlight;
        await this.#applyOfferOverOurs(pc, description);
      } else {
        await pc.setRemoteDescription(description);
      }
      this.#lastRemoteOrigin = origin;
      if (pc !== this.#pc) return;
      await this.#flushCandidates(pc);
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        if (pc !== this.#pc || !pc.localDescription) return;
        this.#sendDescription(pc);
      }
      this.#syncRemoteTracks(pc);
    } catch (cause) {
      if (pc === this.#pc) {
        this.#report(
          new RtcKitError('negotiation-failed', {
            cause,
            detail: `Applying the ${description.type}: ${messageOf(cause)}`,
          }),
        );
      }
    } finally {
      this.#applyingRemote = false;
    }
  }

  /**
   * Applies a remote offer in 'have-local-offer'. Current browsers roll our offer back implicitly
   * (and must: an explicit rollback first leaves a moment in 'stable' in which Chromium may drop
   * the ICE gathering of the answer); older ones refuse, and get the explicit rollback.
   */
  async #applyOfferOverOurs(pc: RTCPeerConnection, offer: SignalingDescription): Promise<void> {
    try {
      await pc.setRemoteDescription(offer);
    } catch (cause) {
      if (pc.signalingState !== 'have-local-offer') throw cause;
      await pc.setLocalDescription({ type: 'rollback' });
      await pc.setRemoteDescription(offer);
    }
  }

  async #onCandidate(candidate: SignalingCandidate | null): Promise<void> {
    const pc = this.#pc;
    if (!pc || !candidate || candidate.candidate === '') return;
    if (candidate.usernameFragment && this.#retiredUfrags.includes(candidate.usernameFragment)) return;
    if (!pc.remoteDescription) {
      this.#pendingCandidates.push({ candidate, whileIgnoring: this.#ignoreOffer });
      if (this.#pendingCandidates.length > MAX_PENDING_CANDIDATES) this.#pendingCandidates.shift();
      return;
    }
    await this.#addCandidate(pc, candidate, this.#ignoreOffer);
  }

  async #flushCandidates(pc: RTCPeerConnection): Promise<void> {
    const pending = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const { candidate, whileIgnoring } of pending) await this.#addCandidate(pc, candidate, whileIgnoring);
  }

  async #addCandidate(pc: RTCPeerConnection, candidate: SignalingCandidate, expectFailure: boolean): Promise<void> {
    // A candidate of another ICE generation (a replaced connection, or before an ICE restart) is stale.
    const ufrag = candidate.usernameFragment;
    if (ufrag && pc.remoteDescription && !ufragsOf(pc.remoteDescription.sdp).includes(ufrag)) return;
    try {
      await pc.addIceCandidate(candidate as RTCIceCandidateInit);
    } catch (cause) {
      if (!expectFailure && pc === this.#pc) {
        this.#report(new RtcKitError('ice-candidate-failed', { cause, detail: messageOf(cause) }), false);
      }
    }
  }

  // ——— signaling out ———

  #negotiate(pc: RTCPeerConnection): void {
    // While a remote description is being applied, an offer of ours would cross it; and the
    // first negotiation is always the impolite side's: rolling back a first offer (glare on
    // the very first exchange) stalls Chromium's ICE gathering for good. Either way the
    // negotiation is made up for once the connection is back in 'stable' with a remote side.
    if (this.#applyingRemote || (this.#isPolite() && !pc.currentRemoteDescription)) {
      this.#negotiationDeferred = true;
      return;
    }
    this.#negotiationDeferred = false;
    this.#offerInFlight = (async () => {
      this.#makingOffer = true;
      try {
        await pc.setLocalDescription();
        if (pc !== this.#pc || pc.localDescription?.type !== 'offer') return;
        this.#sendDescription(pc);
      } catch (cause) {
        if (pc === this.#pc) {
          this.#report(
            new RtcKitError('negotiation-failed', { cause, detail: `Making an offer: ${messageOf(cause)}` }),
          );
        }
      } finally {
        if (pc === this.#pc) this.#makingOffer = false;
      }
    })();
  }

  /** Sends the local description, naming the other side's connection it belongs to (see `for`). */
  #sendDescription(pc: RTCPeerConnection): void {
    if (!pc.localDescription) return;
    const meantFor = sessionIdOf(pc.remoteDescription?.sdp ?? '');
    this.#send({
      type: 'description',
      description: toDescription(pc.localDescription),
      ...(meantFor === null ? {} : { for: meantFor }),
    });
  }

  #send(message: SignalingMessage): void {
    try {
      this.#options.signaling.send(message);
    } catch (cause) {
      this.#report(new RtcKitError('signaling-failed', { cause, detail: messageOf(cause) }), false);
    }
  }

  // ——— tracks ———

  #queueTrackSync(): void {
    this.#trackOps = this.#trackOps.then(() => this.#untilReplaced(this.#syncLocalTracks()));
  }

  async #syncLocalTracks(): Promise<void> {
    const pc = this.#pc;
    if (!pc || pc.signalingState === 'closed') return;
    const stream = this.#localStream;
    for (const kind of KINDS) {
      const wanted = (stream?.getTracks() ?? []).filter((t) => t.kind === kind && t.readyState !== 'ended');
      const senders = this.#senders.filter((entry) => entry.kind === kind).map((entry) => entry.sender);
      for (let i = 0; i < Math.max(wanted.length, senders.length); i++) {
        const track = wanted[i] ?? null;
        const sender = senders[i];
        if (sender) {
          if (sender.track === track) continue;
          try {
            await sender.replaceTrack(track);
          } catch (cause) {
            if (pc === this.#pc)
              this.#report(new RtcKitError('track-replace-failed', { cause, detail: messageOf(cause) }));
          }
        } else if (track && stream) {
          this.#senders.push({ kind, sender: pc.addTrack(track, stream) });
        }
        if (pc !== this.#pc) return;
      }
    }
  }

  #syncRemoteTracks(pc: RTCPeerConnection): void {
    if (pc !== this.#pc) return;
    const tracks = pc
      .getTransceivers()
      .filter(
        (t) =>
          this.#announced.has(t.receiver) &&
          t.receiver.track.readyState === 'live' &&
          (t.currentDirection === null || t.currentDirection === 'sendrecv' || t.currentDirection === 'recvonly'),
      )
      .map((t) => t.receiver.track);
    const current = this.getSnapshot().remoteStream;
    const unchanged =
      (current?.getTracks().length ?? 0) === tracks.length &&
      tracks.every((track) => current?.getTrackById(track.id) === track);
    if (!unchanged) this.#store.update({ remoteStream: tracks.length ? new MediaStream(tracks) : null });
  }

  // ——— data channel ———

  #openDataChannel(pc: RTCPeerConnection, signal: AbortSignal): RTCDataChannel | null {
    const option = this.#options.dataChannel;
    if (!option) return null;
    const { label = 'rtckit', ...init } = option === true ? {} : option;
    const negotiated = init.negotiated ?? true;
    const channelInit: RTCDataChannelInit = negotiated ? { id: 0, ...init, negotiated } : { ...init, negotiated };
    let channel: RTCDataChannel;
    try {
      channel = pc.createDataChannel(label, channelInit);
    } catch (cause) {
      this.#report(new RtcKitError('invalid-rtc-config', { cause, detail: `Data channel: ${messageOf(cause)}` }));
      return null;
    }
    const watch = (target: RTCDataChannel, own: boolean) => {
      target.binaryType = 'arraybuffer';
      target.addEventListener('message', ({ data }) => this.#onChannelData(data), { signal });
      if (!own) return;
      const publish = () => {
        if (this.getSnapshot().dataChannel === target) this.#store.update({ dataChannelState: target.readyState });
      };
      for (const type of ['open', 'close', 'closing'] as const) target.addEventListener(type, publish, { signal });
    };
    watch(channel, true);
    if (!negotiated) {
      // The other side may open its own channel in-band: receive on it too.
      pc.addEventListener(
        'datachannel',
        ({ channel: incoming }) => {
          if (incoming.label === label) watch(incoming, false);
        },
        { signal },
      );
    }
    return channel;
  }

  #onChannelData(data: unknown): void {
    const control = parsePeerControlMessage(data);
    if (control === null) {
      this.#options.onDataChannelMessage?.(data);
      return;
    }
    if (!control.ok) {
      this.#report(control.error, false);
      return;
    }
    for (const listener of [...this.#controlListeners]) listener(control.message);
  }

  // ——— state ———

  #isPolite(): boolean {
    const polite = this.#options.polite ?? 'auto';
    if (typeof polite === 'boolean') return polite;
    if (!this.#remoteId || this.#remoteId === this.#id) return true;
    return this.#id > this.#remoteId;
  }

  #publishStates(pc: RTCPeerConnection): void {
    if (pc === this.#pc) this.#store.update(statesOf(pc));
  }

  #report(error: RtcKitError, affectsConnection = true): void {
    if (affectsConnection) this.#store.update({ error });
    this.#options.onError?.(error);
  }
}

const CLOSED = {
  connectionState: 'closed',
  iceConnectionState: 'closed',
  signalingState: 'closed',
  remoteStream: null,
  dataChannelState: 'closed',
} as const satisfies Partial<PeerSessionSnapshot>;

function statesOf(pc: RTCPeerConnection) {
  return {
    connectionState: pc.connectionState ?? fromIceState(pc.iceConnectionState),
    iceConnectionState: pc.iceConnectionState,
    signalingState: pc.signalingState,
  };
}

/** For implementations without `connectionState`. */
function fromIceState(state: RTCIceConnectionState): RTCPeerConnectionState {
  return state === 'checking' ? 'connecting' : state === 'completed' ? 'connected' : state;
}

function toDescription(description: RTCSessionDescription): SignalingDescription {
  return { type: description.type as 'offer' | 'answer', sdp: description.sdp };
}

function deferred(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function configKey(config: RTCConfiguration | undefined): string {
  try {
    return JSON.stringify(config ?? {});
  } catch {
    return String(Math.random());
  }
}
