import type { ReconnectState } from './types';

/**
 * Where a reconnector's phase machine is; {@link ReconnectState} is what a phase looks like from
 * outside. `grace`: lost, waiting for the connection to recover by itself; `waiting`: for the next
 * attempt; `recovering`: an attempt in flight; `paused`: offline or without signaling. Internal to
 * rtckit.
 */
export type ReconnectPhase = 'idle' | 'connected' | 'grace' | 'waiting' | 'recovering' | 'paused' | 'failed';

/**
 * The state a phase shows. Internal to rtckit.
 *
 * @example
 * ```ts
 * stateOf('grace'); // 'reconnecting'
 * ```
 */
export function stateOf(phase: ReconnectPhase): ReconnectState {
  switch (phase) {
    case 'idle':
      return 'idle';
    case 'connected':
      return 'connected';
    case 'grace':
    case 'waiting':
    case 'recovering':
    case 'paused':
      return 'reconnecting';
    case 'failed':
      return 'failed';
    default:
      return phase satisfies never;
  }
}
