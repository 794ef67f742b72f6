// One side of a cross-browser call without rtckit's engine, the baselines of bench/reconnectCrossBrowser:
// a plain RTCPeerConnection that sends the camera and negotiates through the reference WebSocket
// signaling server (rtckit's WebSocket adapter as the pipe only; perfect negotiation is not used: the
// offerer offers, the answerer answers). `restartIceOnFailed` is what a careful hand-rolled app adds:
// on `failed` the offerer calls restartIce() (the answerer asks it to over signaling), nothing more.
// The same code runs in the Chromium bench page and in the Firefox peer page.
import { createWebSocketSignaling, type SignalingMessage } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { framesDecoded } from '../browser/helpers/framesDecoded';

/** What the bench reads from each side while it waits for media to come back. */
export interface MediaProgress {
  /** Video frames decoded on the current connection. */
  readonly framesDecoded: number;
  /** How many RTCPeerConnections this side has had (a new one starts counting frames from 0). */
  readonly connections: number;
  readonly connectionState: RTCPeerConnectionState | 'none';
  readonly detail: string;
}

export interface BarePeerOptions {
  readonly url: string;
  readonly token: string;
  /** The offerer makes every offer (the impolite side of rtckit's arms). */
  readonly offerer: boolean;
  readonly localStream: MediaStream;
  readonly restartIceOnFailed: boolean;
}

export interface BarePeer {
  progress(): Promise<MediaProgress>;
  close(): void;
}

const RESTART_REQUEST = 'restart-ice';

/** Joins the room and calls the other side; the call runs until {@link BarePeer.close}. */
export function startBarePeer({ url, token, offerer, localStream, restartIceOnFailed }: BarePeerOptions): BarePeer {
  const signaling = loopbackOnly(createWebSocketSignaling(url, { token }));
  const pc = new RTCPeerConnection();
  for (const track of localStream.getTracks()) pc.addTrack(track, localStream);
  let offered = false;
  let restarts = 0;
  const failures: string[] = [];
  const fail = (error: unknown) => failures.push(String(error));

  const offer = async () => {
    await pc.setLocalDescription();
    signaling.send({ type: 'description', description: { type: 'offer', sdp: pc.localDescription!.sdp } });
  };
  pc.addEventListener('icecandidate', ({ candidate }) => {
    signaling.send({ type: 'candidate', candidate: candidate ? candidate.toJSON() : null } as SignalingMessage);
  });
  // restartIce() fires negotiationneeded; the first offer is made once the other side said hello.
  pc.addEventListener('negotiationneeded', () => {
    if (offerer && offered) offer().catch(fail);
  });
  pc.addEventListener('connectionstatechange', () => {
    if (!restartIceOnFailed || pc.connectionState !== 'failed') return;
    restarts += 1;
    if (offerer) pc.restartIce();
    else signaling.send({ type: 'app', data: RESTART_REQUEST });
  });

  const stop = signaling.subscribe((raw) => {
    const message = (typeof raw === 'string' ? JSON.parse(raw) : raw) as SignalingMessage;
    handle(message).catch(fail);
  });
  // Whichever side joins second is heard: the answerer says hello again on every hello it gets.
  signaling.send({ type: 'hello' });

  async function handle(message: SignalingMessage) {
    switch (message.type) {
      case 'hello':
        if (!offerer && !message.reply) signaling.send({ type: 'hello', reply: true });
        if (offerer && !offered) {
          offered = true;
          await offer();
        }
        return;
      case 'description':
        await pc.setRemoteDescription(message.description as RTCSessionDescriptionInit);
        if (message.description.type === 'offer') {
          await pc.setLocalDescription();
          signaling.send({ type: 'description', description: { type: 'answer', sdp: pc.localDescription!.sdp } });
        }
        return;
      case 'candidate':
        await pc.addIceCandidate(message.candidate ?? undefined);
        return;
      case 'app':
        if (offerer && message.data === RESTART_REQUEST) pc.restartIce();
        return;
      default:
        return;
    }
  }

  return {
    progress: async () => ({
      framesDecoded: await framesDecoded(pc),
      connections: 1,
      connectionState: pc.connectionState,
      detail: `${restartIceOnFailed ? `${restarts} restart(s), ` : ''}connection ${pc.connectionState}${failures.length ? `, errors: ${failures.join('; ')}` : ''}`,
    }),
    close() {
      stop();
      signaling.close();
      pc.close();
    },
  };
}
