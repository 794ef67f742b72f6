import type { CSSProperties } from 'react';
import { AudioLevelMeter, DeviceSelector, IceProbe, useDevices, useIceProbe, useLocalMedia, VideoTile } from 'rtckit';

export interface PreCallCheckProps {
  /** Your STUN/TURN servers, as in `RTCConfiguration.iceServers` (mint TURN credentials with `rtckit/server`). */
  readonly iceServers: RTCIceServer[];
  /** Called with "Join" once the user is happy. */
  readonly onJoin?: () => void;
}

const preview: CSSProperties = {
  width: 400,
  aspectRatio: '4 / 3',
  background: '#1f2430',
  color: '#fff',
  display: 'grid',
  placeItems: 'center',
  borderRadius: 8,
  overflow: 'hidden',
};

/**
 * A pre-call check page: camera preview, microphone level, camera / microphone / speaker
 * selectors (remembered, applied at once), and a check of the STUN and TURN servers the call will
 * use. Choices made here carry into the call: `useLocalMedia` there captures from them.
 */
export function PreCallCheck({ iceServers, onJoin }: PreCallCheckProps) {
  const media = useLocalMedia();
  const devices = useDevices();
  const probe = useIceProbe(iceServers, { timeoutMs: 5000, auto: true });
  const networkOk = probe.status === 'done' && probe.results.some((result) => result.status === 'pass');

  return (
    <div style={{ display: 'grid', gap: 12, width: 720, fontFamily: 'system-ui', fontSize: 14 }}>
      <div style={{ display: 'flex', gap: 16 }}>
        <VideoTile
          stream={media.stream}
          local
          label="Camera preview"
          style={preview}
          sinkId={devices.selected.audiooutput}
        />
        <div style={{ display: 'grid', gap: 8, alignContent: 'start' }}>
          <DeviceSelector kind="videoinput" />
          <DeviceSelector kind="audioinput" />
          <AudioLevelMeter
            stream={media.stream}
            style={{ height: 8, background: '#e5e7eb', color: '#16a34a', borderRadius: 4, overflow: 'hidden' }}
          />
          <DeviceSelector kind="audiooutput" />
          <div style={{ display: 'flex', gap: 8 }}>
            <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>
              {media.videoEnabled ? 'Camera off' : 'Camera on'}
            </button>
            <button onClick={() => media.setAudioEnabled(!media.audioEnabled)}>
              {media.audioEnabled ? 'Mute' : 'Unmute'}
            </button>
          </div>
          {media.pendingSwitch.includes('audio') && <p>The new microphone is used when you unmute.</p>}
        </div>
      </div>
      {media.error && (
        <p role="alert">
          {media.error.message} {media.error.hint} <button onClick={media.restart}>Try again</button>
        </p>
      )}
      <IceProbe probe={probe} label="Network check" />
      <button onClick={onJoin} disabled={media.status !== 'live' || !networkOk}>
        Join
      </button>
    </div>
  );
}
