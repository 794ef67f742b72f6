// Who gives way on glare. With `polite: 'auto'` both sides send a random id in their `hello`;
// comparing the two ids decides, the same way on both sides.
import type { Clock } from '../clock';
import type { PeerPoliteness } from './peerSessionOptions';

/** A random id for this side's `hello`, drawn from the injected clock's randomness. */
export function helloId(clock: Clock): string {
  const part = () => Math.floor(clock.random() * 2 ** 40).toString(36);
  return `${part()}${part()}`;
}

/**
 * Whether this side gives way. A fixed `true`/`false` wins; with `'auto'` the larger id is
 * polite, and a side that does not know the other's id yet (or sees its own) is polite.
 */
export function isPolite(option: PeerPoliteness | undefined, id: string, remoteId: string | null): boolean {
  const polite = option ?? 'auto';
  if (typeof polite === 'boolean') return polite;
  if (!remoteId || remoteId === id) return true;
  return id > remoteId;
}
