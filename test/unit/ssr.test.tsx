// @vitest-environment node
// Server rendering and React Server Components import rtckit where window, navigator and document
// do not exist: importing any entry and rendering any component there must not throw.
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as rtckit from 'rtckit';

/** One element per exported component; a component exported without a case here fails the test. */
const CASES: Record<string, () => ReactElement> = {
  AudioLevelMeter: () => <rtckit.AudioLevelMeter stream={null} />,
  DeviceSelector: () => <rtckit.DeviceSelector kind="audioinput" />,
  VideoTile: () => <rtckit.VideoTile stream={null} label="You" sinkId="" />,
  VideoGrid: () => (
    <rtckit.VideoGrid>
      <rtckit.VideoTile stream={null} label="A" />
    </rtckit.VideoGrid>
  ),
  QualityBadge: () => <rtckit.QualityBadge pc={null} />,
  StatsOverlay: () => <rtckit.StatsOverlay pc={null} />,
  Sparkline: () => <rtckit.Sparkline label="Bitrate" values={[1, undefined, 3]} format={String} />,
  IceProbe: () => <rtckit.IceProbe iceServers={[{ urls: 'stun:stun.example.org' }]} options={{ auto: true }} />,
  ConnectionStatus: () => <rtckit.ConnectionStatus status={{ state: 'reconnecting', reason: 'offline' }} />,
};

// forwardRef / memo objects, and plain function components; engine classes are excluded.
const isComponent = (name: string, value: unknown) =>
  /^[A-Z][a-z]/.test(name) &&
  ((typeof value === 'object' && value !== null && '$$typeof' in value) ||
    (typeof value === 'function' && !/^class\b/.test(Function.prototype.toString.call(value))));

describe('in plain Node (SSR/RSC)', () => {
  it('has no DOM globals, so this test means something', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('imports every entry', async () => {
    const entries = await Promise.all([import('rtckit'), import('rtckit/core'), import('rtckit/testing')]);
    for (const entry of entries) expect(Object.keys(entry).length).toBeGreaterThan(0);
  });

  const components = Object.entries(rtckit).filter(([name, value]) => isComponent(name, value));

  it('has an SSR case for every exported component', () => {
    expect(components.map(([name]) => name).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('renders %s to a string', (_, element) => {
    expect(renderToString(element())).toMatch(/^</);
  });

  it('renders a component using usePeerConnection without creating a connection', () => {
    function Call() {
      const [signaling] = rtckit.createMemorySignalingPair();
      const peer = rtckit.usePeerConnection({ signaling: signaling!, dataChannel: true });
      return (
        <rtckit.VideoTile stream={peer.remoteStream} label={`Them (${peer.connectionState}, ${String(peer.pc)})`} />
      );
    }
    const html = renderToString(<Call />);
    expect(html).toContain('aria-label="Them (new, null)"');
    expect(html).toContain('data-state="no-video"');
  });

  it('renders useAutoReconnect as idle without touching the network or the connection', () => {
    function Call() {
      const [signaling] = rtckit.createMemorySignalingPair();
      const peer = rtckit.usePeerConnection({ signaling: signaling! });
      const reconnect = rtckit.useAutoReconnect(peer);
      return <rtckit.ConnectionStatus status={reconnect} data-testid="status" />;
    }
    const html = renderToString(<Call />);
    expect(html).toContain('data-state="idle"');
    expect(html).toContain('role="status"');
  });

  it('renders a hook-driven component in its idle state', () => {
    function Preview() {
      const media = rtckit.useLocalMedia();
      return <rtckit.VideoTile stream={media.stream} local label={`You (${media.status})`} />;
    }
    const html = renderToString(<Preview />);
    expect(html).toContain('role="figure"');
    expect(html).toContain('aria-label="You (idle)"');
    expect(html).toContain('data-state="no-video"');
  });

  it('renders the ICE probe panel idle on the server, even with auto, without touching WebRTC', () => {
    const html = renderToString(
      <rtckit.IceProbe iceServers={[{ urls: 'stun:stun.example.org' }]} options={{ auto: true }} />,
    );
    expect(html).toContain('data-state="idle"');
    expect(html).toContain('<caption');
    expect(html).toContain('Not checked yet.');
  });

  it('renders adaptive bitrate and a reporting tile without touching WebRTC or observers', () => {
    function Sending() {
      const [signaling] = rtckit.createMemorySignalingPair();
      const peer = rtckit.usePeerConnection({ signaling: signaling!, dataChannel: true });
      const abr = rtckit.useAdaptiveBitrate(peer, { mode: 'maintain-framerate' });
      return <rtckit.VideoTile stream={peer.remoteStream} label={`Them (${abr.reason})`} reportSize />;
    }
    const html = renderToString(<Sending />);
    expect(html).toContain('aria-label="Them (no-video)"');
  });

  it('renders useCodecs with empty lists on the server, even where the globals exist (no hydration mismatch)', () => {
    function Codecs() {
      const { send, receive } = rtckit.useCodecs();
      return <p>{`${send.video.length} ${receive.video.length} ${send.audio.length} ${receive.audio.length}`}</p>;
    }
    expect(renderToString(<Codecs />)).toBe('<p>0 0 0 0</p>');
    const getCapabilities = () => ({ codecs: [{ mimeType: 'video/VP8', clockRate: 90000 }], headerExtensions: [] });
    const globals = globalThis as Record<string, unknown>;
    globals.RTCRtpSender = globals.RTCRtpReceiver = { getCapabilities };
    try {
      expect(renderToString(<Codecs />)).toBe('<p>0 0 0 0</p>');
    } finally {
      delete globals.RTCRtpSender;
      delete globals.RTCRtpReceiver;
    }
  });

  it('renders quality and stats components as unknown on the server, with a connection object too', () => {
    // On the server a "connection" is whatever the app passed; nothing is polled during render.
    const pc = { getStats: () => Promise.reject(new Error('not on the server')) } as unknown as RTCPeerConnection;
    const html = renderToString(
      <>
        <rtckit.QualityBadge pc={pc} />
        <rtckit.StatsOverlay pc={pc} />
      </>,
    );
    expect(html).toContain('data-quality="unknown"');
    expect(html).toContain('Connection quality: Unknown.');
    expect(html).toContain('aria-label="Connection statistics"');
  });
});
