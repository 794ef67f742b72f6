import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AudioLevelMeter } from 'rtckit';

describe('AudioLevelMeter', () => {
  it('is a meter from 0 to 100 with an accessible name, at 0 without a stream', () => {
    render(<AudioLevelMeter stream={null} className="meter" />);
    const meter = screen.getByRole('meter', { name: 'Microphone level' });
    expect(meter).toHaveAttribute('aria-valuemin', '0');
    expect(meter).toHaveAttribute('aria-valuemax', '100');
    expect(meter).toHaveAttribute('aria-valuenow', '0');
    expect(meter).toHaveClass('meter');
    expect(meter.style.getPropertyValue('--rtckit-level')).toBe('0');
  });
});
