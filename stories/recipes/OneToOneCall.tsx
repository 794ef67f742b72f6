import { useMemo, type CSSProperties } from 'react';
import {
  createWebSocketSignaling,
  QualityBadge,
  useLocalMedia,
  usePeerConnection,
  VideoTile,
  type Signaling,
} from 'rtckit';

export interface OneToOneCallProps {
  /** The signaling server, e.g. `wss://signal.example.org` (the reference server: examples/signaling-server). */
  readonly serverUrl: string;
  /** Both sides of the call use the same room. */
  readonly room: string;
  /** A bearer token, or a function that fetches a fresh one before every (re)connection. */
  readonly token: string | (() => Promise<string>);
  /** Your name, shown on your own tile. */
  readonly name: string;
  /** For tests: adapt the signaling (rtckit's tests keep calls on 127.0.0.1). */
  readonly adaptSignaling?: (signaling: Signaling) => Signaling;
}

const tile: CSSProperties = { width: 320, aspectRatio: '4 / 3', background: '#1f2430', color: '#fff' };

/**
 * One side of a one-to-one call through a WebSocket signaling server: render it in two browsers
 * with the same `room`. The connection is made on mount and closed on unmount; the signaling
 * reconnects (with a fresh token) if the server restarts.
 */
export function OneToOneCall({ serverUrl, room, token, name, adaptSignaling = (s) => s }: OneToOneCallProps) {
  // The adapter connects only while a session listens, so creating it during render is free.
  const signaling = useMemo(
    () => adaptSignaling(createWebSocketSignaling(`${serverUrl}/?room=${encodeURIComponent(room)}`, { token })),
    [serverUrl, room, token, adaptSignaling],
  );
  const media = useLocalMedia();
  const peer = usePeerConnection({ signaling, localStream: media.stream });

  return (
    <section aria-label={`${name}'s call`} style={{ display: 'grid', gap: 8 }}>
      <div style={{ display: 'flex', gap: 8 }}>
        <VideoTile stream={media.stream} local label={name} style={tile} />
        <VideoTile stream={peer.remoteStream} label={`${name}'s peer`} style={tile}>
          <span>{peer.connectionState === 'connected' ? 'Camera off' : 'Waiting for the other side…'}</span>
        </VideoTile>
      </div>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>
          {media.videoEnabled ? 'Camera off' : 'Camera on'}
        </button>
        <button onClick={() => media.setAudioEnabled(!media.audioEnabled)}>
          {media.audioEnabled ? 'Mute' : 'Unmute'}
        </button>
        <button onClick={peer.close}>Hang up</button>
        <QualityBadge pc={peer.pc} />
        <output aria-label={`${name} connection`}>{peer.connectionState}</output>
      </div>
      {(media.error ?? peer.error) && <p role="alert">{(media.error ?? peer.error)?.message}</p>}
    </section>
  );
}
