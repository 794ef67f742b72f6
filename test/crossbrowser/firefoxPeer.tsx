// The Firefox side of a cross-browser call (opened by firefoxPeers.ts, served by Vitest's Vite
// server): a CallPeer under StrictMode with Firefox's fake camera, its report on `window.rtckitPeer`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallPeer, type CallPeerReport } from './callPeer';

declare global {
  interface Window {
    rtckitPeer?: { report(): Promise<CallPeerReport>; close(): void };
  }
}

const query = new URLSearchParams(location.search);
const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
const root = createRoot(document.getElementById('root')!);
let read: (() => Promise<CallPeerReport>) | null = null;
window.rtckitPeer = {
  report: () => (read ? read() : Promise.reject(new Error('the Firefox peer has not rendered yet'))),
  close: () => {
    root.unmount();
    camera.getTracks().forEach((track) => track.stop());
  },
};
root.render(
  <StrictMode>
    <CallPeer
      url={query.get('url')!}
      token={query.get('token')!}
      polite={query.get('polite') === 'true'}
      localStream={camera}
      label="Firefox"
      onReader={(reader) => (read = reader)}
    />
  </StrictMode>,
);
