// The error type, its closed union of codes and the two codes every domain uses. The message and
// hint of the other codes live with their domain (media/mediaErrors.ts, peer/peerErrors.ts, …), in
// subclasses made by domainError that rtckit's units throw, so an import carries only the text of
// the codes it can raise (bundle size, issue 16). Every code has its own text (test/unit/testing/createRtcKitError.test.ts).

/** Capture, devices, speaker output and screen share (src/core/media). */
export type MediaErrorCode =
  | 'permission-denied'
  | 'device-not-found'
  | 'device-in-use'
  | 'constraints-unsatisfiable'
  | 'invalid-constraints'
  | 'insecure-context'
  | 'unsupported'
  | 'aborted'
  | 'device-lost'
  | 'share-cancelled'
  | 'user-gesture-required'
  | 'output-unsupported';

/** Stats and connection quality (src/core/stats, src/core/quality). */
export type StatsErrorCode = 'stats-failed';

/** Creating and configuring an RTCPeerConnection (peer sessions and the ICE probe). */
export type ConnectionErrorCode = 'webrtc-unsupported' | 'invalid-rtc-config';

/** Peer sessions, signaling and data channels (src/core/peer). */
export type PeerErrorCode =
  | 'invalid-signaling-message'
  | 'signaling-failed'
  | 'signaling-unauthorized'
  | 'negotiation-failed'
  | 'ice-candidate-failed'
  | 'track-replace-failed'
  | 'data-channel-not-open'
  | 'invalid-peer-message'
  | 'codec-unsupported';

/** ICE servers, TURN credentials and the ICE probe (src/core/ice). */
export type IceErrorCode =
  | 'invalid-ice-server'
  | 'turn-credentials-expired'
  | 'turn-auth-failed'
  | 'turn-allocation-refused'
  | 'ice-server-unreachable'
  | 'turn-relay-failed'
  | 'ice-probe-cancelled';

/** Adaptive bitrate (src/core/abr). */
export type AbrErrorCode = 'invalid-ladder' | 'set-parameters-failed';

/** Auto-reconnect (src/core/reconnect). */
export type ReconnectErrorCode = 'reconnect-failed';

/** Call reports (src/core/report). */
export type ReportErrorCode = 'invalid-report-option' | 'report-delivery-failed' | 'support-dump-unavailable';

/** Codes any unit raises: an option it cannot use, and what nothing else names. */
export type CommonErrorCode = 'invalid-option' | 'unknown';

/**
 * Every failure rtckit reports, as a closed union. Each code has a message a person can read and a
 * hint that says what to do about it.
 */
export type RtcKitErrorCode =
  | MediaErrorCode
  | StatsErrorCode
  | ConnectionErrorCode
  | PeerErrorCode
  | IceErrorCode
  | AbrErrorCode
  | ReconnectErrorCode
  | ReportErrorCode
  | CommonErrorCode;

/** The message and hint of one code. */
export interface ErrorText {
  readonly message: string;
  readonly hint: string;
}

const COMMON_ERROR_TEXT = {
  'invalid-option': {
    message: 'An option has a value rtckit cannot use.',
    hint: 'Check the option named in this message against its documentation.',
  },
  unknown: {
    message: 'An unexpected error occurred.',
    hint: 'Try again; the cause property holds the original error.',
  },
} as const satisfies Record<CommonErrorCode, ErrorText>;

/** Options for {@link RtcKitError}. */
export interface RtcKitErrorOptions {
  /** The original error or value that caused this one. */
  readonly cause?: unknown;
  /** A sentence appended to the code's message with the specifics (a constraint name, a device). */
  readonly detail?: string;
}

/**
 * The one error type rtckit throws or reports. `code` is a closed union, so a `switch` over it can
 * be exhaustive; `message` reads well on its own and `hint` says how to recover.
 *
 * @example
 * ```ts
 * try {
 *   await getLocalMedia({ video: true });
 * } catch (error) {
 *   if (error instanceof RtcKitError && error.code === 'permission-denied') showHowToUnblock(error.hint);
 * }
 * ```
 */
export class RtcKitError extends Error {
  override readonly name = 'RtcKitError';
  readonly code: RtcKitErrorCode;
  readonly hint: string;
  override readonly cause: unknown;

  /**
   * The message and hint of each code this class knows. rtckit's units throw a class per domain
   * ({@link domainError}) that knows its own codes' text too; this one knows the common codes', and
   * names any other code in a short sentence.
   */
  protected static readonly text: Readonly<Partial<Record<RtcKitErrorCode, ErrorText>>> = COMMON_ERROR_TEXT;

  constructor(code: RtcKitErrorCode, options: RtcKitErrorOptions = {}) {
    const text = (new.target as typeof RtcKitError).text[code] ?? {
      message: `rtckit error "${code}".`,
      hint: `See "${code}" under RtcKitErrorCode in rtckit's documentation.`,
    };
    super(options.detail ? `${text.message} ${options.detail}` : text.message);
    this.code = code;
    this.hint = text.hint;
    this.cause = options.cause;
  }
}

/** A domain's error class: it raises that domain's codes and the common ones, each with its text. */
export type DomainErrorClass<C extends RtcKitErrorCode> = new (
  code: C | CommonErrorCode,
  options?: RtcKitErrorOptions,
) => RtcKitError;

/**
 * The error class of one domain, knowing the text of its codes: the tables given (several when a
 * table is shared, such as the connection codes, or when a module raises only some of a domain's
 * codes and should carry only their text). One factory rather than a subclass written out per
 * domain: each domain module holds its tables and one call, and the lookup code ships once.
 *
 * @example
 * ```ts
 * const StatsKitError = domainError(STATS_ERROR_TEXT);
 * throw new StatsKitError('stats-failed', { cause });
 * ```
 */
export function domainError<const T extends readonly Readonly<Partial<Record<RtcKitErrorCode, ErrorText>>>[]>(
  ...tables: T
): DomainErrorClass<{ [K in keyof T]: keyof T[K] }[number] & RtcKitErrorCode> {
  return class extends RtcKitError {
    protected static override readonly text = Object.assign({}, COMMON_ERROR_TEXT, ...tables);
  };
}

/**
 * Whether `value` is an {@link RtcKitError}, optionally with a given code.
 *
 * @example
 * ```ts
 * if (isRtcKitError(media.error, 'device-in-use')) closeOtherTabsPrompt();
 * ```
 */
export function isRtcKitError(value: unknown, code?: RtcKitErrorCode): value is RtcKitError {
  return value instanceof RtcKitError && (code === undefined || value.code === code);
}

/**
 * The text of a thrown value, for an error's `detail`: its `message` when it has one (an `Error`, a
 * `DOMException`, or an error-like object from another realm), else the value as a string.
 */
export function messageOf(cause: unknown): string {
  const message = (cause as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : printable(cause);
}

/**
 * Any value as text for a message, never throwing: `String(value)` throws for an object without a
 * usable `toString` (`Object.create(null)`, `{ toString: 1 }`), which bad input can be.
 *
 * @example
 * ```ts
 * printable(Object.create(null)); // '[object Object]'
 * ```
 */
export function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
