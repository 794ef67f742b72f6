// What a report or support dump must never carry by default: IP addresses (v4, v6, mDNS names),
// ports and candidate lines, anywhere — in the fields that hold them and in any other string.

/**
 * What a redacted value is replaced with.
 *
 * @example
 * ```ts
 * redact({ address: '192.0.2.1' }); // { address: '[redacted]' }
 * ```
 */
export const REDACTED = '[redacted]';

/** Stats fields that hold addresses, ports, candidate lines, ICE credentials or certificates. */
const SENSITIVE_FIELDS = new Set([
  'address',
  'ip',
  'port',
  'relatedAddress',
  'relatedPort',
  'candidate',
  'url',
  'usernameFragment',
  'foundation',
  'fingerprint',
  'base64Certificate',
]);

// Any run of hex groups with two or more colons is (or may be) IPv6, with an embedded IPv4 tail
// and a zone; times and fingerprints look the same and go too, which is the safe side to err on.
const IPV6 = /[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,}(?:\.\d{1,3}){0,3}(?:%[\w.-]+)?/gi;
const IPV4 = /\d{1,3}(?:\.\d{1,3}){3}/g;
// Chromium's mDNS names for host candidates (`<uuid>.local`) identify a machine on its network.
const MDNS = /[\w-]+\.local\b/gi;
// A string that holds an ICE candidate line is redacted whole: its every part is a detail.
const CANDIDATE = /candidate:|\btyp (?:host|srflx|prflx|relay)\b/i;

/**
 * `text` with every IP address and mDNS name replaced by `[redacted]`, or all of it when it holds
 * an ICE candidate line.
 *
 * @example
 * ```ts
 * redactText('turn:203.0.113.5:3478?transport=udp'); // 'turn:[redacted]:3478?transport=udp'
 * redactText('candidate:1 1 udp 2122 10.0.0.2 5000 typ host'); // '[redacted]'
 * ```
 */
export function redactText(text: string): string {
  if (CANDIDATE.test(text)) return REDACTED;
  return text.replace(IPV6, REDACTED).replace(IPV4, REDACTED).replace(MDNS, REDACTED);
}

/**
 * A deep copy of `value` (plain objects, arrays, `Map`s as objects) with the fields that hold
 * addresses, ports, candidate lines, ICE credentials or certificates set to `[redacted]`, and every
 * other string (keys too) passed through {@link redactText}. Numbers, booleans and `null` are kept.
 *
 * @example
 * ```ts
 * redact({ type: 'local-candidate', address: '10.0.0.2', port: 5000, candidateType: 'host' });
 * // { type: 'local-candidate', address: '[redacted]', port: '[redacted]', candidateType: 'host' }
 * ```
 */
export function redact<T>(value: T): T {
  return redactValue(value, 0) as T;
}

const MAX_DEPTH = 32;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, field] of entries) {
    const name = redactText(String(key));
    out[name] =
      SENSITIVE_FIELDS.has(name) && field !== undefined && field !== null ? REDACTED : redactValue(field, depth + 1);
  }
  return out;
}
