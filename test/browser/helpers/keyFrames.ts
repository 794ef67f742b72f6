// How many key frames a connection's video senders encoded. Chromium reports it in outbound-rtp
// (`keyFramesEncoded`); Firefox's outbound-rtp has no such field (nor its inbound-rtp
// `keyFramesDecoded`), so there an RTCRtpScriptTransform on each video sender sees every encoded
// frame and counts those of type 'key'. Attaching the transform makes Firefox encode a key frame
// itself, so wait for a first one before taking a baseline.
import { inFirefox } from './browserLimits';

/** Counts the key frames a connection's video senders encode, from when it was made. */
export interface KeyFrameCounter {
  read(): Promise<number>;
  stop(): void;
}

// Runs in the worker: passes every frame on unchanged and posts one message per key frame.
const COUNT_KEY_FRAMES = `onrtctransform = ({ transformer }) => {
  transformer.readable
    .pipeThrough(new TransformStream({ transform(frame, out) { if (frame.type === 'key') postMessage('key'); out.enqueue(frame); } }))
    .pipeTo(transformer.writable);
};`;

async function keyFramesEncodedStat(pc: RTCPeerConnection): Promise<number> {
  let value = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'outbound-rtp' && report.kind === 'video') value += report.keyFramesEncoded ?? 0;
  });
  return value;
}

/**
 * Counts the key frames `pc`'s video senders (those it has now) encode. In Firefox it installs a
 * script transform on them; `stop()` takes it off again and ends the worker.
 */
export function countKeyFramesEncoded(pc: RTCPeerConnection): KeyFrameCounter {
  if (!inFirefox) return { read: () => keyFramesEncodedStat(pc), stop: () => {} };
  const url = URL.createObjectURL(new Blob([COUNT_KEY_FRAMES], { type: 'text/javascript' }));
  const worker = new Worker(url);
  let keyFrames = 0;
  worker.onmessage = () => keyFrames++;
  const senders = pc.getSenders().filter((sender) => sender.track?.kind === 'video');
  for (const sender of senders) sender.transform = new RTCRtpScriptTransform(worker, {});
  return {
    read: () => Promise.resolve(keyFrames),
    stop: () => {
      for (const sender of senders) sender.transform = null;
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
