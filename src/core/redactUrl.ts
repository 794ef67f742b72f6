/**
 * A URL as it may appear in an error message or a log: the password of its user-info and the
 * values of its query (tokens travel there) replaced by `***`. TURN's `?transport=` is kept, as it
 * is no secret and says which URL is meant. Text that is not a URL is returned with anything that
 * looks like user-info redacted.
 *
 * @example
 * ```ts
 * redactUrl('turn:alice:pa55@turn.example.org'); // 'turn:alice:***@turn.example.org'
 * redactUrl('wss://signal.example.org/?room=42&token=abc'); // 'wss://signal.example.org/?room=***&token=***'
 * ```
 */
export function redactUrl(url: string): string {
  // Works on the text rather than on URL, as ICE URLs (turn:user:pass@host) are opaque to it.
  const [beforeQuery = '', ...rest] = url.split('?');
  const query = rest.join('?');
  const redactedBase = beforeQuery.replace(
    /^([a-z][\w+.-]*:(?:\/\/)?)([^@/]*)@/i,
    (_all, scheme: string, info: string) => {
      const colon = info.indexOf(':');
      return `${scheme}${colon < 0 ? info : `${info.slice(0, colon)}:***`}@`;
    },
  );
  if (rest.length === 0) return redactedBase;
  const redactedQuery = query
    .split('&')
    .map((pair) => {
      const [name = '', value] = pair.split('=');
      if (value === undefined) return name;
      return name === 'transport' ? pair : `${name}=***`;
    })
    .join('&');
  return `${redactedBase}?${redactedQuery}`;
}
