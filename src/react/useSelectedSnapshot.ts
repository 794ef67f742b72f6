import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { ReadableStore } from '../core/store';
import { noSubscription } from './internal/noSubscription';

/** A getSnapshot for useSyncExternalStore that returns the previous selection while it is still equal. */
function memoisedSelection<S, T>(
  store: ReadableStore<S> | null,
  fallback: S,
  select: (snapshot: S) => T,
  isEqual: (a: T, b: T) => boolean,
): () => T {
  let memo: { readonly snapshot: S; readonly selection: T } | undefined;
  return () => {
    const snapshot = store ? store.getSnapshot() : fallback;
    if (memo && memo.snapshot === snapshot) return memo.selection;
    const selection = select(snapshot);
    memo = { snapshot, selection: memo && isEqual(memo.selection, selection) ? memo.selection : selection };
    return memo.selection;
  };
}

/**
 * Reads `select(store.getSnapshot())` and re-renders only when the selection changes by `isEqual`,
 * even when `select` is an inline function. With no store, selects from `fallback`.
 */
export function useSelectedSnapshot<S, T>(
  store: ReadableStore<S> | null,
  fallback: S,
  select: (snapshot: S) => T,
  isEqual: (a: T, b: T) => boolean,
): T {
  const subscribe = useMemo(() => (store ? store.subscribe : noSubscription), [store]);
  const getSelection = useMemo(
    () => memoisedSelection(store, fallback, select, isEqual),
    [store, fallback, select, isEqual],
  );
  const getServerSelection = useCallback(() => select(fallback), [select, fallback]);
  return useSyncExternalStore(subscribe, getSelection, getServerSelection);
}
