import { forwardRef, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import type { ReconnectSnapshot } from '../core/reconnect/Reconnector';
import type { ReconnectReason } from '../core/reconnect/types';

/** The part of `useAutoReconnect`'s result the component shows; the whole result fits. */
export type ConnectionStatusValue = Pick<ReconnectSnapshot, 'state'> &
  Partial<Pick<ReconnectSnapshot, 'reason' | 'attempt' | 'nextRetryInMs' | 'error'>> & {
    /** Called by the retry button; without it, no button is shown. */
    readonly retryNow?: () => void;
  };

/** The words the component uses, e.g. for another language. */
export interface ConnectionStatusLabels {
  readonly reconnecting: string;
  readonly failed: string;
  readonly retryNow: string;
  readonly tryAgain: string;
  readonly retryingIn: (seconds: number) => string;
  readonly reasons: Readonly<Record<ReconnectReason, string>>;
}

/** Props of {@link ConnectionStatus}; any other `<div>` prop goes to the root element. */
export interface ConnectionStatusProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** What to show: `useAutoReconnect(peer)`, or a ready value. */
  readonly status: ConnectionStatusValue;
  /** Replacement words (merged with the English defaults). */
  readonly labels?: Partial<Omit<ConnectionStatusLabels, 'reasons'>> & {
    readonly reasons?: Partial<Record<ReconnectReason, string>>;
  };
  /** Replaces the message (the countdown and the button stay). */
  readonly children?: ReactNode;
}

const DEFAULT_LABELS: ConnectionStatusLabels = {
  reconnecting: 'Reconnecting…',
  failed: 'Could not reconnect.',
  retryNow: 'Retry now',
  tryAgain: 'Try again',
  retryingIn: (seconds) => `Next try in ${seconds} s`,
  reasons: {
    disconnected: 'The connection dropped.',
    'media-stalled': 'The video stopped arriving.',
    failed: 'The connection failed.',
    'restart-timeout': 'Setting up a new connection.',
    'peer-restarted': 'The other side is reconnecting.',
    'signaling-lost': 'The server cannot be reached.',
    offline: 'You are offline.',
    'network-changed': 'The network changed.',
  },
};

/**
 * A banner (or toast: position it yourself) for `useAutoReconnect`: while `reconnecting` it says so
 * and why, counts down to the next attempt and offers "Retry now"; once `failed` it says it could
 * not reconnect, with an alert for screen readers and a "Try again" button. While connected or idle
 * it holds only an empty live region (`role="status"`), so the first message is announced; the
 * countdown is hidden from screen readers so they are not told every second. The root is a
 * `role="group"`: name it with `aria-label` when a page has several.
 *
 * The root carries `data-state` = `connected | reconnecting | failed | idle` and `data-reason`, for
 * styling (e.g. `[data-state="connected"] { display: none }`). Unstyled apart from its flex layout.
 *
 * @example
 * ```tsx
 * const reconnect = useAutoReconnect(peer);
 * <ConnectionStatus status={reconnect} className="toast" />
 * <ConnectionStatus status={{ state: 'reconnecting', reason: 'offline', nextRetryInMs: 4000 }} />
 * ```
 */
export const ConnectionStatus = /* @__PURE__ */ forwardRef<HTMLDivElement, ConnectionStatusProps>(
  function ConnectionStatus({ status, labels, children, style, ...rest }, ref) {
    const words: ConnectionStatusLabels = {
      ...DEFAULT_LABELS,
      ...labels,
      reasons: { ...DEFAULT_LABELS.reasons, ...labels?.reasons },
    };
    const { state, reason, nextRetryInMs, retryNow, error } = status;
    const reasonText = reason ? words.reasons[reason] : null;
    const seconds = nextRetryInMs != null && nextRetryInMs > 0 ? Math.ceil(nextRetryInMs / 1000) : null;

    let message: ReactNode = null;
    let alert: ReactNode = null;
    let action: ReactNode = null;
    switch (state) {
      case 'idle':
      case 'connected':
        break;
      case 'reconnecting':
        message = children ?? [words.reconnecting, reasonText].filter(Boolean).join(' ');
        if (retryNow) action = words.retryNow;
        break;
      case 'failed':
        alert = children ?? [words.failed, reasonText, error?.hint].filter(Boolean).join(' ');
        if (retryNow) action = words.tryAgain;
        break;
      default:
        state satisfies never;
    }

    return (
      <div
        ref={ref}
        // A group, so an `aria-label` (e.g. "Call status") names it; not a live region itself, as the
        // message and the alert inside already are (nested live regions are announced twice).
        role="group"
        data-state={state}
        data-reason={state === 'reconnecting' || state === 'failed' ? (reason ?? undefined) : undefined}
        style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.5em', ...style } as CSSProperties}
        {...rest}
      >
        <span role="status">{message}</span>
        {alert && <span role="alert">{alert}</span>}
        {state === 'reconnecting' && seconds !== null && (
          <span aria-hidden="true" data-rtckit-countdown="">
            {words.retryingIn(seconds)}
          </span>
        )}
        {action && (
          <button type="button" onClick={retryNow}>
            {action}
          </button>
        )}
      </div>
    );
  },
);
