// A real call inside one page for live stories: a sender with the camera and a receiver, connected
// by passing offers, answers and candidates directly between two RTCPeerConnections.
import { useEffect, useState } from 'react';

export interface LoopbackCall {
  readonly sender: RTCPeerConnection;
  readonly receiver: RTCPeerConnection;
  readonly remoteStream: MediaStream;
  close(): void;
}

export async function startLoopbackCall(): Promise<LoopbackCall> {
  const local = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.onicecandidate = ({ candidate }) => candidate && receiver.addIceCandidate(candidate).catch(() => {});
  receiver.onicecandidate = ({ candidate }) => candidate && sender.addIceCandidate(candidate).catch(() => {});
  const remoteStream = new MediaStream();
  receiver.ontrack = ({ track }) => remoteStream.addTrack(track);
  for (const track of local.getTracks()) sender.addTrack(track, local);
  await sender.setLocalDescription();
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription();
  await sender.setRemoteDescription(receiver.localDescription!);
  return {
    sender,
    receiver,
    remoteStream,
    close() {
      sender.close();
      receiver.close();
      for (const track of local.getTracks()) track.stop();
    },
  };
}

/**
 * Starts a loopback call when the story mounts and closes it when it unmounts (also when it
 * unmounts before the call has started, as StrictMode's first mount does).
 */
export function useLoopbackCall(): { readonly call: LoopbackCall | null; readonly error: string | null } {
  const [call, setCall] = useState<LoopbackCall | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current: LoopbackCall | null = null;
    let cancelled = false;
    startLoopbackCall().then(
      (started) => {
        if (cancelled) started.close();
        else setCall((current = started));
      },
      (cause: unknown) => setError(String(cause)),
    );
    return () => {
      cancelled = true;
      current?.close();
    };
  }, []);
  return { call, error };
}
