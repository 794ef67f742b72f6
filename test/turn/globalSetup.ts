// Vitest globalSetup for the storybook project: one coturn on 127.0.0.1 for the whole run, whose
// ICE servers the stories read (test/storybook.setup.ts → globalThis.__RTCKIT_TEST_ICE_SERVERS__).
// Without coturn: an error under CI, and `null` (the stories use their own examples) elsewhere.
import type { TestProject } from 'vitest/node';
import { startTurnServer, stopTurnServer, turnServerStatus } from './turnServer';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A STUN URL, a working TURN server and the same TURN server with a wrong password; or null. */
    rtckitTestIceServers: RTCIceServer[] | null;
  }
}

export default async function setup(project: TestProject) {
  const status = turnServerStatus();
  if (!status.available) {
    if (status.required) throw new Error(status.message);
    console.warn(`The ICE stories will check their example servers. ${status.message}`);
    project.provide('rtckitTestIceServers', null);
    return;
  }
  const server = await startTurnServer({ kind: 'static' });
  const turn = `turn:${server.host}:${server.port}?transport=udp`;
  project.provide('rtckitTestIceServers', [
    { urls: `stun:${server.host}:${server.port}` },
    { urls: turn, username: server.username!, credential: server.password! },
    { urls: turn, username: server.username!, credential: 'wrong-password' },
  ]);
  return () => stopTurnServer(server.id);
}
