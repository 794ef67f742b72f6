import type { ReconnectState } from './types';

/**
 * Where a reconnector's phase machine is; {@link ReconnectState} is what a phase looks like from
 * outside. `grace`: lost, waiting for the connection to recover by itself; `waiting`: for the next
 * attempt; `recovering`: an attempt in flight; `verifying`: connected again, waiting for media to
 * move before calling it recovered; `paused`: offline or without signaling. Internal to rtckit.
 */
export type ReconnectPhase =
  'idle' | 'connected' | 'grace' | 'waiting' | 'recovering' | 'verifying' | 'paused' | 'failed';

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
    case 'verifying':
    case 'paused':
      return 'reconnecting';
    case 'failed':
      return 'failed';
    default:
      return phase satisfies never;
  }
}

/**
 * Whether a phase is one of trouble: lost, recovering, paused or given up. Internal to rtckit.
 *
 * @example
 * ```ts
 * inTrouble('paused'); // true
 * inTrouble('connected'); // false
 * ```
 */
export function inTrouble(phase: ReconnectPhase): boolean {
  return phase !== 'idle' && phase !== 'connected';
}
