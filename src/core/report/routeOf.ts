import type { SelectedCandidatePair } from '../stats/types';
import type { RouteReport, RouteType } from './callReportTypes';

/**
 * The route type of a selected candidate pair: `relay` when either end is a TURN relay, `srflx`
 * when either end is a NAT-mapped address (server or peer reflexive), `host` when both are local
 * addresses, `unknown` when the browser does not say. Addresses are never read.
 *
 * @example
 * ```ts
 * routeTypeOf({ local: { type: 'host' }, remote: { type: 'srflx' }, relayed: false }); // 'srflx'
 * ```
 */
export function routeTypeOf(pair: SelectedCandidatePair | undefined): RouteType {
  if (!pair) return 'unknown';
  const types = [pair.local.type, pair.remote.type];
  if (pair.relayed || types.includes('relay')) return 'relay';
  if (types.includes('srflx') || types.includes('prflx')) return 'srflx';
  return types.every((type) => type === 'host') ? 'host' : 'unknown';
}

/**
 * The route of a selected candidate pair as a report carries it: type and transports only.
 *
 * @example
 * ```ts
 * routeOf(sample.candidatePair); // { type: 'relay', protocol: 'udp', relayProtocol: 'tls' }
 * ```
 */
export function routeOf(pair: SelectedCandidatePair | undefined): RouteReport {
  return {
    type: routeTypeOf(pair),
    protocol: pair?.local.protocol ?? null,
    relayProtocol: pair?.local.relayProtocol ?? null,
  };
}
