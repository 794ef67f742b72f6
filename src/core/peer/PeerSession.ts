// Applies the browser shims for RTCPeerConnection; imported here because this module creates connections.
import './browserShims';
import { senderParametersOf } from '../abr/sharedSenderParameters';
import { systemClock } from '../clock';
import { applyCodecPreferences, validateCodecPreferences, type CodecPreferences } from '../codecs/codecPreferences';
import { EngineUnit } from '../engineUnit';
import { messageOf, type RtcKitError } from '../errors';
import { sameValue } from '../sameValue';
import { PeerKitError } from './peerErrors';
import type { PeerControlMessage } from './controlMessage';
import { DtlsCloseWatch } from './dtlsClose';
import { openDataChannel, routeChannelData, sendControlMessage, sendData } from './dataChannel';
import { helloResponse } from './hello';
import { LocalTrackSenders, type LocalVideoSender } from './localTracks';
import { PerfectNegotiation } from './negotiation';
import type { PeerSessionOptions } from './peerSessionOptions';
import { CLOSED, NOT_STARTED, statesOf, type PeerSessionSnapshot } from './peerSessionSnapshot';
import { helloId, isPolite } from './politeness';
import { applyOpusSettings, resolveOpusSettings } from './opusSettings';
import { RemoteTracks } from './remoteStream';
import { applyRtcConfiguration, createPeerConnection, sameRtcConfiguration } from './rtcConfiguration';
import type { Signaling } from './Signaling';
import {
  validateSignalingMessage,
  type JsonValue,
  type SignalingCandidate,
  type SignalingDescription,
  type SignalingMessage,
} from './signalingMessage';
import { StaleMessageFilter } from './staleMessageFilter';

export type { PeerDataChannelOptions, PeerPoliteness, PeerSessionOptions } from './peerSessionOptions';
export type { PeerClosedBy, PeerSessionSnapshot } from './peerSessionSnapshot';

/** What belongs to one RTCPeerConnection of the session, replaced with it. */
interface Connection {
  readonly abort: AbortController;
  readonly negotiation: PerfectNegotiation;
  readonly localSenders: LocalTrackSenders;
  readonly remoteTracks: RemoteTracks;
  readonly closeWatch: DtlsCloseWatch;
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
export class PeerSession extends EngineUnit<PeerSessionSnapshot> {
  #options: PeerSessionOptions;
  readonly #id: string;
  #remoteId: string | null = null;
  #localStream: MediaStream | null;
  #running = false;
  #closed = false;
  #unsubscribeSignaling: (() => void) | null = null;

  #pc: RTCPeerConnection | null = null;
  #connection: Connection | null = null;
  #inbox: Promise<void> = Promise.resolve();
  #trackOps: Promise<void> = Promise.resolve();
  #rtcConfig: RTCConfiguration | undefined;
  #codecs: CodecPreferences | undefined;
  readonly #controlListeners = new Set<(message: PeerControlMessage) => void>();
  readonly #stale = new StaleMessageFilter();
  // Settles when the current connection is torn down. Promises of a closed RTCPeerConnection may
  // never settle (the spec leaves them pending), so work queued behind one must not wait on it.
  #replaced = deferred();

