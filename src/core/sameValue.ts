/**
 * Whether two plain values — options, ladders, encoding plans, capture constraints: primitives,
 * arrays and plain objects — hold the same data. Key order does not matter, and a key set to `undefined` is the
 * same as one left out (as with the options a hook passes on every render). Compared structurally
 * rather than through `JSON.stringify`, which depends on key order and drops what it cannot write.
 *
 * @example
 * ```ts
 * sameValue({ loss: 0.1, rtt: undefined }, { loss: 0.1 }); // true
 * sameValue([{ id: '720p30' }], [{ id: '540p30' }]); // false
 * ```
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as readonly unknown[];
    return a.length === other.length && a.every((value, i) => sameValue(value, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameValue(left[key], right[key])) return false;
  return true;
}
