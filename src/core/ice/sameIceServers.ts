/**
 * Whether two `iceServers` lists say the same thing: the same servers in the same order, each with
 * the same fields, `urls` compared URL by URL. For a hook given servers written inline (a new array
 * on every render) to tell a real change from a new array. Internal to rtckit.
 *
 * @example
 * ```ts
 * sameIceServers([{ urls: ['stun:a.example'] }], [{ urls: ['stun:a.example'] }]); // true
 * sameIceServers([{ urls: 'stun:a.example' }], [{ urls: 'stun:b.example' }]); // false
 * ```
 */
export function sameIceServers(
  a: readonly RTCIceServer[] | undefined,
  b: readonly RTCIceServer[] | undefined,
): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((server, i) => sameServer(server, b[i]!));
}

function sameServer(a: RTCIceServer, b: RTCIceServer): boolean {
  const keys = Object.keys(a) as (keyof RTCIceServer)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameField(a[key], b[key]));
}

function sameField(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}
