// How a user of rtckit tests their own UI: only the public entries, jsdom and fake timers.
// "When the network turns poor, my badge says so."
import { act, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { useConnectionQuality } from 'rtckit';
import { FakePeerConnection } from 'rtckit/testing';

function CallHealth({ pc }: { pc: RTCPeerConnection }) {
  const { level, reasons } = useConnectionQuality(pc);
  return (
    <p role="status">
      Connection: {level}
      {reasons[0] && ` (${reasons[0].message})`}
    </p>
  );
}

afterEach(() => vi.useRealTimers());

it('shows poor when the scripted network degrades, and lost when it black-holes', async () => {
  vi.useFakeTimers();
  const pc = new FakePeerConnection({ network: 'clean' });
  render(<CallHealth pc={pc.asRTCPeerConnection()} />);
  await act(() => vi.advanceTimersByTimeAsync(3000));
  expect(screen.getByRole('status')).toHaveTextContent(/Connection: (excellent|good)/);

  act(() => pc.setNetwork('lossy'));
  // The level is smoothed so it never flickers: a drop shows within seconds, and a level once
  // entered holds for 10 ticks unless the score falls far below it.
  await act(() => vi.advanceTimersByTimeAsync(12_000));
  expect(screen.getByRole('status')).toHaveTextContent(/Connection: poor \(.*loss/i);

  act(() => pc.setNetwork('black-hole'));
  await act(() => vi.advanceTimersByTimeAsync(6000));
  expect(screen.getByRole('status')).toHaveTextContent('Connection: lost');
});
