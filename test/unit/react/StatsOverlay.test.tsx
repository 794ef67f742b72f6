import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatsOverlay, type StatsSample } from 'rtckit';
import { collect, FIXTURES } from '../../helpers/statsFixtures';

const row = (term: string) => screen.getByText(term).nextElementSibling?.textContent;

describe('StatsOverlay codecs', () => {
  it('shows the negotiated codec of each direction, a dash where nothing flows that way', () => {
    const received = collect(FIXTURES.clean.receiver)[8]!;
    render(<StatsOverlay sample={received} />);
    expect(row('Video codec (up / down)')).toBe('– / VP8');
    expect(row('Audio codec (up / down)')).toBe('– / opus');
  });

  it('keeps the two directions apart when they differ (each side chooses what it receives)', () => {
    const sent = collect(FIXTURES.lossy.sender)[8]!;
    const received = collect(FIXTURES.lossy.receiver)[8]!;
    const sample: StatsSample = {
      ...received,
      outbound: { ...sent.outbound, video: { ...sent.outbound.video!, codec: 'VP9' } },
    };
    render(<StatsOverlay sample={sample} />);
    expect(row('Video codec (up / down)')).toBe('VP9 / VP8');
    expect(row('Audio codec (up / down)')).toBe('opus / opus');
  });
});
