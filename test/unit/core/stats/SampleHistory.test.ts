import { describe, expect, it } from 'vitest';
import { isRtcKitError, SampleHistory } from 'rtckit/core';

describe('SampleHistory (ring buffer)', () => {
  it('keeps the newest items, oldest first, and never more than its capacity', () => {
    const history = new SampleHistory<number>(3);
    expect(history.toArray()).toEqual([]);
    history.push(1);
    history.push(2);
    expect(history.toArray()).toEqual([1, 2]);
    for (let n = 3; n <= 10; n++) history.push(n);
    expect(history.toArray()).toEqual([8, 9, 10]);
    expect(history.size).toBe(3);
  });

  it('hands out copies, so an array already given away never changes', () => {
    const history = new SampleHistory<number>(2);
    history.push(1);
    const before = history.toArray();
    history.push(2);
    history.push(3);
    expect(before).toEqual([1]);
  });

  it('clears, and rejects a capacity it cannot use with a typed error', () => {
    const history = new SampleHistory<number>(2);
    history.push(1);
    history.clear();
    expect(history.toArray()).toEqual([]);
    let error: unknown;
    try {
      new SampleHistory(0);
    } catch (caught) {
      error = caught;
    }
    expect(isRtcKitError(error, 'invalid-option')).toBe(true);
  });
});
