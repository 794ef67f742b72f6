// A stand-in for PeerSession in Reconnector tests: its snapshot is set by the test, and it records
// what the reconnector asked of it. Fake "connections" are plain objects with the fields read.
import { createStore, type PeerSessionSnapshot, type ReconnectablePeer, type Signaling } from 'rtckit/core';

type Watched = Pick<
  PeerSessionSnapshot,
  'pc' | 'connectionState' | 'iceConnectionState' | 'signalingState' | 'closedBy'
>;

let connections = 0;

/** A fake RTCPeerConnection with a local description carrying `ufrag` and a remote description. */
export function fakeConnection(ufrag = `u${++connections}`): RTCPeerConnection {
  return {
    id: connections,
    localDescription: { type: 'offer', sdp: `v=0\r\na=ice-ufrag:${ufrag}\r\n` },
    currentRemoteDescription: { type: 'answer', sdp: 'v=0\r\n' },
  } as unknown as RTCPeerConnection;
}

/** What a connection made with {@link fakeMediaConnection} carries; the test switches it. */
export interface FakeMedia {
  /** Whether packets arrive: each `getStats()` then counts 50 more. */
  flowing: boolean;
  /** The state of its DTLS transport, as `getSenders()[0].transport.state` reports it. */
  dtls: RTCDtlsTransportState;
  readonly statsCalls: number;
}

const mediaOf = new WeakMap<RTCPeerConnection, FakeMedia>();

/** A {@link fakeConnection} whose `getStats()` reports one received video stream. */
export function fakeMediaConnection(flowing = true): RTCPeerConnection {
  const pc = fakeConnection() as unknown as Record<string, unknown>;
  const media = { flowing, dtls: 'connected' as RTCDtlsTransportState, statsCalls: 0 };
  let packets = 0;
  pc.getStats = () => {
    media.statsCalls++;
    if (media.flowing) packets += 50;
    const stats = {
      id: 'IV',
      type: 'inbound-rtp',
      timestamp: media.statsCalls,
      kind: 'video',
      ssrc: 1,
      packetsReceived: packets,
    };
    return Promise.resolve(new Map([['IV', stats]]));
  };
  pc.getSenders = () => [
    {
      transport: {
        get state() {
          return media.dtls;
        },
      },
    },
  ];
  const connection = pc as unknown as RTCPeerConnection;
  mediaOf.set(connection, media);
  return connection;
}

/** The switches of a connection made with {@link fakeMediaConnection}. */
export function mediaOfConnection(pc: RTCPeerConnection | null): FakeMedia {
  const media = pc && mediaOf.get(pc);
  if (!media) throw new Error('not a fakeMediaConnection');
  return media;
}

export interface FakePeer extends ReconnectablePeer {
  readonly restarts: number;
  readonly rebuilds: number;
  readonly keyFrameRequests: number;
  /** Changes the watched snapshot. */
  set(patch: Partial<Watched>): void;
  /** The last ICE restart was negotiated: the local ufrag is new and signaling is stable again. */
  negotiateRestart(): void;
  /** The other side started a new connection (as a `hello` makes PeerSession do). */
  replaceByOtherSide(): void;
  readonly snapshot: Watched;
}

/**
 * `media`: its connections report received media (see {@link fakeMediaConnection}); new ones
 * (rebuilt, or replaced by the other side) start with packets flowing.
 */
export function fakePeer(signaling?: Signaling, { media = false }: { readonly media?: boolean } = {}): FakePeer {
  const newConnection = () => (media ? fakeMediaConnection() : fakeConnection());
  const store = createStore<Watched>({
    pc: newConnection(),
    connectionState: 'new',
    iceConnectionState: 'new',
    signalingState: 'stable',
    closedBy: null,
  });
  let restarts = 0;
  let rebuilds = 0;
  let keyFrameRequests = 0;
  return {
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    signaling,
    restartIce() {
      restarts++;
      store.update({ signalingState: 'have-local-offer' });
    },
    rebuild() {
      rebuilds++;
      store.update({
        pc: newConnection(),
        connectionState: 'new',
        iceConnectionState: 'new',
        signalingState: 'stable',
      });
    },
    sendKeyFrames() {
      keyFrameRequests++;
      return Promise.resolve();
    },
    set: (patch) => store.update(patch),
    negotiateRestart() {
      const pc = store.getSnapshot().pc as unknown as { localDescription: { sdp: string } };
      pc.localDescription = { ...pc.localDescription, sdp: `v=0\r\na=ice-ufrag:r${++connections}\r\n` };
      store.update({ signalingState: 'stable', iceConnectionState: 'checking' });
    },
    replaceByOtherSide() {
      store.update({
        pc: newConnection(),
        connectionState: 'new',
        iceConnectionState: 'new',
        signalingState: 'stable',
      });
    },
    get restarts() {
      return restarts;
    },
    get rebuilds() {
      return rebuilds;
    },
    get keyFrameRequests() {
      return keyFrameRequests;
    },
    get snapshot() {
      return store.getSnapshot();
    },
  };
}
