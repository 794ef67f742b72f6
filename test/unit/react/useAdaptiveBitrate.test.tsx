import { act, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAdaptiveBitrate, type AbrMode } from 'rtckit';
import { FakeMediaStreamTrack, FakePeerConnection, FakeRtpSender } from 'rtckit/testing';
import { senderReports } from '../../helpers/senderReports';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const tick = (ms = 1000) => act(() => vi.advanceTimersByTimeAsync(ms));

function call(original: RTCRtpEncodingParameters[] = [{ active: true, maxBitrate: 700_000 }]) {
  const track = new FakeMediaStreamTrack('video', { width: 1280, height: 720 }) as unknown as MediaStreamTrack;
  const sender = new FakeRtpSender(track, original);
  const fake = new FakePeerConnection({ stats: senderReports() });
  fake.addSender(sender);
  return { sender, pc: fake.asRTCPeerConnection(), original };
}

function Panel({ pc, mode }: { pc: RTCPeerConnection | null; mode?: AbrMode }) {
  const abr = useAdaptiveBitrate(pc, { mode, maxRung: '360p30' });
  return (
    <div>
      <output aria-label="rung">{abr.rung?.id ?? 'none'}</output>
      <output aria-label="mode">{abr.mode}</output>
      <output aria-label="reason">{abr.reason}</output>
      <button onClick={() => abr.setMode('off')}>Off</button>
      <button onClick={() => abr.setMaxRung('180p15')}>Cap at 180p15</button>
    </div>
  );
}

const text = (name: string) => screen.getByRole('status', { name }).textContent;

describe('useAdaptiveBitrate (StrictMode)', () => {
  it('controls the sender while mounted and puts its encodings back on unmount', async () => {
    const { sender, pc, original } = call();
    const { unmount } = render(<Panel pc={pc} />);
    await tick(0);
    expect(text('rung')).toBe('360p30');
    expect(text('reason')).toBe('initial');
    // StrictMode's mount → unmount → mount applied the rung once, and restored nothing in between.
    expect(sender.parameterHistory).toHaveLength(1);
    expect(sender.current.encodings[0]).toMatchObject({ maxBitrate: 800_000, scaleResolutionDownBy: 2 });
    unmount();
    await tick(0);
    expect(sender.current.encodings).toEqual(original);
    const calls = (pc as unknown as FakePeerConnection).getStatsCalls;
    await tick(5000);
    expect((pc as unknown as FakePeerConnection).getStatsCalls).toBe(calls);
  });

  it('setMode and setMaxRung act at once, and a re-render does not undo them', async () => {
    const { sender, pc, original } = call();
    const view = render(<Panel pc={pc} mode="balanced" />);
    await tick(0);
    await act(async () => screen.getByRole('button', { name: 'Cap at 180p15' }).click());
    expect(text('rung')).toBe('180p15');
    expect(text('reason')).toBe('capped');
    expect(sender.current.encodings[0]).toMatchObject({ maxBitrate: 150_000, maxFramerate: 15 });
    await act(async () => screen.getByRole('button', { name: 'Off' }).click());
    expect(text('mode')).toBe('off');
    expect(text('rung')).toBe('none');
    await tick(0);
    expect(sender.current.encodings).toEqual(original);
    view.rerender(<Panel pc={pc} mode="balanced" />); // the same option again: still off
    await tick(2000);
    expect(text('mode')).toBe('off');
    view.rerender(<Panel pc={pc} mode="maintain-resolution" />); // a changed option applies
    await tick(0);
    expect(text('mode')).toBe('maintain-resolution');
    expect(sender.current.degradationPreference).toBe('maintain-resolution');
  });

  it('is idle without a connection and takes a session through usePeerConnection’s result', () => {
    const { result } = renderHook(() => useAdaptiveBitrate(null));
    expect(result.current).toMatchObject({ rung: null, reason: 'no-video', controller: null, mode: 'balanced' });
    expect(() => result.current.setMode('off')).not.toThrow();
  });
});
