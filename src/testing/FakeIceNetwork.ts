import type { IceCandidateType } from '../core/ice/iceProbeResult';

/** How a scripted STUN/TURN server behaves in a {@link FakeIceNetwork}. Times are ms after `setLocalDescription`. */
export interface FakeIceServerScript {
  /**
   * Candidates gathered with this server alone. Default: a host candidate at 1 ms, then a srflx
   * (for `stun:`) or relay (for `turn:`) candidate at 20 ms. Relay-only connections get only the
   * relay ones.
   */
  readonly candidates?: readonly { readonly type: IceCandidateType; readonly afterMs: number }[];
  /** `icecandidateerror` events, e.g. `{ errorCode: 401, errorText: 'Unauthorized', afterMs: 15 }`. */
  readonly errors?: readonly { readonly errorCode: number; readonly errorText?: string; readonly afterMs: number }[];
  /** When gathering completes; `null` never (a server that does not answer). Default: 5 ms after the last event. */
  readonly completeAfterMs?: number | null;
  /** TURN: whether two relay-only peers connect through it. Default `true` when it yields a relay candidate. */
  readonly relayConnects?: boolean;
  /** TURN: ms from both descriptions being set to `connected`. Default 30. */
  readonly connectAfterMs?: number;
  /** TURN: the round trip `getStats()` reports on the connected pair. Default 12. */
  readonly rttMs?: number;
}

type Listener = (event: Event) => void;

/**
 * Scripted STUN/TURN servers for testing ICE checks (`probeIce`, `useIceProbe`, `IceProbe`) in
 * jsdom: pass `network.RTCPeerConnection` as the `RTCPeerConnection` option and each connection
 * gathers, fails or connects as the script for its server URL says, on `setTimeout` (so fake
 * timers drive it). A URL without a script never answers.
 *
 * @example
 * ```ts
 * const network = new FakeIceNetwork({
 *   'stun:stun.test': {},
 *   'turn:turn.test': { errors: [{ errorCode: 401, errorText: 'Unauthorized', afterMs: 10 }], candidates: [] },
 * });
 * const results = await probeIce(servers, { RTCPeerConnection: network.RTCPeerConnection });
 * expect(network.openConnections).toBe(0);
 * ```
 */
export class FakeIceNetwork {
  /** Every connection made, in order. */
  readonly connections: FakeIcePeerConnection[] = [];
  readonly #scripts: Readonly<Record<string, FakeIceServerScript>>;
  /** Use as `RTCPeerConnection`. */
  readonly RTCPeerConnection: new (configuration?: RTCConfiguration) => RTCPeerConnection;

  constructor(scripts: Readonly<Record<string, FakeIceServerScript>>) {
    this.#scripts = scripts;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below needs its network
    const network = this;
    this.RTCPeerConnection = class extends FakeIcePeerConnection {
      constructor(configuration?: RTCConfiguration) {
        super(network, configuration);
      }
    } as unknown as new (configuration?: RTCConfiguration) => RTCPeerConnection;
  }

  /** Connections not closed yet. */
  get openConnections(): number {
    return this.connections.filter((pc) => pc.signalingState !== 'closed').length;
  }

  /** @internal */
  scriptFor(url: string): FakeIceServerScript | null {
    return this.#scripts[url] ?? null;
  }

  /** @internal */
  byDescription(sdp: string): FakeIcePeerConnection | undefined {
    return this.connections.find((pc) => pc.localDescription?.sdp === sdp);
  }
}

/**
 * A connection of a {@link FakeIceNetwork}: just enough `RTCPeerConnection` for ICE checks. Made
 * by `network.RTCPeerConnection`; inspect them through `network.connections`.
 *
 * @example
 * ```ts
 * const network = new FakeIceNetwork({ 'turn:t.test': {} });
 * await probeIce([{ urls: 'turn:t.test', username: 'u', credential: 'c' }], { RTCPeerConnection: network.RTCPeerConnection });
 * network.connections.map((pc) => pc.configuration.iceTransportPolicy); // ['relay', 'relay']
 * ```
 */
export class FakeIcePeerConnection {
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly configuration: RTCConfiguration;
  readonly url: string;
  readonly #network: FakeIceNetwork;
  readonly #script: FakeIceServerScript | null;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  static #next = 1;
  readonly #id = FakeIcePeerConnection.#next++;

