// No imports: also loaded by the Firefox peer page (test/crossbrowser/firefoxPeer.tsx).

/** The video frames `pc` has decoded so far (0 for no connection or a closed one). */
export async function framesDecoded(pc: RTCPeerConnection | null): Promise<number> {
  if (!pc || pc.signalingState === 'closed') return 0;
  let frames = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
  });
  return frames;
}