  constructor(options: PeerSessionOptions) {
    super(NOT_STARTED, { onActive: () => this.#start(), onInactive: () => this.#stop(), deferInactive: true });
    this.#options = options;
    this.#localStream = options.localStream ?? null;
    this.#codecs = options.codecs;
    this.#id = helloId(options.clock ?? systemClock);
    this.store.update({ polite: this.#isPolite() });
  }

  /**
   * Replaces the options. Callbacks and `polite` apply at once; a changed `rtcConfig` is validated
   * and applied with `setConfiguration`; changed `codecs` are validated and apply from the next
   * negotiation; `localStream` is reconciled as by {@link setLocalStream}.
   * `signaling` and `dataChannel` are fixed for the session's life.
   */
  setOptions(options: PeerSessionOptions): void {
    const before = this.#options;
    this.#options = { ...options, signaling: before.signaling, dataChannel: before.dataChannel };
    this.store.update({ polite: this.#isPolite() });
    const pc = this.#pc;
    if (pc && !sameRtcConfiguration(options.rtcConfig, this.#rtcConfig)) {
      const problems = applyRtcConfiguration(pc, options.rtcConfig);
      if (problems.length) problems.forEach((problem) => this.#report(problem));
      else this.#rtcConfig = options.rtcConfig;
    }
    if (!sameValue(options.codecs, before.codecs)) {
      const problems = validateCodecPreferences(options.codecs);
      if (problems.length) problems.forEach((problem) => this.#report(problem));
      else this.#codecs = options.codecs;
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
   *
   * It also asks the other session (a `key-frames` signaling message) to restart its video the
   * same way: after an outage only one side may have seen trouble (the other's connection never
   * left `connected`), and both pictures need a key frame.
   */
  readonly sendKeyFrames = (): Promise<void> => {
    if (this.#running) this.#send({ type: 'key-frames' });
    return this.#restartOwnVideo();
  };

  #restartOwnVideo(): Promise<void> {
    const run = this.#trackOps.then(() => this.#untilReplaced(this.#restartEncodings()));
    this.#trackOps = run;
    return run;
  }

  async #restartEncodings(): Promise<void> {
    const pc = this.#pc;
    if (!pc || pc.signalingState === 'closed') return;
    // Tracks attached again first: after an outage Chromium's video send stream can come back
    // recreated and fed by nothing (0 frames encoded, for good), which no key frame revives.
    const isCurrent = () => pc === this.#pc;
    await this.#connection?.localSenders.reattach(isCurrent, (error) => this.#report(error));
    // Through the sender's one owner, so a restart never races bitrate adaptation's setParameters.
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind === 'video') await senderParametersOf(sender).restartFromKeyFrame();
    }
  }

  /**
   * The current connection's video senders, each with the track the app gave it (`null` while the
   * camera is off). Read by the reconnector's send-stall watch.
   *
   * @example
   * ```ts
   * for (const { sender, track } of session.localVideoSenders()) console.log(sender.track === track);
   * ```
   */
  readonly localVideoSenders = (): readonly LocalVideoSender[] => this.#connection?.localSenders.video() ?? [];

  /**
   * Attaches to `sender` the video track the app gave it again (`replaceTrack` with the remembered
   * track), then restarts it from a key frame. For a send stream that encodes nothing while the
   * app's track is live (Chromium can recreate one so after an outage); queued behind track
   * changes. Best effort: a failed `replaceTrack` goes to `onError`.
   *
   * @example
   * ```ts
   * const [video] = session.localVideoSenders();
   * if (video) await session.reattachVideo(video.sender);
   * ```
   */
  readonly reattachVideo = (sender: RTCRtpSender): Promise<void> => {
    const pc = this.#pc;
    const isCurrent = () => pc !== null && pc === this.#pc;
    const run = this.#trackOps.then(() =>
      this.#untilReplaced(
        (async () => {
          const senders = this.#connection?.localSenders;
          if (!senders || !pc || !isCurrent() || pc.signalingState === 'closed') return;
          await senders.reattach(isCurrent, (error) => this.#report(error), sender);
          if (isCurrent() && sender.track?.kind === 'video') await senderParametersOf(sender).restartFromKeyFrame();
        })(),
      ),
    );
    this.#trackOps = run;
    return run;
  };

  /** Sends an app message to the other peer over signaling (it arrives in their `onAppMessage`). */
  readonly sendAppMessage = (data: JsonValue): void => {
    this.#send({ type: 'app', data });
  };

  /**
   * Sends over the data channel.
   * @throws {RtcKitError} `'data-channel-not-open'` when the channel is off or not open yet.
   */
  readonly sendData = (data: string | ArrayBuffer | ArrayBufferView | Blob): void =>
    sendData(this.getSnapshot().dataChannel, data);

  /**
   * Sends an rtckit control message (such as a receiver's video size hints) over the data channel,
   * where the other session hands it to its {@link onControlMessage} listeners, not to the app.
   * Returns whether it went out: `false` while the channel is off or not open.
   */
  readonly sendControlMessage = (message: PeerControlMessage): boolean =>
    sendControlMessage(this.getSnapshot().dataChannel, message);

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
    this.store.update({ ...CLOSED, closedBy: 'local', polite: this.#isPolite() });
  }

  #openConnection(): void {
    const opus = resolveOpusSettings(this.#options.opus);
    if ('problem' in opus) {
      this.#report(opus.problem);
      return;
    }
    const created = createPeerConnection(
      this.#options.rtcConfig ?? {},
      this.#options.RTCPeerConnection ?? globalThis.RTCPeerConnection,
      this.#codecs,
    );
    if ('problems' in created) {
      created.problems.forEach((problem) => this.#report(problem));
      return;
    }

    const pc = created;
    const abort = new AbortController();
    const connection: Connection = {
      abort,
      negotiation: new PerfectNegotiation(pc, {
        isPolite: () => this.#isPolite(),
        send: (message) => this.#send(message),
        report: (error, affectsConnection) => this.#report(error, affectsConnection),
        onRemoteDescription: () => this.#syncRemoteTracks(pc),
        onOwnOfferRolledBack: () => this.#queueTrackReattach(pc),
        beforeLocalDescription: () => applyCodecPreferences(pc, this.#codecs, (error) => this.#report(error, false)),
        stale: this.#stale,
        prepareRemoteDescription: (description) => this.#withOpusSettings(description),
      }),
      localSenders: new LocalTrackSenders(pc),
      remoteTracks: new RemoteTracks(),
      closeWatch: new DtlsCloseWatch(pc),
    };
    this.#pc = pc;
    this.#connection = connection;
    this.#rtcConfig = this.#options.rtcConfig;
    const on = <K extends keyof RTCPeerConnectionEventMap>(
      type: K,
      listener: (event: RTCPeerConnectionEventMap[K]) => void,
    ) => pc.addEventListener(type, listener, { signal: abort.signal });

    on('negotiationneeded', () => connection.negotiation.negotiate());
    on('icecandidate', ({ candidate }) => {
      if (candidate?.candidate) this.#send({ type: 'candidate', candidate: candidate.toJSON() as SignalingCandidate });
    });
    on('track', ({ receiver, track }) => {
      connection.remoteTracks.announce(receiver);
      track.addEventListener('ended', () => this.#syncRemoteTracks(pc), { signal: abort.signal });
      this.#syncRemoteTracks(pc);
    });
    on('signalingstatechange', () => {
      this.#publishStates(pc);
      if (pc.signalingState !== 'stable') return;
      this.#syncRemoteTracks(pc);
      connection.closeWatch.watch(abort.signal, () => pc === this.#pc && this.#onBye());
      connection.negotiation.onStable();
    });
    on('connectionstatechange', () => this.#publishStates(pc));
    on('iceconnectionstatechange', () => this.#publishStates(pc));

    const dataChannel = openDataChannel(pc, this.#options.dataChannel, {
      signal: abort.signal,
      onData: (data) => this.#onChannelData(data),
      onStateChange: (channel) => {
        if (this.getSnapshot().dataChannel === channel) this.store.update({ dataChannelState: channel.readyState });
      },
      onError: (error) => this.#report(error),
    });
    this.store.update({
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
    if (pc) this.#stale.retire(pc);
    this.#replaced.resolve();
    this.#replaced = deferred();
    this.#pc = null;
    this.#connection?.negotiation.retire();
    this.#connection?.abort.abort();
    this.#connection = null;
    if (!pc) return;
    this.getSnapshot().dataChannel?.close();
    pc.close();
  }

  /** `work`, or nothing once the connection it runs on is replaced, so that the queue behind it moves on. */
  #untilReplaced(work: Promise<void>): Promise<void> {
    return Promise.race([work, this.#replaced.promise]);
  }

  // ——— signaling ———

  #receive(raw: unknown): void {
    const result = validateSignalingMessage(raw, { maxBytes: this.#options.maxMessageBytes });
    if (!result.ok) {
      this.#options.onError?.(result.error);
      return;
    }
    // One message at a time, in order: a candidate is never handled before the description before it.
    this.#inbox = this.#inbox
      .then(() => this.#untilReplaced(this.#handle(result.message)))
      .catch((cause: unknown) => this.#report(new PeerKitError('unknown', { cause, detail: messageOf(cause) })));
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
      case 'key-frames':
        // Not awaited: the restart queues behind track changes, and the inbox must not wait for it.
        void this.#restartOwnVideo().catch(() => {});
        return;
      case 'description':
        return this.#connection?.negotiation.onDescription(message.description, message.for);
      case 'candidate': {
        const { candidate } = message;
        if (!candidate || candidate.candidate === '') return;
        return this.#connection?.negotiation.onCandidate(candidate);
      }
      default:
        message satisfies never;
    }
  }

  #onHello(id: string | undefined, reply: boolean, restart: boolean): void {
    if (id) {
      this.#remoteId = id;
      this.store.update({ polite: this.#isPolite() });
    }
    if (!reply) this.#send({ type: 'hello', id: this.#id, reply: true });
    const pc = this.#pc;
    const negotiation = this.#connection?.negotiation;
    const closedByRemote = this.getSnapshot().closedBy === 'remote';
    const connection = pc && negotiation ? { pc, makingOffer: negotiation.makingOffer, closedByRemote } : null;
    const response = helloResponse({ reply, restart }, connection);
    switch (response) {
      case 'start-afresh':
        this.#teardownConnection();
        this.#openConnection();
        this.#send({ type: 'hello', id: this.#id });
        return;
      case 'resend-offer':
        return negotiation?.sendDescription();
      case 'offer-first':
        return negotiation?.offerFirst();
      default:
        response satisfies never;
    }
  }

  #onBye(): void {
    if (!this.#pc) return;
    this.#teardownConnection();
    this.#remoteId = null;
    this.store.update({ ...CLOSED, closedBy: 'remote', polite: this.#isPolite() });
  }

  #send(message: SignalingMessage): void {
    try {
      this.#options.signaling.send(message);
    } catch (cause) {
      this.#report(new PeerKitError('signaling-failed', { cause, detail: messageOf(cause) }), false);
    }
  }

  // ——— tracks and data ———

  #queueTrackSync(): void {
    this.#trackOps = this.#trackOps.then(() => this.#untilReplaced(this.#syncLocalTracks()));
  }

  #queueTrackReattach(pc: RTCPeerConnection): void {
    const isCurrent = () => pc === this.#pc;
    this.#trackOps = this.#trackOps.then(async () => {
      const senders = this.#connection?.localSenders;
      if (senders && isCurrent())
        await this.#untilReplaced(senders.reattach(isCurrent, (error) => this.#report(error)));
    });
  }

  async #syncLocalTracks(): Promise<void> {
    const pc = this.#pc;
    const isCurrent = () => pc === this.#pc;
    await this.#connection?.localSenders.sync(this.#localStream, isCurrent, (error) => this.#report(error));
  }

  #syncRemoteTracks(pc: RTCPeerConnection): void {
    const remoteTracks = this.#connection?.remoteTracks;
    if (pc !== this.#pc || !remoteTracks) return;
    this.store.update({ remoteStream: remoteTracks.streamOf(pc, this.getSnapshot().remoteStream) });
  }

  #onChannelData(data: unknown): void {
    routeChannelData(data, {
      app: (appData) => this.#options.onDataChannelMessage?.(appData),
      control: (message) => {
        for (const listener of [...this.#controlListeners]) listener(message);
      },
      invalid: (error) => this.#report(error, false),
    });
  }

  // ——— state ———

  /** The remote description with this side's Opus settings (as they are now) in it. */
  #withOpusSettings(description: SignalingDescription): SignalingDescription {
    const opus = resolveOpusSettings(this.#options.opus);
    if ('problem' in opus) {
      this.#report(opus.problem, false);
      return description;
    }
    return { ...description, sdp: applyOpusSettings(description.sdp, opus.settings) };
  }

  #isPolite(): boolean {
    return isPolite(this.#options.polite, this.#id, this.#remoteId);
  }

  #publishStates(pc: RTCPeerConnection): void {
    if (pc === this.#pc) this.store.update(statesOf(pc));
  }

  #report(error: RtcKitError, affectsConnection = true): void {
    if (affectsConnection) this.store.update({ error });
    this.#options.onError?.(error);
  }
}

function deferred(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
