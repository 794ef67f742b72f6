import { printable } from '../errors';
import { redactUrl } from '../redactUrl';
import { IceServerKitError } from './iceErrors';

/**
 * The rule of the WebRTC specification ("validate an ICE server") that an ICE server breaks:
 * - `servers-not-list`: `iceServers` is not an array (`null` included);
 * - `servers-missing`: `iceServers` is `undefined` and servers are required ({@link ValidateIceServersOptions});
 * - `servers-empty`: `iceServers` is `[]` and servers are required;
 * - `server-not-object`: an entry is not an object;
 * - `urls-missing`: an entry has no `urls` (a string or a list of strings);
 * - `urls-empty`: `urls` is an empty list;
 * - `url-not-string`: an entry of `urls` is not a string;
 * - `url-syntax`: the URL cannot be parsed;
 * - `scheme`: the scheme is not `stun:`, `stuns:`, `turn:` or `turns:`;
 * - `path`: the URL has a path (`stun://host`, `stun:host/x`);
 * - `user-info`: the URL has a user name or password (`turn:user@host`);
 * - `fragment`: the URL has a `#fragment`;
 * - `query`: a STUN URL has a `?query`;
 * - `transport`: a TURN URL has a query other than `?transport=udp` or `?transport=tcp`;
 * - `host`: the host or port is invalid (empty host, port above 65535, …);
 * - `turn-credentials`: a TURN server lacks a `username` or a non-empty string `credential`;
 * - `username-too-long`: a TURN username is longer than 509 bytes (RFC 8489 §14.3).
 */
export type IceServerRule =
  | 'servers-not-list'
  | 'servers-missing'
  | 'servers-empty'
  | 'server-not-object'
  | 'urls-missing'
  | 'urls-empty'
  | 'url-not-string'
  | 'url-syntax'
  | 'scheme'
  | 'path'
  | 'user-info'
  | 'fragment'
  | 'query'
  | 'transport'
  | 'host'
  | 'turn-credentials'
  | 'username-too-long';

/**
 * An {@link RtcKitError} with code `'invalid-ice-server'` that also says which server and URL broke
 * which {@link IceServerRule}.
 *
 * @example
 * ```ts
 * for (const error of validateIceServers(config.iceServers)) {
 *   console.warn(`iceServers[${error.serverIndex}] ${error.url}: ${error.rule}`);
 * }
 * ```
 */
export class IceServerError extends IceServerKitError {
  readonly rule: IceServerRule;
  /** Index in `iceServers`; `-1` when `iceServers` itself is not a list. */
  readonly serverIndex: number;
  /** The URL at fault, when the rule is about one URL, with any password or query value redacted. */
  readonly url: string | null;

  constructor(rule: IceServerRule, serverIndex: number, url: string | null, explanation: string) {
    const where = serverIndex < 0 ? 'iceServers' : `iceServers[${serverIndex}]`;
    // A URL with user-info (turn:user:password@host) is refused, but must not be printed as it is.
    const shown = url === null ? null : redactUrl(url);
    super('invalid-ice-server', {
      detail: `${where}${shown === null ? '' : ` ("${shown}")`}: ${explanation} (rule: ${rule})`,
    });
    this.rule = rule;
    this.serverIndex = serverIndex;
    this.url = shown;
  }
}

/** Options for {@link validateIceServers}. */
export interface ValidateIceServersOptions {
  /**
   * Treat a missing (`undefined`) or empty list as an error (`servers-missing`, `servers-empty`).
   * Default `false`, as for `RTCPeerConnection`, where no servers means host candidates only; set it
   * where servers are the point, such as before a pre-call ICE check or a relay-only call.
   */
  readonly requireServers?: boolean;
}

const SCHEMES = new Set(['stun', 'stuns', 'turn', 'turns']);
// RFC 8489 §14.3: a STUN USERNAME is less than 513 bytes; browsers refuse more than 509 (the spec's limit).
export const MAX_TURN_USERNAME_BYTES = 509;

/**
 * Checks `RTCConfiguration.iceServers` against every rule the WebRTC specification applies when a
 * connection is configured, and returns one {@link IceServerError} per violation (an empty array
 * when all is well). Unlike the browser, which throws on the first problem with a bare
 * `SyntaxError`, this names the server, the URL and the rule. A missing or empty `iceServers` list
 * is valid (host candidates only) unless `requireServers` is set; an empty `urls` list never is.
 *
 * @example
 * ```ts
 * const errors = validateIceServers([{ urls: 'turn:turn.example.org' }]);
 * errors[0]?.rule; // 'turn-credentials'
 * errors[0]?.message; // '… iceServers[0] ("turn:turn.example.org"): a TURN server needs a username and a credential …'
 * validateIceServers([], { requireServers: true })[0]?.rule; // 'servers-empty'
 * ```
 */
