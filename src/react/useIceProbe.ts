import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { IceProbeResult } from '../core/ice/iceProbeResult';
import { IceProber, type IceProberOptions, type IceProberSnapshot } from '../core/ice/IceProber';
import { sameIceServers } from '../core/ice/sameIceServers';
import { useEngine } from './internal/useEngine';
import { useStableValue } from './internal/useStableValue';

/** Options for {@link useIceProbe}: {@link probeIce}'s options, plus when to run. */
export interface UseIceProbeOptions extends Omit<IceProberOptions, 'iceServers'> {
  /** Run on mount and again whenever `iceServers` change (by value). Default `false`: call `run()`. */
  readonly auto?: boolean;
}

/** What {@link useIceProbe} returns. */
export interface UseIceProbeResult extends IceProberSnapshot {
  /** Checks the servers (cancelling a check in progress); resolves with the results, or `null` if cancelled. */
  readonly run: () => Promise<readonly IceProbeResult[] | null>;
  /** Stops a check in progress; results so far stay. */
  readonly cancel: () => void;
  /** The engine unit, for anything the hook does not expose. */
  readonly prober: IceProber;
}

/**
 * A pre-call check of STUN and TURN servers ({@link probeIce}) as a hook:
 * `{ status, results, error, run, cancel }`. `status` is `idle | running | done | cancelled |
 * error`; `results` has one entry per server URL, updated as each answers. A check in progress is
 * cancelled on unmount (StrictMode-safe). Nothing runs during render, so it is SSR-safe.
 *
 * @example
 * ```tsx
 * function NetworkCheck({ iceServers }: { iceServers: RTCIceServer[] }) {
 *   const probe = useIceProbe(iceServers, { timeoutMs: 5000 });
 *   return (
 *     <>
 *       <button onClick={() => void probe.run()} disabled={probe.status === 'running'}>Check</button>
 *       <ul>
 *         {probe.results.map((r) => (
 *           <li key={`${r.serverIndex} ${r.url}`}>{r.url}: {r.status} {r.failure ?? ''}</li>
 *         ))}
 *       </ul>
 *     </>
 *   );
 * }
 * ```
 */
export function useIceProbe(
  iceServers: readonly RTCIceServer[] | undefined,
  options: UseIceProbeOptions = {},
): UseIceProbeResult {
  const { auto = false, ...probeOptions } = options;
  const prober = useEngine(
    () => new IceProber({ ...probeOptions, iceServers }),
    [],
    (unit) => unit.setOptions({ ...probeOptions, iceServers }),
  );
  // Servers written inline are a new array on every render: an automatic check follows their value.
  const servers = useStableValue(iceServers, sameIceServers);
  useEffect(() => {
    if (!auto) return;
    void prober.run();
    return () => prober.cancel();
  }, [prober, auto, servers]);
  const snapshot = useSyncExternalStore(prober.subscribe, prober.getSnapshot, prober.getSnapshot);
  return useMemo(() => ({ ...snapshot, run: prober.run, cancel: prober.cancel, prober }), [snapshot, prober]);
}
