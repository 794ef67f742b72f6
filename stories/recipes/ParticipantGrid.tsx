import { memo, type CSSProperties, type ReactNode } from 'react';
import { QualityBadge, VideoGrid, VideoTile } from 'rtckit';

/** One remote participant: whatever your app keeps per connection. */
export interface Participant {
  readonly id: string;
  readonly name: string;
  /** `usePeerConnection(...).remoteStream` */
  readonly stream: MediaStream | null;
  /** `usePeerConnection(...).pc`, measured by the participant's own quality badge. */
  readonly pc: RTCPeerConnection | null;
}

const tile: CSSProperties = {
  width: '100%',
  aspectRatio: '4 / 3',
  background: '#1f2430',
  color: '#fff',
  borderRadius: 6,
  overflow: 'hidden',
};

/**
 * One tile and its badge. `memo` keeps a parent's re-render from reaching tiles whose props did not
 * change; the badge subscribes to its own connection's quality level, so a stats tick re-renders
 * only the badges whose level changed — never the whole grid.
 */
export const ParticipantTile = memo(function ParticipantTile({
  name,
  stream,
  pc,
  children,
}: Omit<Participant, 'id'> & { readonly children?: ReactNode }) {
  return (
    <div style={{ position: 'relative' }}>
      <VideoTile stream={stream} label={name} style={tile} />
      <QualityBadge pc={pc} style={{ position: 'absolute', top: 4, right: 4, color: '#fff' }} />
      {children}
    </div>
  );
});

/**
 * Many participants in a grid that stays fast: `VideoGrid` pauses tiles scrolled off screen and
 * reports each tile's size and visibility, so a sender running `useAdaptiveBitrate` (with a data
 * channel on both sides) sends no more than its tile shows, and nothing while it is off screen.
 */
export function ParticipantGrid({
  participants,
  style,
}: {
  readonly participants: readonly Participant[];
  readonly style?: CSSProperties;
}) {
  return (
    <VideoGrid label="Participants" minTileWidth={140} style={{ maxHeight: 420, overflow: 'auto', ...style }}>
      {participants.map(({ id, ...participant }) => (
        <ParticipantTile key={id} {...participant} />
      ))}
    </VideoGrid>
  );
}