export function validateIceServers(iceServers: unknown, options: ValidateIceServersOptions = {}): IceServerError[] {
  if (iceServers === undefined) {
    return options.requireServers
      ? [
          new IceServerError(
            'servers-missing',
            -1,
            null,
            'no iceServers were given; list at least one STUN or TURN server.',
          ),
        ]
      : [];
  }
  if (!Array.isArray(iceServers)) {
    return [new IceServerError('servers-not-list', -1, null, 'iceServers must be an array of RTCIceServer objects.')];
  }
  if (iceServers.length === 0 && options.requireServers) {
    return [
      new IceServerError('servers-empty', -1, null, 'iceServers is empty; list at least one STUN or TURN server.'),
    ];
  }
  return iceServers.flatMap((server: unknown, index) => validateServer(server, index));
}

function validateServer(server: unknown, index: number): IceServerError[] {
  if (typeof server !== 'object' || server === null || Array.isArray(server)) {
    return [new IceServerError('server-not-object', index, null, 'each ICE server must be an object with urls.')];
  }
  const { urls, username, credential } = server as Record<string, unknown>;
  if (typeof urls !== 'string' && !Array.isArray(urls)) {
    return [new IceServerError('urls-missing', index, null, 'urls must be a URL string or a list of them.')];
  }
  const list: unknown[] = typeof urls === 'string' ? [urls] : urls;
  if (list.length === 0) return [new IceServerError('urls-empty', index, null, 'urls must not be an empty list.')];

  const errors: IceServerError[] = [];
  for (const url of list) {
    if (typeof url !== 'string') {
      errors.push(new IceServerError('url-not-string', index, printable(url), 'every URL must be a string.'));
      continue;
    }
    const problem = urlProblem(url);
    if (problem) {
      errors.push(new IceServerError(problem[0], index, url, problem[1]));
      continue;
    }
    if (!url.trim().toLowerCase().startsWith('turn')) continue;
    if (typeof username !== 'string' || typeof credential !== 'string' || credential === '') {
      errors.push(
        new IceServerError(
          'turn-credentials',
          index,
          url,
          'a TURN server needs a username and a non-empty credential.',
        ),
      );
    } else if (new TextEncoder().encode(username).length > MAX_TURN_USERNAME_BYTES) {
      errors.push(
        new IceServerError(
          'username-too-long',
          index,
          url,
          `a TURN username may be at most ${MAX_TURN_USERNAME_BYTES} bytes.`,
        ),
      );
    }
  }
  return errors;
}

/** The spec's "validate an ICE server URL" steps, on the WHATWG URL parser as the spec uses it. */
function urlProblem(url: string): [IceServerRule, string] | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['url-syntax', 'it is not a URL.'];
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (!SCHEMES.has(scheme)) return ['scheme', 'the scheme must be stun:, stuns:, turn: or turns:.'];

  // WHATWG URL reports an absent and an empty query/fragment alike; the spec tells them apart, so
  // look at the text. The opaque path is what follows "scheme:" up to "?" or "#".
  const text = url.trim();
  const afterScheme = text.slice(text.indexOf(':') + 1);
  const hashAt = afterScheme.indexOf('#');
  const beforeFragment = hashAt < 0 ? afterScheme : afterScheme.slice(0, hashAt);
  const queryAt = beforeFragment.indexOf('?');
  const opaquePath = queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const query = queryAt < 0 ? null : beforeFragment.slice(queryAt + 1);

  if (opaquePath.startsWith('/') || parsed.host !== '') {
    return ['path', 'use scheme:host[:port], without "//" or a path.'];
  }
  if (hashAt >= 0) return ['fragment', 'the URL must not have a #fragment.'];
  const isStun = scheme === 'stun' || scheme === 'stuns';
  if (isStun && query !== null) return ['query', 'a STUN URL must not have a ?query.'];

  let hostAndPort: URL;
  try {
    hostAndPort = new URL(`https://${opaquePath}`);
  } catch {
    return opaquePath.includes('@')
      ? ['user-info', 'the URL must not contain a user name or password.']
      : ['host', 'the host or port is invalid.'];
  }
  if (hostAndPort.username !== '' || hostAndPort.password !== '' || opaquePath.includes('@')) {
    return ['user-info', 'the URL must not contain a user name or password; use the username and credential fields.'];
  }
  if (hostAndPort.pathname !== '/' || opaquePath.includes('/') || opaquePath.includes('\\')) {
    return ['path', 'the URL must not have a path.'];
  }
  if (hostAndPort.hostname === '') return ['host', 'the URL has no host.'];
  if (!isStun && query !== null && query !== 'transport=udp' && query !== 'transport=tcp') {
    return ['transport', 'the only query a TURN URL may have is ?transport=udp or ?transport=tcp.'];
  }
  return null;
}
