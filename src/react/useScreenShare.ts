import { useMemo, useSyncExternalStore } from 'react';
import { ScreenShare, type ScreenShareOptions, type ScreenShareSnapshot } from '../core/media/ScreenShare';
import { useEngine } from './internal/useEngine';

/** What {@link useScreenShare} returns. */
export interface UseScreenShareResult extends ScreenShareSnapshot {
  /** Opens the picker; call it from a click handler. Never rejects: failures land in `error`. */
  readonly start: () => Promise<void>;
  /** Ends the share. */
  readonly stop: () => void;
}

/**
 * Screen, window or tab sharing. `sharing` turns false when the user ends the share with the
 * browser's own "Stop sharing" button; unmounting stops it too.
 *
 * @example
 * ```tsx
 * function ShareButton() {
 *   const share = useScreenShare();
 *   return (
 *     <>
 *       <button onClick={share.sharing ? share.stop : share.start}>{share.sharing ? 'Stop' : 'Share screen'}</button>
 *       {share.error?.code === 'share-cancelled' ? null : share.error?.message}
 *       <VideoTile stream={share.stream} label="Your screen" fit="contain" />
 *     </>
 *   );
 * }
 * ```
 */
export function useScreenShare(options: ScreenShareOptions = {}): UseScreenShareResult {
  const share = useEngine(
    () => new ScreenShare(options),
    [],
    (unit) => unit.setOptions(options),
  );
  const snapshot = useSyncExternalStore(share.subscribe, share.getSnapshot, share.getSnapshot);
  return useMemo(() => ({ ...snapshot, start: share.start, stop: share.stop }), [snapshot, share]);
}
