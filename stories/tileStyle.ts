import type { CSSProperties } from 'react';

/** The look every story gives its tiles: dark, rounded, placeholder centred. */
export function tileStyle(width: number, aspectRatio = '4 / 3'): CSSProperties {
  return {
    width,
    aspectRatio,
    background: '#1f2430',
    color: '#fff',
    display: 'grid',
    placeItems: 'center',
    borderRadius: 8,
    overflow: 'hidden',
  };
}
