import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  AudioLevelMeter,
  DeviceManager,
  DeviceSelector,
  useDevices,
  useLocalMedia,
  useScreenShare,
  VideoTile,
} from 'rtckit';
import { describeSkipInFirefox } from './helpers/browserLimits';

afterEach(() => localStorage.clear());

function Settings() {
  const media = useLocalMedia({ video: false });
  const devices = useDevices();
  return (
    <>
      <DeviceSelector kind="audioinput" />
      <DeviceSelector kind="audiooutput" />
      <output aria-label="microphone in use">{media.stream?.getAudioTracks()[0]?.label ?? ''}</output>
      <VideoTile stream={media.stream} local label="You" sinkId={devices.selected.audiooutput} />
      <AudioLevelMeter stream={media.stream} />
    </>
  );
}

describeSkipInFirefox(
  'devices in Chromium (fake devices: 3 microphones, 3 speakers; Chromium-only: --use-fake-device-for-media-stream device list)',
  () => {
    it('re-captures from the microphone chosen in DeviceSelector, stopping the old track', async () => {
      render(<Settings />);
      const picker = screen.getByRole('combobox', { name: 'Microphone' });
      await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).length).toBeGreaterThanOrEqual(6));
      await waitFor(() => expect(screen.getByLabelText('microphone in use').textContent).not.toBe(''));
      const options = [...(picker as HTMLSelectElement).options];
      expect(options.map((option) => option.textContent)).toEqual([
        'Fake Default Audio Input',
        'Fake Audio Input 1',
        'Fake Audio Input 2',
      ]);
      const second = options[2]!.value;

      fireEvent.change(picker, { target: { value: second } });
      await waitFor(() => expect(screen.getByLabelText('microphone in use').textContent).toBe('Fake Audio Input 2'));
      const tracks = (
        screen.getByRole('figure', { name: 'You' }).querySelector('video')!.srcObject as MediaStream
      ).getAudioTracks();
      expect(tracks).toHaveLength(1);
      expect(tracks[0]!.getSettings().deviceId).toBe(second);
      expect(JSON.parse(localStorage.getItem('rtckit:devices')!).audioinput.label).toBe('Fake Audio Input 2');
    });

    it('routes the tile to the chosen speaker', async () => {
      render(<Settings />);
      const picker = screen.getByRole('combobox', { name: 'Speaker' });
      await waitFor(() => expect((picker as HTMLSelectElement).options.length).toBe(3));
      const speaker = (picker as HTMLSelectElement).options[1]!.value;
      fireEvent.change(picker, { target: { value: speaker } });
      const video = screen.getByRole('figure', { name: 'You' }).querySelector('video')!;
      await waitFor(() => expect(video.sinkId).toBe(speaker));
    });

    it('shows the microphone level of the fake microphone', async () => {
      render(<Settings />);
      const meter = screen.getByRole('meter', { name: 'Microphone level' });
      await waitFor(() => expect(Number(meter.getAttribute('aria-valuenow'))).toBeGreaterThan(0), { timeout: 5000 });
    });

    it('follows the device list and permission from the real browser', async () => {
      const manager = new DeviceManager({ storage: null });
      const unsubscribe = manager.subscribe(() => {});
      await waitFor(() => expect(manager.getSnapshot().status).toBe('ready'));
      expect(manager.getSnapshot()).toMatchObject({
        permission: { camera: 'granted', microphone: 'granted' },
        outputSupported: true,
      });
      expect(manager.getSnapshot().cameras).toHaveLength(1);
      expect(manager.getSnapshot().speakers).toHaveLength(3);
      unsubscribe();
    });
  },
);

describeSkipInFirefox('screen share in Chromium (Chromium-only: auto-accepted getDisplayMedia)', () => {
  function Share() {
    const share = useScreenShare();
    return (
      <>
        <button onClick={share.sharing ? share.stop : share.start}>
          {share.sharing ? 'Stop sharing' : 'Share screen'}
        </button>
        <VideoTile stream={share.stream} label="Your screen" fit="contain" />
      </>
    );
  }

  it('shares the screen from a click and reflects the browser ending it', async () => {
    render(<Share />);
    await userEvent.click(screen.getByRole('button', { name: 'Share screen' }));
    const tile = screen.getByRole('figure', { name: 'Your screen' });
    await waitFor(() => expect(tile.dataset.state).toBe('playing'), { timeout: 10_000 });
    const track = (tile.querySelector('video')!.srcObject as MediaStream).getVideoTracks()[0]!;
    // --use-fake-ui-for-media-stream answers the picker with the whole screen.
    expect(track.getSettings().displaySurface).toBe('monitor');

    // What the browser does when the user presses its own "Stop sharing": the track ends.
    act(() => {
      track.stop();
      track.dispatchEvent(new Event('ended'));
    });
    expect(screen.getByRole('button', { name: 'Share screen' })).toBeInTheDocument();
    expect(tile.dataset.state).toBe('no-video');
  });

  it('stops the share on unmount', async () => {
    const { unmount } = render(<Share />);
    await userEvent.click(screen.getByRole('button', { name: 'Share screen' }));
    const tile = screen.getByRole('figure', { name: 'Your screen' });
    await waitFor(() => expect(tile.dataset.state).toBe('playing'), { timeout: 10_000 });
    const track = (tile.querySelector('video')!.srcObject as MediaStream).getVideoTracks()[0]!;
    unmount();
    await waitFor(() => expect(track.readyState).toBe('ended'));
  });
});
