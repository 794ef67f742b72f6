import { describe, expect, it } from 'vitest';
import { levelOf } from 'rtckit/core';

const sine = (amplitude: number) => Float32Array.from({ length: 512 }, (_, i) => amplitude * Math.sin(i / 5));

describe('levelOf', () => {
  it('is 0 for silence and for sound at or below -60 dBFS', () => {
    expect(levelOf(new Float32Array(512))).toBe(0);
    expect(levelOf(sine(0.0005))).toBe(0);
  });

  it('maps RMS dBFS linearly onto 0..1 from -60 to 0', () => {
    // A full-scale sine has an RMS of 1/√2 ≈ -3 dBFS → (60 - 3) / 60 = 0.95
    expect(levelOf(sine(1))).toBeCloseTo(0.95, 2);
    // An amplitude of 0.0447 has an RMS of 0.0316 ≈ -30 dBFS → 0.5
    expect(levelOf(sine(0.0447))).toBeCloseTo(0.5, 1);
  });

  it('never exceeds 1', () => {
    expect(levelOf(new Float32Array(512).fill(4))).toBe(1);
  });
});
