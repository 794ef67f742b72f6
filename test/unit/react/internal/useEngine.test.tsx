import { renderHook } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useEngine } from '@src/react/internal/useEngine';

class Unit {
  static made = 0;
  readonly id = ++Unit.made;
  options: unknown = null;
  setOptions(options: unknown) {
    this.options = options;
  }
}

describe('useEngine', () => {
  it('keeps one unit across renders, and makes a new one only when a dependency changes', () => {
    const { result, rerender } = renderHook(
      ({ key, option }) =>
        useEngine(
          () => new Unit(),
          [key],
          (u) => u.setOptions(option),
        ),
      {
        initialProps: { key: 'a', option: 1 },
        wrapper: StrictMode,
      },
    );
    const first = result.current;
    rerender({ key: 'a', option: 2 });
    expect(result.current).toBe(first);
    expect(first.options).toBe(2);
    rerender({ key: 'b', option: 3 });
    expect(result.current).not.toBe(first);
    expect(result.current.options).toBe(3);
    const second = result.current;
    rerender({ key: 'b', option: 4 });
    expect(result.current).toBe(second);
  });

  it('compares dependencies with Object.is, element by element', () => {
    const create = vi.fn(() => new Unit());
    const { rerender } = renderHook(({ deps }) => useEngine(create, deps), {
      initialProps: { deps: [1, NaN] as unknown[] },
    });
    // StrictMode runs the state initialiser twice on mount; count from there.
    const onMount = create.mock.calls.length;
    rerender({ deps: [1, NaN] });
    expect(create).toHaveBeenCalledTimes(onMount);
    rerender({ deps: [1, NaN, 3] });
    expect(create.mock.calls.length).toBeGreaterThan(onMount);
  });
});
