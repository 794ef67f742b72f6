// Shared by the two parsers of what the other side sends: signaling messages and control messages.

/**
 * Whether a parsed JSON value is an object (not `null`, not an array), whose fields can be read.
 *
 * @example
 * ```ts
 * if (!isRecord(JSON.parse(text))) return reject('It is not a JSON object.');
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
