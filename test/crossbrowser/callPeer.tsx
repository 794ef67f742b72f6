// One side of a cross-browser call, the same component in Chromium (the test page) and in Firefox
// (firefoxPeer.html): rtckit's usePeerConnection over the reference WebSocket signaling server, with
// useAutoReconnect, useConnectionQuality and useAdaptiveBitrate beside it, and a report of what
// this side receives read from getStats().
import { StrictMode, useEffect, useMemo, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createWebSocketSignaling,
  useAdaptiveBitrate,
  useAutoReconnect,
  useConnectionQuality,
  usePeerConnection,
  VideoTile,
  type QualityScore,
  type UseAdaptiveBitrateResult,
  type UseAutoReconnectResult,
  type UsePeerConnectionResult,
} from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import type { MediaProgress } from './barePeer';

/** What one side of the call reports, the same shape from both browsers. */
export interface CallPeerReport {
  readonly browser: string;
  readonly connectionState: RTCPeerConnectionState;
  readonly iceConnectionState: RTCIceConnectionState;
  readonly reconnect: UseAutoReconnectResult['state'];
  /** Inbound video `framesDecoded` and `packetsReceived` (0 before anything arrived). */
  readonly framesDecoded: number;
  readonly packetsReceived: number;
  /** How many RTCPeerConnections this side has had (rtckit rebuilds one the browser cannot revive). */
  readonly connections: number;
  /** Outbound video `packetsSent`. */
  readonly packetsSent: number;
  readonly remoteVideoWidth: number;
  readonly quality: Pick<QualityScore, 'level' | 'uplink' | 'downlink' | 'score'> & { readonly reasons: string[] };
  /** The rung this side's adaptive bitrate sends (0 is the best) and why it is there. */
  readonly abr: Pick<UseAdaptiveBitrateResult, 'rungIndex' | 'reason'>;
  readonly errors: string[];
}

export interface CallPeerProps {
  readonly url: string;
  readonly token: string;
  readonly polite: boolean;
  readonly localStream: MediaStream | null;
  readonly label: string;
  /** Called on every render with the latest report reader. */
  readonly onReader: (read: () => Promise<CallPeerReport>) => void;
}

/** Renders the call and hands `onReader` a function that reads this side's {@link CallPeerReport}. */
export function CallPeer({ url, token, polite, localStream, label, onReader }: CallPeerProps) {
  const signaling = useMemo(() => loopbackOnly(createWebSocketSignaling(url, { token })), [url, token]);
  const errors = useRef<string[]>([]);
  const peer = usePeerConnection({
    signaling,
    polite,
    localStream,
    onError: (error) => errors.current.push(error.code),
  });
  const reconnect = useAutoReconnect(peer);
  const quality = useConnectionQuality(peer.pc);
  const abr = useAdaptiveBitrate(peer);
  const connections = useRef<{ pc: RTCPeerConnection | null; count: number }>({ pc: null, count: 0 });
  useEffect(() => {
    if (peer.pc && peer.pc !== connections.current.pc)
      connections.current = { pc: peer.pc, count: connections.current.count + 1 };
  }, [peer.pc]);
  useEffect(() => {
    onReader(() => readReport(peer, reconnect, quality, abr, errors.current, connections.current.count));
  });
  return (
    <section aria-label={label}>
      <VideoTile stream={peer.remoteStream} label={`${label} sees`} style={{ width: 160, height: 120 }} />
      <output aria-label={`${label} state`}>{peer.connectionState}</output>
      <output aria-label={`${label} quality`}>{quality.level}</output>
    </section>
  );
}

async function readReport(
  peer: UsePeerConnectionResult,
  reconnect: UseAutoReconnectResult,
  quality: QualityScore,
  abr: UseAdaptiveBitrateResult,
  errors: readonly string[],
  connections: number,
): Promise<CallPeerReport> {
  let framesDecoded = 0;
  let packetsReceived = 0;
  let packetsSent = 0;
  const report = peer.pc && peer.pc.connectionState !== 'closed' ? await peer.pc.getStats() : new Map();
  report.forEach((stats: Record<string, unknown>) => {
    if (stats.kind !== 'video') return;
    if (stats.type === 'inbound-rtp') {
      framesDecoded += Number(stats.framesDecoded ?? 0);
      packetsReceived += Number(stats.packetsReceived ?? 0);
    }
    if (stats.type === 'outbound-rtp') packetsSent += Number(stats.packetsSent ?? 0);
  });
  const video = document.querySelector<HTMLVideoElement>('section video');
  return {
    browser: navigator.userAgent.includes('Firefox/') ? 'firefox' : 'chromium',
    connectionState: peer.connectionState,
    iceConnectionState: peer.iceConnectionState,
    reconnect: reconnect.state,
    framesDecoded,
    packetsReceived,
    connections,
    packetsSent,
    remoteVideoWidth: video?.videoWidth ?? 0,
    quality: {
      level: quality.level,
      uplink: quality.uplink,
      downlink: quality.downlink,
      score: quality.score,
      reasons: quality.reasons.map((reason) => reason.code),
    },
    abr: { rungIndex: abr.rungIndex, reason: abr.reason },
    errors: [...errors],
  };
}

/**
 * Renders a {@link CallPeer} under StrictMode into `container` outside a test renderer (the Firefox
 * page, the reconnect bench); `report()` rejects until it has rendered, `progress()` does not.
 */
export function mountCallPeer(container: Element, props: Omit<CallPeerProps, 'onReader'>) {
  const root = createRoot(container);
  let read: (() => Promise<CallPeerReport>) | null = null;
  root.render(
    <StrictMode>
      <CallPeer {...props} onReader={(reader) => (read = reader)} />
    </StrictMode>,
  );
  const report = () => (read ? read() : Promise.reject(new Error(`${props.label}'s peer has not rendered yet`)));
  return {
    report,
    /** Media progress, also before the first render (nothing decoded, no connection yet). */
    progress: async (): Promise<MediaProgress> =>
      read
        ? mediaProgress(await read())
        : { framesDecoded: 0, connections: 0, connectionState: 'none', detail: 'not rendered yet' },
    unmount: () => root.unmount(),
  };
}

/** The part of a report the reconnect bench waits on (the shape the bare baseline gives too). */
function mediaProgress(report: CallPeerReport): MediaProgress {
  return {
    framesDecoded: report.framesDecoded,
    connections: report.connections,
    connectionState: report.connectionState,
    detail: `connection ${report.connectionState}, ${report.connections} connection(s), reconnect ${report.reconnect}${report.errors.length ? `, errors ${report.errors.join(' ')}` : ''}`,
  };
}
