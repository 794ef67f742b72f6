// Two RTCPeerConnections in one page, connected over 127.0.0.1 only (Chromium runs with
// --allow-loopback-in-peer-connection), for tests that need a real call without rtckit's own
// negotiation. Candidates other than loopback are dropped so the test never touches the network.

export interface LoopbackPair {
  /** The sending side: the fake camera (and microphone, if asked) are added here. */
  readonly sender: RTCPeerConnection;
  readonly receiver: RTCPeerConnection;
  readonly localStream: MediaStream;
  readonly remoteStream: MediaStream;
  /** Closes both connections and stops the captured tracks. */
  close(): void;
}

export interface LoopbackPairOptions {
  readonly audio?: boolean;
  readonly video?: boolean | MediaTrackConstraints;
  readonly configuration?: RTCConfiguration;
  /** Send this stream instead of capturing one; the pair then leaves its tracks running on close. */
  readonly stream?: MediaStream;
  /** How long to wait for `connected`. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/** Whether an ICE candidate is on the loopback interface. */
export function isLoopbackCandidate(candidate: RTCIceCandidate | RTCIceCandidateInit): boolean {
  return / 127\.0\.0\.1 | ::1 /.test(candidate.candidate ?? '');
}

/** Forwards `from`'s loopback candidates to `to` as they trickle in. */
export function trickleLoopback(from: RTCPeerConnection, to: RTCPeerConnection): void {
  from.addEventListener('icecandidate', ({ candidate }) => {
    if (candidate && isLoopbackCandidate(candidate)) to.addIceCandidate(candidate).catch(() => {});
  });
}

/** Resolves when `pc.connectionState` is `state`; rejects after `timeoutMs`. */
export function waitForConnectionState(
  pc: RTCPeerConnection,
  state: RTCPeerConnectionState,
  timeoutMs = 10_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pc.connectionState === state) return resolve();
    const timer = setTimeout(() => {
      pc.removeEventListener('connectionstatechange', check);
      reject(new Error(`connectionState is ${pc.connectionState}, not ${state}, after ${timeoutMs} ms`));
    }, timeoutMs);
    function check() {
      if (pc.connectionState !== state) return;
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve();
    }
    pc.addEventListener('connectionstatechange', check);
  });
}

/** Connects a sender with the fake camera (or `stream`) to a receiver, and waits until both are `connected`. */
export async function connectLoopbackPair(options: LoopbackPairOptions = {}): Promise<LoopbackPair> {
  // Capturing first also lifts mDNS obfuscation, so candidates carry real (loopback) addresses.
  const owned = !options.stream;
  const localStream =
    options.stream ??
    (await navigator.mediaDevices.getUserMedia({
      video: options.video ?? true,
      audio: options.audio ?? false,
    }));
  const sender = new RTCPeerConnection(options.configuration);
  const receiver = new RTCPeerConnection(options.configuration);
  trickleLoopback(sender, receiver);
  trickleLoopback(receiver, sender);
  const remoteStream = new Promise<MediaStream>((resolve) => {
    receiver.addEventListener('track', ({ streams }) => streams[0] && resolve(streams[0]), { once: true });
  });
  for (const track of localStream.getTracks()) sender.addTrack(track, localStream);

  await sender.setLocalDescription();
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription();
  await sender.setRemoteDescription(receiver.localDescription!);
  const close = () => {
    sender.close();
    receiver.close();
    if (owned) for (const track of localStream.getTracks()) track.stop();
  };
  try {
    await Promise.all([
      waitForConnectionState(sender, 'connected', options.timeoutMs),
      waitForConnectionState(receiver, 'connected', options.timeoutMs),
    ]);
  } catch (error) {
    close();
    throw error;
  }

  return { sender, receiver, localStream, remoteStream: await remoteStream, close };
}
