import { describe, expect, it, vi } from 'vitest';
import { EngineUnit } from '@src/core/engineUnit';

class Counter extends EngineUnit<{ count: number }> {
  readonly started = vi.fn();
  readonly stopped = vi.fn();
  constructor() {
    super({ count: 0 }, { onActive: () => this.started(), onInactive: () => this.stopped() });
  }
  bump() {
    this.store.update({ count: this.getSnapshot().count + 1 });
  }
}

describe('EngineUnit', () => {
  it("exposes its store's read side and runs the lifecycle with the first and last subscriber", () => {
    const unit = new Counter();
    const listener = vi.fn();
    const { subscribe, getSnapshot } = unit; // bound: usable as useSyncExternalStore's arguments
    const stop = subscribe(listener);
    expect(unit.started).toHaveBeenCalledTimes(1);
    unit.bump();
    expect(getSnapshot()).toEqual({ count: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    expect(unit.stopped).toHaveBeenCalledTimes(1);
  });
});
