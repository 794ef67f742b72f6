import { useState } from 'react';
import { createBroadcastSignaling, usePeerConnection, VideoTile, type Signaling } from 'rtckit';

export interface TwoTabsProps {
  /** Tabs with the same room call each other. */
  readonly room: string;
  /** This tab's name, shown on its own tile. */
  readonly name: string;
  /** What this tab sends (a camera from `useLocalMedia`, or a test picture). */
  readonly localStream: MediaStream | null;
  /** For tests: adapt the signaling (rtckit's tests keep calls on 127.0.0.1). */
  readonly adaptSignaling?: (signaling: Signaling) => Signaling;
}

/**
 * A call between two tabs of one browser, with no server: open this story in a second tab (the
 * "Open in new tab" button) and the two connect over a `BroadcastChannel`. `polite: 'auto'` lets
 * the tabs agree who gives way.
 */
export function TwoTabs({ room, name, localStream, adaptSignaling = (signaling) => signaling }: TwoTabsProps) {
  const [signaling] = useState(() => adaptSignaling(createBroadcastSignaling(room)));
  const peer = usePeerConnection({ signaling, localStream, polite: 'auto' });
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <p>
        This is <strong>{name}</strong> in room <code>{room}</code>: open this story in another tab.
      </p>
      <div style={{ display: 'flex', gap: 16 }}>
        <VideoTile
          stream={localStream}
          label={name}
          style={{ width: 320, aspectRatio: '4 / 3', background: '#1f2430' }}
        />
        <VideoTile
          stream={peer.remoteStream}
          label="The other tab"
          style={{
            width: 320,
            aspectRatio: '4 / 3',
            background: '#1f2430',
            color: '#fff',
            display: 'grid',
            placeItems: 'center',
          }}
        >
          <span>Waiting for the other tab…</span>
        </VideoTile>
      </div>
      <span>
        Connection: <output aria-label="connection">{peer.connectionState}</output>
      </span>
    </div>
  );
}
