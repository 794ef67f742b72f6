/** `subscribe` for `useSyncExternalStore` when a hook has nothing to watch (no connection yet). */
export const noSubscription = (): (() => void) => () => {};
