import { useState } from 'react';
import {
  createMemorySignalingPair,
  useAdaptiveBitrate,
  useLocalMedia,
  usePeerConnection,
  useStats,
  VideoTile,
  type Signaling,
} from 'rtckit';

export interface TileHintsProps {
  /** For tests: adapt the signaling (rtckit's tests keep calls on 127.0.0.1). */
  readonly adaptSignaling?: (signaling: Signaling) => Signaling;
}

const SIZES = {
  Small: { width: 160, height: 120 },
  Medium: { width: 320, height: 240 },
  Large: { width: 640, height: 480 },
  Hidden: null,
} as const;
type Size = keyof typeof SIZES;

function Alice({ signaling }: { signaling: Signaling }) {
  const media = useLocalMedia({ audio: false, video: { width: 640, height: 480 } });
  const peer = usePeerConnection({ signaling, localStream: media.stream, dataChannel: true, polite: false });
  const abr = useAdaptiveBitrate(peer);
  const sending = useStats(peer.pc, {
    select: (s) => {
      const video = s.latest?.outbound.video;
      if (!video || video.streams.every((stream) => stream.active === false)) return 'nothing';
      return video.frameWidth ? `${video.frameWidth}×${video.frameHeight}` : '—';
    },
  });
  return (
    <section aria-label="Alice" style={{ display: 'grid', gap: 4, alignContent: 'start' }}>
      <strong>Alice (sending her camera, 640×480)</strong>
      <span>
        Bob&apos;s tile:{' '}
        <output aria-label="Bob's tile">
          {abr.tile ? `${abr.tile.width}×${abr.tile.height}${abr.tile.visible ? '' : ', hidden'}` : 'not reported'}
        </output>
      </span>
      <span>
        Reason: <output aria-label="Reason">{abr.reason}</output>
      </span>
      <span>
        Sending: <output aria-label="Sending">{sending}</output>
      </span>
    </section>
  );
}

function Bob({ signaling }: { signaling: Signaling }) {
  const peer = usePeerConnection({ signaling, dataChannel: true, polite: true });
  useAdaptiveBitrate(peer); // reports Bob's tiles to Alice
  const [size, setSize] = useState<Size>('Large');
  const box = SIZES[size];
  return (
    <section aria-label="Bob" style={{ display: 'grid', gap: 8, alignContent: 'start' }}>
      <fieldset style={{ display: 'flex', gap: 12 }}>
        <legend>Bob&apos;s tile</legend>
        {(Object.keys(SIZES) as Size[]).map((name) => (
          <label key={name}>
            <input type="radio" name="size" checked={size === name} onChange={() => setSize(name)} /> {name}
          </label>
        ))}
      </fieldset>
      <div style={{ display: box ? 'block' : 'none' }}>
        <VideoTile
          stream={peer.remoteStream}
          label="Bob sees Alice"
          reportSize
          fit="contain"
          style={{ ...(box ?? SIZES.Small), background: '#1f2430', color: '#fff' }}
        />
      </div>
    </section>
  );
}

/**
 * Receiver-driven hints: Bob's `<VideoTile reportSize>` reports its size and whether it is on
 * screen over the session's data channel, and Alice's `useAdaptiveBitrate` never sends more than
 * the largest visible tile shows — and nothing while it is hidden. Pick a tile size and watch what
 * Alice's encoder sends (from her `getStats()`).
 */
export function TileHints({ adaptSignaling = (signaling) => signaling }: TileHintsProps) {
  const [[alice, bob]] = useState(() => createMemorySignalingPair().map(adaptSignaling));
  return (
    <div style={{ display: 'flex', gap: 24, alignItems: 'start' }}>
      <Alice signaling={alice!} />
      <Bob signaling={bob!} />
    </div>
  );
}
