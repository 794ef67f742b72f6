import { useId, useMemo, useState, type CSSProperties } from 'react';
import { checkTurnCredentials, IceProbe, useIceProbe, validateIceServers } from 'rtckit';

/**
 * A pre-call network check for a settings page: paste your ICE servers, see what is wrong with the
 * configuration before anything is sent (`validateIceServers`, `checkTurnCredentials`), then check
 * each server for real (`useIceProbe` + `IceProbe`): reachable or not, authentication, candidate
 * types, latency, and a call through each TURN relay.
 */
export function IceServerCheck({ initial }: { initial: RTCIceServer[] }) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const id = useId();
  const parsed = useMemo((): { servers?: RTCIceServer[]; problem?: string } => {
    try {
      return { servers: JSON.parse(text) as RTCIceServer[] };
    } catch (error) {
      return { problem: `Not JSON: ${(error as Error).message}` };
    }
  }, [text]);
  const problems = parsed.servers
    ? [
        ...validateIceServers(parsed.servers, { requireServers: true }),
        ...checkTurnCredentials(parsed.servers, { minValidityMs: 5 * 60_000 }),
      ].map((error) => error.message)
    : [parsed.problem!];
  const probe = useIceProbe(parsed.servers, { timeoutMs: 5000 });
  return (
    <div style={{ display: 'grid', gap: 12, width: 720, fontFamily: 'system-ui', fontSize: 14 }}>
      <label htmlFor={id}>ICE servers (JSON, as in RTCConfiguration.iceServers)</label>
      <textarea id={id} rows={8} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
      {problems.length > 0 && (
        <ul aria-label="Configuration problems" style={{ color: '#b91c1c', margin: 0 }}>
          {problems.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <IceProbe
        probe={probe}
        label="Server check"
        style={{ '--rtckit-ice-pass': '#15803d', '--rtckit-ice-fail': '#dc2626' } as CSSProperties}
      />
    </div>
  );
}
