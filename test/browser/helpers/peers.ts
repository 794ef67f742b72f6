// Helpers for real calls between PeerSessions in one page.
import type { Signaling, SignalingMessage } from 'rtckit/core';

export interface RecordedSignaling extends Signaling {
  /** Every message this end sent, in order. */
  readonly sent: SignalingMessage[];
  /** Every message this end received (parsed), in order. */
  readonly received: unknown[];
  /** Sent and received messages in the order they happened. */
  readonly log: { readonly direction: 'out' | 'in'; readonly message: unknown; readonly at: number }[];
}

/** Wraps a signaling end to record what goes through it. */
export function recording(signaling: Signaling): RecordedSignaling {
  const sent: SignalingMessage[] = [];
  const received: unknown[] = [];
  const log: { direction: 'out' | 'in'; message: unknown; at: number }[] = [];
  return {
    sent,
    received,
    log,
    send(message) {
      sent.push(message);
      log.push({ direction: 'out', message, at: performance.now() });
      signaling.send(message);
    },
    subscribe(listener) {
      return signaling.subscribe((raw) => {
        let message: unknown = raw;
        try {
          message = typeof raw === 'string' ? JSON.parse(raw) : raw;
        } catch {
          // keep the raw value
        }
        received.push(message);
        log.push({ direction: 'in', message, at: performance.now() });
        listener(raw);
      });
    },
    close: () => signaling.close(),
  };
}

/** Delays every message this end sends by `ms`, as a network would. */
export function delayed(signaling: Signaling, ms: number): Signaling {
  return { ...signaling, send: (message) => void setTimeout(() => signaling.send(message), ms) };
}

export const isOffer = (message: unknown): boolean =>
  (message as SignalingMessage)?.type === 'description' &&
  (message as Extract<SignalingMessage, { type: 'description' }>).description.type === 'offer';

/** A synthetic video track of a given size, drawn on a canvas (distinct from the fake camera). */
export function canvasTrack(width: number, height: number, fps = 20): { track: MediaStreamTrack; stop(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const timer = setInterval(() => {
    context.fillStyle = `hsl(${(frame++ * 7) % 360} 60% 50%)`;
    context.fillRect(0, 0, width, height);
  }, 1000 / fps);
  const track = canvas.captureStream(fps).getVideoTracks()[0]!;
  return {
    track,
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** Resolves once `video` (playing `stream`) has rendered a frame of the given width. */
export async function videoWidthOf(stream: MediaStream, timeoutMs = 10_000): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  await video.play().catch(() => {});
  const started = performance.now();
  while (video.videoWidth === 0) {
    if (performance.now() - started > timeoutMs) throw new Error('no video frame');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return video;
}