  constructor(network: FakeIceNetwork, configuration: RTCConfiguration = {}) {
    this.#network = network;
    this.configuration = configuration;
    const urls = configuration.iceServers?.[0]?.urls ?? '';
    this.url = typeof urls === 'string' ? urls : (urls[0] ?? '');
    this.#script = network.scriptFor(this.url);
    network.connections.push(this);
  }

  addEventListener(type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    if (options?.signal?.aborted) return;
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
    options?.signal?.addEventListener('abort', () => set.delete(listener), { once: true });
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  createDataChannel(label: string): { label: string; close(): void } {
    return { label, close() {} };
  }

  async setLocalDescription(): Promise<void> {
    this.#assertOpen();
    const type = this.remoteDescription?.type === 'offer' ? 'answer' : 'offer';
    this.localDescription = { type, sdp: `fake-ice ${this.#id}` };
    this.#gather();
    this.#maybeConnect();
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.#assertOpen();
    this.remoteDescription = description;
    this.#maybeConnect();
  }

  async addIceCandidate(): Promise<void> {
    this.#assertOpen();
  }

  async getStats(): Promise<Map<string, Record<string, unknown>>> {
    const stats = new Map<string, Record<string, unknown>>();
    if (this.connectionState === 'connected') {
      stats.set('T', { id: 'T', type: 'transport', selectedCandidatePairId: 'P' });
      stats.set('P', {
        id: 'P',
        type: 'candidate-pair',
        state: 'succeeded',
        nominated: true,
        currentRoundTripTime: (this.#script?.rttMs ?? 12) / 1000,
      });
    }
    return stats;
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }

  #assertOpen(): void {
    if (this.signalingState === 'closed') throw new DOMException('The connection is closed.', 'InvalidStateError');
  }

  #later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.signalingState !== 'closed') action();
    }, ms);
    this.#timers.add(timer);
  }

  #emit(type: string, fields: Record<string, unknown> = {}): void {
    const event = Object.assign(new Event(type), fields);
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener(event);
  }

  #candidates(): { type: IceCandidateType; afterMs: number }[] {
    const script = this.#script;
    if (!script) return [];
    const own: IceCandidateType = /^turns?:/.test(this.url) ? 'relay' : 'srflx';
    const all = script.candidates ?? [
      { type: 'host' as const, afterMs: 1 },
      { type: own, afterMs: 20 },
    ];
    return this.configuration.iceTransportPolicy === 'relay' ? all.filter((c) => c.type === 'relay') : [...all];
  }

  #gather(): void {
    if (this.iceGatheringState !== 'new') return;
    this.iceGatheringState = 'gathering';
    this.#emit('icegatheringstatechange');
    const candidates = this.#candidates();
    const errors = this.#script?.errors ?? [];
    candidates.forEach(({ type, afterMs }, index) =>
      this.#later(afterMs, () => {
        const candidate = {
          candidate: `candidate:${index} 1 udp ${100 - index} 192.0.2.${index + 1} ${50_000 + index} typ ${type}`,
          type,
        };
        this.#emit('icecandidate', { candidate });
      }),
    );
    for (const { errorCode, errorText = '', afterMs } of errors) {
      this.#later(afterMs, () =>
        this.#emit('icecandidateerror', { errorCode, errorText, url: this.url, address: '0.0.0.x', port: 9 }),
      );
    }
    const last = Math.max(0, ...candidates.map((c) => c.afterMs), ...errors.map((e) => e.afterMs));
    const completeAfterMs = this.#script ? this.#script.completeAfterMs : null;
    const complete = completeAfterMs === undefined ? last + 5 : completeAfterMs;
    if (complete === null) return;
    this.#later(complete, () => {
      this.iceGatheringState = 'complete';
      this.#emit('icegatheringstatechange');
      this.#emit('icecandidate', { candidate: null });
    });
  }

  /** Relay-only peers whose descriptions are both set connect (or fail) as their server's script says. */
  #maybeConnect(): void {
    if (!this.localDescription || !this.remoteDescription || this.connectionState !== 'new') return;
    const script = this.#script;
    const peer = this.#network.byDescription(this.remoteDescription.sdp ?? '');
    const relays = this.#candidates().some((c) => c.type === 'relay');
    if (!script || !peer || !relays) return;
    this.connectionState = 'connecting';
    this.#emit('connectionstatechange');
    const relayAt = Math.max(...this.#candidates().map((c) => c.afterMs));
    this.#later(relayAt + (script.connectAfterMs ?? 30), () => {
      this.connectionState = script.relayConnects === false ? 'failed' : 'connected';
      this.#emit('connectionstatechange');
    });
  }
}
