// Two peers in one page, each with usePeerConnection + useAutoReconnect + ConnectionStatus (under
// StrictMode, from test/setup.ts), for tests that cut the network and watch the call come back.
import { render } from '@testing-library/react';
import { useEffect } from 'react';
import { beforeAll, vi } from 'vitest';
import {
  ConnectionStatus,
  useAutoReconnect,
  usePeerConnection,
  type ReconnectState,
  type Signaling,
  type UseAutoReconnectOptions,
  type UseAutoReconnectResult,
  type UsePeerConnectionResult,
} from 'rtckit';
import { framesDecoded } from './framesDecoded';

export interface PeerView {
  readonly peer: UsePeerConnectionResult;
  readonly reconnect: UseAutoReconnectResult;
}

export interface Transition {
  readonly name: string;
  readonly what: 'reconnect' | 'connection';
  readonly state: ReconnectState | RTCPeerConnectionState;
  readonly at: number;
}

interface PeerProps {
  readonly name: string;
  readonly signaling: Signaling;
  readonly polite: boolean;
  readonly localStream: MediaStream | null;
  readonly options: UseAutoReconnectOptions;
  readonly onRender: (name: string, view: PeerView) => void;
}

function Peer({ name, signaling, polite, localStream, options, onRender }: PeerProps) {
  const peer = usePeerConnection({ signaling, polite, localStream });
  const reconnect = useAutoReconnect(peer, options);
  useEffect(() => onRender(name, { peer, reconnect }));
  return <ConnectionStatus status={reconnect} aria-label={`${name} status`} />;
}

export interface ReconnectingCall {
  readonly alice: () => PeerView;
  readonly bob: () => PeerView;
  /** Every change of each side's reconnect state and connection state, in order. */
  readonly transitions: Transition[];
  /** Whether `name` was ever in `state` (reconnect or connection state) at or after `since`. */
  readonly saw: (name: string, state: Transition['state'], since?: number) => boolean;
  /** Gives Alice other tracks to send. */
  readonly setAliceStream: (stream: MediaStream) => void;
  readonly unmount: () => void;
}

/**
 * Renders Alice (impolite, sending `camera`) and Bob (polite, receiving; sending `bobCamera` too
 * when given) over the given ends.
 */
export function renderReconnectingCall(
  [aliceEnd, bobEnd]: readonly [Signaling, Signaling],
  camera: MediaStream,
  options: UseAutoReconnectOptions = {},
  bobCamera: MediaStream | null = null,
): ReconnectingCall {
  const views = new Map<string, PeerView>();
  const transitions: Transition[] = [];
  const onRender = (name: string, view: PeerView) => {
    const before = views.get(name);
    views.set(name, view);
    const at = performance.now();
    if (before?.reconnect.state !== view.reconnect.state) {
      transitions.push({ name, what: 'reconnect', state: view.reconnect.state, at });
    }
    if (before?.peer.connectionState !== view.peer.connectionState || before?.peer.pc !== view.peer.pc) {
      transitions.push({ name, what: 'connection', state: view.peer.connectionState, at });
    }
  };
  const tree = (aliceStream: MediaStream) => (
    <>
      <Peer
        name="Alice"
        signaling={aliceEnd}
        polite={false}
        localStream={aliceStream}
        options={options}
        onRender={onRender}
      />
      <Peer name="Bob" signaling={bobEnd} polite localStream={bobCamera} options={options} onRender={onRender} />
    </>
  );
  const { unmount, rerender } = render(tree(camera));
  return {
    alice: () => views.get('Alice')!,
    bob: () => views.get('Bob')!,
    transitions,
    saw: (name, state, since = 0) => transitions.some((t) => t.name === name && t.state === state && t.at >= since),
    setAliceStream: (stream) => rerender(tree(stream)),
    unmount,
  };
}

/** Frames the connection has decoded from the other side's video. */
export { framesDecoded };

/**
 * Milliseconds until the connection `current()` returns decodes a frame it had not decoded when
 * this was called (on a new connection, any frame), polling every 20 ms; rejects after `timeoutMs`.
 */
export async function untilNewFrames(current: () => RTCPeerConnection | null, timeoutMs = 20_000): Promise<number> {
  const start = performance.now();
  const firstPc = current();
  const baseline = await framesDecoded(firstPc);
  for (;;) {
    const pc = current();
    const frames = await framesDecoded(pc);
    if (frames > (pc === firstPc ? baseline : 0)) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`no new remote frame within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves once the connection `current()` returns has decoded new frames in each of `samples`
 * consecutive readings `everyMs` apart (a reading without new frames starts the count again), with
 * the frames decoded at each reading; rejects after `timeoutMs`. A window that ends when media has
 * been seen flowing for a while, for tests that check nothing reacted late to an outage.
 */
export async function untilFramesFlowFor(
  current: () => RTCPeerConnection | null,
  { samples, everyMs = 1000, timeoutMs = 20_000 }: { samples: number; everyMs?: number; timeoutMs?: number },
): Promise<number[]> {
  const start = performance.now();
  let readings = [await framesDecoded(current())];
  while (readings.length <= samples) {
    if (performance.now() - start > timeoutMs) {
      throw new Error(
        `frames did not flow for ${samples} readings in a row within ${timeoutMs} ms: ${readings.join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs)); // the readings' pace
    const frames = await framesDecoded(current());
    readings = frames > readings.at(-1)! ? [...readings, frames] : [frames];
  }
  return readings;
}

/** The local ICE username fragment of a connection (it changes with every ICE restart). */
export function localUfrag(pc: RTCPeerConnection | null): string | undefined {
  return /^a=ice-ufrag:(\S+)/m.exec(pc?.localDescription?.sdp ?? '')?.[1];
}

/** Captures a 640×480 fake camera once for the whole test file (stopped after it); call at top level. */
export function cameraForFile(): () => MediaStream {
  let camera: MediaStream | undefined;
  beforeAll(async () => {
    camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    return () => camera?.getTracks().forEach((track) => track.stop());
  });
  return () => {
    if (!camera) throw new Error('cameraForFile: the camera is captured in beforeAll; read it inside a test.');
    return camera;
  };
}

/** Retries `check` every 20 ms until it passes or `timeout` ms are up. */
export const until = (check: () => void | Promise<void>, timeout: number) =>
  vi.waitFor(check, { timeout, interval: 20 });
