import { useEffect, useState } from 'react';

interface Owned<U> {
  readonly unit: U;
  readonly deps: readonly unknown[];
}

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

/**
 * The engine unit a hook owns. It is created once, in state — not in `useMemo`, a cache React may
 * drop, which would restart a live call — and created again only when one of `deps` changes
 * (compared with `Object.is`, like `useMemo`'s). After every commit `update` receives the unit, to
 * push the render's latest options into it.
 *
 * Creating a unit must start nothing (engine units work only while subscribed), so the instances
 * StrictMode's double render or an abandoned render throws away leak nothing.
 *
 * @example
 * ```ts
 * const session = useEngine(() => new PeerSession(options), [options.signaling], (s) => s.setOptions(options));
 * ```
 */
export function useEngine<U>(create: () => U, deps: readonly unknown[], update?: (unit: U) => void): U {
  const [owned, setOwned] = useState<Owned<U>>(() => ({ unit: create(), deps }));
  let current = owned;
  if (!sameDeps(owned.deps, deps)) {
    // React's "adjust state while rendering": this render and every later one see the new unit.
    current = { unit: create(), deps };
    setOwned(current);
  }
  const { unit } = current;
  useEffect(() => {
    update?.(unit);
  });
  return unit;
}
