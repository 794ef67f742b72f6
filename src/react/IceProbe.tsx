import { forwardRef, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import type { IceProberSnapshot, IceProberStatus } from '../core/ice/IceProber';
import type { IceProbeFailure, IceProbeResult, IceProbeStatus } from '../core/ice/iceProbeResult';
import { formatMs } from './formatStats';
import { useIceProbe, type UseIceProbeOptions, type UseIceProbeResult } from './useIceProbe';

/** A check run elsewhere (e.g. by your own {@link useIceProbe}) for the panel to show. */
export type IceProbeValue = Pick<IceProberSnapshot, 'status' | 'results'> &
  Partial<Pick<UseIceProbeResult, 'error' | 'run' | 'cancel'>>;

/** Props of {@link IceProbe}; any other `<div>` prop goes to the root element. */
export interface IceProbeProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The servers to check, as in `RTCConfiguration.iceServers`. Ignored when `probe` is given. */
  readonly iceServers?: readonly RTCIceServer[];
  /** How to check them ({@link useIceProbe}'s options; `auto: true` checks on mount). */
  readonly options?: UseIceProbeOptions;
  /** Show a check you run yourself instead of running one. */
  readonly probe?: IceProbeValue;
  /** The table's caption (its accessible name). Default `'ICE servers'`. */
  readonly label?: ReactNode;
  /** Show the Check / Cancel button. Default `true` (when there is something to run). */
  readonly showControls?: boolean;
}

const RESULT_TEXT: Record<IceProbeStatus, string> = {
  probing: 'Checking…',
  pass: 'Pass',
  fail: 'Fail',
  cancelled: 'Cancelled',
};

const FAILURE_TEXT: Record<IceProbeFailure, string> = {
  invalid: 'invalid entry',
  'credentials-expired': 'credentials expired',
  'auth-failed': 'authentication failed',
  refused: 'refused by the server',
  unreachable: 'unreachable',
  'relay-failed': 'relay does not connect',
};

function summary(status: IceProberStatus, results: readonly IceProbeResult[]): string {
  const passed = results.filter((r) => r.status === 'pass').length;
  switch (status) {
    case 'idle':
      return 'Not checked yet.';
    case 'running':
      return `Checking ${results.length} server address${results.length === 1 ? '' : 'es'}…`;
    case 'done':
      return `${passed} of ${results.length} passed.`;
    case 'cancelled':
      return `Cancelled; ${passed} of ${results.length} passed.`;
    case 'error':
      return 'The check could not run.';
    default:
      return status satisfies never;
  }
}

function relayText(result: IceProbeResult): string {
  if (result.kind !== 'turn') return '–';
  if (result.rttMs !== null) return formatMs(result.rttMs);
  if (result.relayConnected === true) return 'connected';
  if (result.relayConnected === false) return 'no connection';
  return '–';
}

const badgeStyle = (status: IceProbeStatus): CSSProperties => ({
  display: 'inline-block',
  padding: '0 0.4em',
  borderRadius: '0.3em',
  border: '1px solid currentColor',
  color: `var(--rtckit-ice-${status}, currentColor)`,
});

const cellStyle: CSSProperties = { padding: 'var(--rtckit-ice-cell-padding, 0.25em 0.5em)', textAlign: 'start' };

/**
 * A pre-call check of STUN and TURN servers to drop into a settings page: a table with a row per
 * server address and its result — a pass/fail badge (with the reason: unreachable, authentication
 * failed, …), the candidate types it yields, the time to the first candidate and to the server's
 * answer, and for TURN the round trip of a call through the relay — plus a Check / Cancel button
 * and a live summary. Give it `iceServers` (it runs {@link useIceProbe}) or a `probe` you run.
 *
 * A real `<table>` with a caption, column and row headers; `data-state` on the root
 * (`idle | running | done | cancelled | error`) and on each row (`probing | pass | fail |
 * cancelled`, with `data-failure`). Unstyled: colour the badges with `--rtckit-ice-pass`,
 * `--rtckit-ice-fail`, `--rtckit-ice-probing`, `--rtckit-ice-cancelled` (default `currentColor`)
 * and space cells with `--rtckit-ice-cell-padding`. Credentials are never shown.
 *
 * @example
 * ```tsx
 * <IceProbe
 *   iceServers={[{ urls: 'stun:stun.example.org' }, { urls: 'turn:turn.example.org', username, credential }]}
 *   options={{ timeoutMs: 5000 }}
 *   style={{ '--rtckit-ice-pass': 'green', '--rtckit-ice-fail': 'crimson' } as React.CSSProperties}
 * />
 * ```
 */
export const IceProbe = forwardRef<HTMLDivElement, IceProbeProps>(function IceProbe(
  { iceServers, options, probe, label = 'ICE servers', showControls = true, ...rest },
  ref,
) {
  const own = useIceProbe(probe ? undefined : iceServers, { ...options, auto: !probe && (options?.auto ?? false) });
  const shown: IceProbeValue = probe ?? own;
  const { status, results } = shown;
  const running = status === 'running';
  const action = running ? shown.cancel : shown.run;
  return (
    <div ref={ref} data-rtckit-ice-probe="" data-state={status} {...rest}>
      <table aria-busy={running} style={{ borderCollapse: 'collapse' }}>
        <caption style={{ textAlign: 'start' }}>{label}</caption>
        <thead>
          <tr>
            {['Server', 'Result', 'Candidates', 'First candidate', 'Server response', 'Relay round trip'].map(
              (name) => (
                <th key={name} scope="col" style={cellStyle}>
                  {name}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {results.length === 0 ? (
            <tr>
              <td colSpan={6} style={cellStyle}>
                {status === 'error' ? 'No results.' : 'Not checked yet.'}
              </td>
            </tr>
          ) : (
            results.map((result, index) => (
              <tr
                key={`${result.serverIndex} ${result.url ?? ''} ${index}`}
                data-state={result.status}
                data-failure={result.failure ?? undefined}
              >
                <th scope="row" style={{ ...cellStyle, fontWeight: 'normal', fontFamily: 'monospace' }}>
                  {result.url ?? `iceServers[${result.serverIndex}]`}
                </th>
                <td style={cellStyle} title={result.error ? `${result.error.message} ${result.error.hint}` : undefined}>
                  <span data-rtckit-ice-badge="" data-state={result.status} style={badgeStyle(result.status)}>
                    {RESULT_TEXT[result.status]}
                  </span>
                  {result.failure && ` ${FAILURE_TEXT[result.failure]}`}
                </td>
                <td style={cellStyle}>{result.candidateTypes.join(', ') || '–'}</td>
                <td style={cellStyle}>{formatMs(result.firstCandidateMs)}</td>
                <td style={cellStyle}>{formatMs(result.serverResponseMs)}</td>
                <td style={cellStyle}>{relayText(result)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <p role="status" style={{ margin: '0.5em 0' }}>
        {summary(status, results)}
      </p>
      {shown.error && <p role="alert">{`${shown.error.message} ${shown.error.hint}`}</p>}
      {showControls && action && (
        <button type="button" onClick={() => void action()}>
          {running ? 'Cancel' : status === 'idle' ? 'Check servers' : 'Check again'}
        </button>
      )}
    </div>
  );
});
