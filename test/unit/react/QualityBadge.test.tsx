import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QualityBadge, StatsOverlay, type StatsSample } from 'rtckit';
import { FakePeerConnection } from 'rtckit/testing';
import { collect, FIXTURES } from '../../helpers/statsFixtures';
import { receiverReports } from '../../helpers/syntheticReports';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const tick = (ms = 1000) => act(() => vi.advanceTimersByTimeAsync(ms));
const asPc = (fake: FakePeerConnection) => fake as unknown as RTCPeerConnection;
const badge = () => screen.getByRole('button', { name: /connection quality/i });

describe('QualityBadge', () => {
  it('shows a ready value: bars, level text, data-quality and screen-reader text with the reasons', () => {
    const { container } = render(
      <QualityBadge
        quality={{
          level: 'poor',
          reasons: [
            {
              code: 'packet-loss',
              direction: 'uplink',
              message: 'High packet loss on your upload',
              detail: '12 %',
              penalty: 40,
            },
            {
              code: 'round-trip-time',
              direction: 'both',
              message: 'High round-trip time',
              detail: '450 ms',
              penalty: 12,
            },
          ],
        }}
      />,
    );
    expect(
      screen.getByRole('button', {
        name: 'Connection quality: Poor. High packet loss on your upload. High round-trip time.',
      }),
    ).toBe(badge());
    const root = container.firstElementChild as HTMLElement;
    expect(root.dataset.quality).toBe('poor');
    expect(root.querySelector('[data-rtckit-quality-text]')!.textContent).toBe('Poor');
    expect(root.querySelector('[data-rtckit-bars]')!.getAttribute('data-rtckit-bars')).toBe('2');
    expect(root.style.getPropertyValue('--rtckit-quality-color')).toBe('var(--rtckit-quality-poor, currentColor)');
  });

  it('measures a pc: unknown, then the level, then lost', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    const { container } = render(<QualityBadge pc={asPc(fake)} />);
    const root = container.firstElementChild as HTMLElement;
    expect(root.dataset.quality).toBe('unknown');
    expect(screen.getByRole('button', { name: 'Connection quality: Unknown.' })).toBe(badge());
    await tick(0);
    await tick(2000);
    expect(root.dataset.quality).toBe('excellent');
    fake.setConnectionState('failed');
    await tick(1000);
    expect(root.dataset.quality).toBe('lost');
    expect(screen.getByRole('button', { name: 'Connection quality: Lost. The connection failed.' })).toBe(badge());
  });

  it('opens a popover with the reasons and sparklines on hover and focus; Escape and leaving close it', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports({ loss: (call) => (call >= 3 ? 0.15 : 0) }) });
    render(<QualityBadge pc={asPc(fake)} />);
    await tick(0);
    await tick(4000);
    expect(screen.queryByRole('group', { name: 'Connection quality details' })).toBeNull();

    fireEvent.mouseEnter(badge().parentElement!);
    const tooltip = screen.getByRole('group', { name: 'Connection quality details' });
    expect(badge().getAttribute('aria-controls')).toBe(tooltip.id);
    expect(tooltip.textContent).toMatch(/High packet loss on your download \(\d+(\.\d)? %\)/);
    const charts = within(tooltip).getAllByRole('img');
    expect(charts.map((c) => c.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^Bitrate over the last 4 samples, now 800 kbit\/s$/),
      expect.stringMatching(/^Round-trip time over the last 4 samples, now 20 ms$/),
      // 70 packets received and round(70 × 0.15 / 0.85) = 12 lost: 12 / 82.
      expect.stringMatching(/^Packet loss over the last 4 samples, now 14.6 %$/),
    ]);
    // The sparklines follow new samples while open.
    await tick(1000);
    expect(
      within(screen.getByRole('group', { name: 'Connection quality details' }))
        .getAllByRole('img')[0]!
        .getAttribute('aria-label'),
    ).toMatch(/last 5 samples/);
    fireEvent.mouseLeave(badge().parentElement!);
    expect(screen.queryByRole('group', { name: 'Connection quality details' })).toBeNull();

    // Focus alone opens nothing; a press does, until Escape (focus stays on the button).
    badge().focus();
    expect(screen.queryByRole('group', { name: 'Connection quality details' })).toBeNull();
    expect(badge().getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(badge());
    expect(badge().getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('group', { name: 'Connection quality details' })).toBeTruthy();
    fireEvent.keyDown(badge(), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Connection quality details' })).toBeNull();
    expect(badge().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(badge());
  });

  it('draws sparklines from a given history with a ready value, and can go without a popover', () => {
    const history = collect(FIXTURES.clean.receiver).slice(1) as StatsSample[];
    const { rerender } = render(<QualityBadge quality={{ level: 'excellent', reasons: [] }} history={history} />);
    fireEvent.mouseEnter(badge().parentElement!);
    expect(within(screen.getByRole('group', { name: 'Connection quality details' })).getAllByRole('img')).toHaveLength(
      3,
    );
    rerender(<QualityBadge quality={{ level: 'excellent', reasons: [] }} showDetails={false} />);
    fireEvent.mouseEnter(badge().parentElement!);
    expect(screen.queryByRole('group', { name: 'Connection quality details' })).toBeNull();
  });

  it('takes labels and children, forwards its ref and unknown props, and merges style and handlers', () => {
    const ref = createRef<HTMLSpanElement>();
    const onMouseEnter = vi.fn();
    render(
      <QualityBadge
        ref={ref}
        quality={{ level: 'good', reasons: [] }}
        labels={{ good: 'Gut' }}
        data-testid="b"
        className="mine"
        style={{ color: 'green' }}
        onMouseEnter={onMouseEnter}
      />,
    );
    const root = screen.getByTestId('b');
    expect(ref.current).toBe(root);
    expect(root.className).toBe('mine');
    expect(root.style.color).toBe('green');
    expect(root.style.position).toBe('relative');
    expect(screen.getByRole('button', { name: 'Connection quality: Gut.' })).toBe(badge());
    fireEvent.mouseEnter(root);
    expect(onMouseEnter).toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Connection quality details' })).toBeTruthy();
  });

  it("skips its own handling of an event whose default the caller's handler prevented", () => {
    const prevent = (event: { preventDefault(): void }) => event.preventDefault();
    const { rerender } = render(
      <QualityBadge quality={{ level: 'good', reasons: [] }} data-testid="b" onMouseEnter={prevent} />,
    );
    const root = screen.getByTestId('b');
    fireEvent.mouseEnter(root);
    expect(screen.queryByRole('group', { name: 'Connection quality details' })).toBeNull();

    rerender(
      <QualityBadge
        quality={{ level: 'good', reasons: [] }}
        data-testid="b"
        onKeyDown={prevent}
        onMouseLeave={prevent}
      />,
    );
    fireEvent.mouseEnter(root);
    expect(screen.getByRole('group', { name: 'Connection quality details' })).toBeTruthy();
    fireEvent.keyDown(badge(), { key: 'Escape' });
    fireEvent.mouseLeave(root);
    expect(screen.getByRole('group', { name: 'Connection quality details' })).toBeTruthy();
  });
});

describe('StatsOverlay', () => {
  it('lists the latest sample of a pc as a labelled description list', async () => {
    const fake = new FakePeerConnection({ stats: receiverReports() });
    render(<StatsOverlay pc={asPc(fake)} />);
    const overlay = screen.getByRole('group', { name: 'Connection statistics' });
    expect(overlay.textContent).toContain('Receiving video– · – · –');
    await tick(0);
    await tick(1000);
    expect(overlay.textContent).toContain('Receiving video800 kbit/s · 640×480 · 30 fps');
    expect(overlay.textContent).toContain('Routehost → srflx (udp)');
    expect(overlay.textContent).toContain('Round-trip time20 ms');
  });

  it('shows a given sample', () => {
    const sample = collect(FIXTURES.lossy.receiver)[8]!;
    render(<StatsOverlay sample={sample} label="Alice's link" />);
    const overlay = screen.getByRole('group', { name: "Alice's link" });
    expect(overlay.textContent).toContain('Video loss (up / down)– / 18.1 %');
    expect(overlay.textContent).toContain('Concealed audio23 %');
    expect(overlay.textContent).toContain('Freezesfrozen (1)');
  });
});
