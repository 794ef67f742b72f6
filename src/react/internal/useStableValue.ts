import { useState } from 'react';

/**
 * `value`, or the one an earlier render returned while `equal` says they are the same: a stable
 * identity for effect dependencies given objects written inline (a new one on every render).
 *
 * @example
 * ```ts
 * const servers = useStableValue(iceServers, sameIceServers);
 * useEffect(() => void prober.run(), [servers]); // runs again only when the servers really change
 * ```
 */
export function useStableValue<T>(value: T, equal: (a: T, b: T) => boolean): T {
  const [stable, setStable] = useState(value);
  if (Object.is(stable, value) || equal(stable, value)) return stable;
  // React's "adjust state while rendering": this render and every later one see the new value.
  setStable(() => value);
  return value;
}
