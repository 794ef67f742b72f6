import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { AudioLevelMeter, DeviceSelector, useDevices, useLocalMedia, VideoTile } from '../src';
import { tileStyle } from './tileStyle';

/**
 * A pre-join "haircheck": camera preview, microphone level and device selectors. Choosing a
 * device re-captures from it at once (and is remembered for next time); a chosen device that is
 * unplugged falls back to the default and comes back when it is plugged in again.
 */
function PreJoinCheck() {
  const media = useLocalMedia();
  const devices = useDevices();
  return (
    <div style={{ display: 'grid', gap: 12, width: 400, fontFamily: 'system-ui' }}>
      <VideoTile stream={media.stream} local label="Camera preview" style={tileStyle(400)} />
      <AudioLevelMeter
        stream={media.stream}
        style={{ height: 8, background: '#e5e7eb', color: '#16a34a', borderRadius: 4, overflow: 'hidden' }}
      />
      <DeviceSelector kind="videoinput" />
      <DeviceSelector kind="audioinput" />
      <DeviceSelector kind="audiooutput" />
      {media.pendingSwitch.includes('audio') && <p>The new microphone is used when you unmute.</p>}
      <div style={{ display: 'flex', gap: 8 }}>
        <button onClick={() => media.setVideoEnabled(!media.videoEnabled)}>
          {media.videoEnabled ? 'Camera off' : 'Camera on'}
        </button>
        <button onClick={() => media.setAudioEnabled(!media.audioEnabled)}>
          {media.audioEnabled ? 'Mute' : 'Unmute'}
        </button>
      </div>
      {media.error && (
        <p role="alert">
          {media.error.message} {media.error.hint} <button onClick={media.restart}>Try again</button>
        </p>
      )}
      <small>
        Speaker:{' '}
        {devices.speakers.find((speaker) => speaker.deviceId === devices.selected.audiooutput)?.label ??
          'system default'}
      </small>
    </div>
  );
}

const meta = {
  title: 'Recipes/Pre-join device check',
  component: PreJoinCheck,
  parameters: {
    docs: {
      source: {
        code: `const media = useLocalMedia();
return (
  <>
    <VideoTile stream={media.stream} local label="Camera preview" />
    <AudioLevelMeter stream={media.stream} />
    <DeviceSelector kind="videoinput" />
    <DeviceSelector kind="audioinput" />
    <DeviceSelector kind="audiooutput" />
  </>
);`,
      },
    },
  },
} satisfies Meta<typeof PreJoinCheck>;

export default meta;

export const Live: StoryObj<typeof meta> = {
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    await waitFor(
      () => expect(canvas.getByRole('figure', { name: 'Camera preview' })).toHaveAttribute('data-state', 'playing'),
      {
        timeout: 10_000,
      },
    );
    const microphone = canvas.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
    await waitFor(() => expect(microphone.options.length).toBe(3));
    await userEvent.selectOptions(microphone, 'Fake Audio Input 1');
    await waitFor(() => expect(microphone.selectedOptions[0]?.textContent).toBe('Fake Audio Input 1'));
    await waitFor(() => expect(Number(canvas.getByRole('meter').getAttribute('aria-valuenow'))).toBeGreaterThan(0), {
      timeout: 5000,
    });
    localStorage.removeItem('rtckit:devices');
  },
};
