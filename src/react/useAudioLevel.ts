import { useEffect, useState, useSyncExternalStore } from 'react';
import { AudioLevelMonitor, type AudioLevelMonitorOptions } from '../core/media/AudioLevelMonitor';

/**
 * The loudness (0–1) of a stream's microphone track, updated about 20 times a second while the
 * component is mounted. Renders only when the rounded level changes.
 *
 * @example
 * ```tsx
 * function MicCheck({ stream }: { stream: MediaStream | null }) {
 *   const level = useAudioLevel(stream);
 *   return <progress value={level} aria-label="Microphone level" />;
 * }
 * ```
 */
export function useAudioLevel(stream: MediaStream | null | undefined, options: AudioLevelMonitorOptions = {}): number {
  const [monitor] = useState(() => new AudioLevelMonitor(stream ?? null, options));
  useEffect(() => {
    monitor.setStream(stream ?? null);
  }, [monitor, stream]);
  return useSyncExternalStore(monitor.subscribe, monitor.getSnapshot, monitor.getSnapshot).level;
}
