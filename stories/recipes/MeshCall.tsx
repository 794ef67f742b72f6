import type { CSSProperties } from 'react';
import { QualityBadge, useLocalMedia, usePeerConnection, VideoTile, type Signaling } from 'rtckit';

const tile: CSSProperties = {
  width: 200,
  aspectRatio: '4 / 3',
  background: '#1f2430',
  color: '#fff',
  borderRadius: 6,
  overflow: 'hidden',
};

/** One connection of a mesh: to one other participant, over signaling meant for that pair only. */
function Link({
  name,
  to,
  signaling,
  localStream,
}: {
  name: string;
  to: string;
  signaling: Signaling;
  localStream: MediaStream | null;
}) {
  const peer = usePeerConnection({ signaling, localStream });
  return (
    <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
      <VideoTile stream={peer.remoteStream} label={`${name} sees ${to}`} style={tile} />
      <QualityBadge pc={peer.pc} />
    </div>
  );
}

export interface MeshParticipantProps {
  readonly name: string;
  /** One signaling channel per other participant, keyed by their name. */
  readonly links: ReadonlyMap<string, Signaling>;
}

/**
 * A participant of a full-mesh call: one capture, one `usePeerConnection` per other participant,
 * each sending the same tracks. A mesh suits small calls (each participant uploads its video once
 * per peer); beyond four or five, use a media server.
 */
export function MeshParticipant({ name, links }: MeshParticipantProps) {
  const media = useLocalMedia({ audio: false, video: { width: 320, height: 240 } });
  return (
    <section aria-label={name} style={{ display: 'flex', gap: 8, alignItems: 'start' }}>
      <VideoTile stream={media.stream} local label={name} style={tile} />
      {[...links].map(([to, signaling]) => (
        <Link key={to} name={name} to={to} signaling={signaling} localStream={media.stream} />
      ))}
    </section>
  );
}
