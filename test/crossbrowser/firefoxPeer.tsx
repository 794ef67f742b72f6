// The Firefox side of a cross-browser call (opened by firefoxPeers.ts, served by Vitest's Vite
// server), with Firefox's fake camera, its reports on `window.rtckitPeer`: by default a CallPeer
// (rtckit) under StrictMode; with `arm=bare` or `arm=restartIce` the plain-connection baseline of
// bench/reconnectCrossBrowser (barePeer.ts), which has no rtckit report, only its media progress.
import { startBarePeer, type MediaProgress } from './barePeer';
import { mountCallPeer, type CallPeerReport } from './callPeer';

/** Which side the Firefox page plays: rtckit, or one of the bench's plain-connection baselines. */
export type FirefoxArm = 'rtckit' | 'bare' | 'restartIce';

declare global {
  interface Window {
    rtckitPeer?: { report(): Promise<CallPeerReport>; progress(): Promise<MediaProgress>; close(): void };
  }
}

const query = new URLSearchParams(location.search);
const url = query.get('url')!;
const token = query.get('token')!;
const polite = query.get('polite') === 'true';
const arm = (query.get('arm') ?? 'rtckit') as FirefoxArm;
const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
const stopCamera = () => camera.getTracks().forEach((track) => track.stop());

if (arm === 'rtckit') {
  const peer = mountCallPeer(document.getElementById('root')!, {
    url,
    token,
    polite,
    localStream: camera,
    label: 'Firefox',
  });
  window.rtckitPeer = {
    report: () => peer.report(),
    progress: () => peer.progress(),
    close: () => {
      peer.unmount();
      stopCamera();
    },
  };
} else {
  const peer = startBarePeer({
    url,
    token,
    offerer: !polite,
    localStream: camera,
    restartIceOnFailed: arm === 'restartIce',
  });
  window.rtckitPeer = {
    report: () => Promise.reject(new Error(`the Firefox peer runs the "${arm}" baseline, not rtckit`)),
    progress: () => peer.progress(),
    close: () => {
      peer.close();
      stopCamera();
    },
  };
}
