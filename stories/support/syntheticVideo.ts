import { useState, useSyncExternalStore } from 'react';

/**
 * A moving test picture from a canvas, for a peer without a camera of its own. Returns the stream
 * and a function that stops it.
 */
export function syntheticVideo(label: string, width = 320, height = 240): { stream: MediaStream; stop: () => void } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const timer = setInterval(() => {
    frame += 1;
    context.fillStyle = '#1f2430';
    context.fillRect(0, 0, width, height);
    context.fillStyle = `hsl(${(frame * 4) % 360} 70% 60%)`;
    context.fillRect(((frame * 4) % (width + 60)) - 60, height / 2 - 30, 60, 60);
    context.fillStyle = '#fff';
    context.font = '24px sans-serif';
    context.fillText(label, 16, 36);
  }, 1000 / 20);
  const stream = canvas.captureStream(20);
  return {
    stream,
    stop() {
      clearInterval(timer);
      stream.getTracks().forEach((track) => track.stop());
    },
  };
}

/** {@link syntheticVideo} while the component is mounted (started on subscribe, like rtckit's engine units). */
export function useSyntheticVideo(label: string): MediaStream | null {
  const [source] = useState(() => {
    let running: ReturnType<typeof syntheticVideo> | null = null;
    return {
      subscribe(onChange: () => void) {
        running = syntheticVideo(label);
        onChange();
        return () => {
          running?.stop();
          running = null;
        };
      },
      getSnapshot: () => running?.stream ?? null,
    };
  });
  return useSyncExternalStore(source.subscribe, source.getSnapshot, () => null);
}
