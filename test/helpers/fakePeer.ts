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

export function fakePeer(signaling?: Signaling): FakePeer {
  const store = createStore<Watched>({
    pc: fakeConnection(),
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
        pc: fakeConnection(),
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
        pc: fakeConnection(),
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
