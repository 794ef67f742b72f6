import { describe, expect, it, vi } from 'vitest';
import { lazily, SharedRegistry } from '@src/core/sharedRegistry';

describe('SharedRegistry', () => {
  it('makes one entry per key and forgets it on delete or clear', () => {
    const registry = new SharedRegistry<object, { n: number }>();
    const key = {};
    let n = 0;
    const make = () => ({ n: ++n });
    const first = registry.get(key, make);
    expect(registry.get(key, make)).toBe(first);
    expect(registry.get({}, make)).not.toBe(first);
    expect(registry.peek(key)).toBe(first);
    expect(registry.delete(key)).toBe(true);
    expect(registry.peek(key)).toBeUndefined();
    registry.get(key, make);
    registry.clear();
    expect(registry.peek(key)).toBeUndefined();
  });

  it('keeps an entry whose value is undefined instead of making it again', () => {
    const registry = new SharedRegistry<object, undefined>();
    const make = vi.fn(() => undefined);
    const key = {};
    registry.get(key, make);
    registry.get(key, make);
    expect(make).toHaveBeenCalledTimes(1);
  });
});

describe('lazily', () => {
  it('creates on the first call, not before, and only once', () => {
    const create = vi.fn(() => ({}));
    const get = lazily(create);
    expect(create).not.toHaveBeenCalled();
    expect(get()).toBe(get());
    expect(create).toHaveBeenCalledTimes(1);
  });
});
