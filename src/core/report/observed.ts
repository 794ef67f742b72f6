import type { ReadableStore } from '../store';

/**
 * A value the reporter reads: an engine unit to subscribe to (a `BitrateController`, a
 * `Reconnector`), or its latest snapshot as a value (what `useAdaptiveBitrate` and
 * `useAutoReconnect` return), pushed again whenever it changes.
 */
export type Observed<T> = ReadableStore<T> | T;

/** Whether `source` is a store rather than a snapshot. */
export function isStore<T>(source: Observed<T>): source is ReadableStore<T> {
  const candidate = source as Partial<ReadableStore<T>> | null;
  return typeof candidate?.subscribe === 'function' && typeof candidate.getSnapshot === 'function';
}

/**
 * Calls `onValue` with the value of `source` now and, for a store, after each change; returns the
 * function that stops watching. A `null` source calls nothing.
 */
export function watch<T>(source: Observed<T> | null | undefined, onValue: (value: T) => void): () => void {
  if (source === null || source === undefined) return () => {};
  if (!isStore(source)) {
    onValue(source);
    return () => {};
  }
  const stop = source.subscribe(() => onValue(source.getSnapshot()));
  onValue(source.getSnapshot());
  return stop;
}
