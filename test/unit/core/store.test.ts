import { describe, expect, it, vi } from 'vitest';
import { createStore, shallowEqual } from 'rtckit/core';

describe('createStore', () => {
  it('keeps the same snapshot object when an update changes nothing', () => {
    const store = createStore({ a: 1, b: 'x' });
    const listener = vi.fn();
    store.subscribe(listener);
    const before = store.getSnapshot();
    store.update({ a: 1 });
    store.set({ a: 1, b: 'x' });
    expect(store.getSnapshot()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
    store.update({ a: 2 });
    expect(store.getSnapshot()).toEqual({ a: 2, b: 'x' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('runs onActive on the first subscriber and onInactive after the last, reversibly', () => {
    const onActive = vi.fn();
    const onInactive = vi.fn();
    const store = createStore({ n: 0 }, { onActive, onInactive });
    const first = store.subscribe(() => {});
    const second = store.subscribe(() => {});
    expect(onActive).toHaveBeenCalledTimes(1);
    first();
    first(); // a second call is harmless
    expect(onInactive).not.toHaveBeenCalled();
    second();
    expect(onInactive).toHaveBeenCalledTimes(1);
    expect(store.active).toBe(false);
    store.subscribe(() => {});
    expect(onActive).toHaveBeenCalledTimes(2);
  });

  it('notifies a function subscribed twice twice, and needs both unsubscribes', () => {
    const store = createStore({ n: 0 });
    const listener = vi.fn();
    const off1 = store.subscribe(listener);
    store.subscribe(listener);
    store.update({ n: 1 });
    expect(listener).toHaveBeenCalledTimes(2);
    off1();
    expect(store.active).toBe(true);
  });

  it('lets a listener unsubscribe another during notification without skipping the rest', () => {
    const store = createStore({ n: 0 });
    const calls: string[] = [];
    let offB = () => {};
    store.subscribe(() => {
      calls.push('a');
      offB();
    });
    offB = store.subscribe(() => calls.push('b'));
    store.update({ n: 1 });
    expect(calls).toEqual(['a', 'b']);
    store.update({ n: 2 });
    expect(calls).toEqual(['a', 'b', 'a']);
  });
});

describe('shallowEqual', () => {
  it('compares own keys with Object.is', () => {
    expect(shallowEqual({ a: 1, b: NaN }, { a: 1, b: NaN })).toBe(true);
    expect(shallowEqual({ a: {} }, { a: {} })).toBe(false);
    expect(shallowEqual<object>({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(shallowEqual<object>({ a: undefined }, { b: undefined })).toBe(false);
  });
});

describe('createStore with deferInactive', () => {
  const flush = () => Promise.resolve();

  it('runs onInactive a microtask after the last unsubscribe', async () => {
    const onInactive = vi.fn();
    const store = createStore({ n: 0 }, { onInactive, deferInactive: true });
    store.subscribe(() => {})();
    expect(onInactive).not.toHaveBeenCalled();
    await flush();
    expect(onInactive).toHaveBeenCalledTimes(1);
  });

  it('skips onInactive and the next onActive when resubscribed at once (StrictMode)', async () => {
    const onActive = vi.fn();
    const onInactive = vi.fn();
    const store = createStore({ n: 0 }, { onActive, onInactive, deferInactive: true });
    store.subscribe(() => {})();
    store.subscribe(() => {});
    await flush();
    expect(onActive).toHaveBeenCalledTimes(1);
    expect(onInactive).not.toHaveBeenCalled();
    expect(store.active).toBe(true);
  });
});
