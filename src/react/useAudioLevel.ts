import { useSyncExternalStore } from 'react';
import { AudioLevelMonitor, type AudioLevelMonitorOptions } from '../core/media/AudioLevelMonitor';
import { useEngine } from './internal/useEngine';

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
  const monitor = useEngine(
    () => new AudioLevelMonitor(stream ?? null, options),
    [],
    (unit) => unit.setStream(stream ?? null),
  );
  return useSyncExternalStore(monitor.subscribe, monitor.getSnapshot, monitor.getSnapshot).level;
}
