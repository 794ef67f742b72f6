declare global {
  // Set by test/storybook.setup.ts when stories run as tests: a real coturn on 127.0.0.1, or null without one.
  var __RTCKIT_TEST_ICE_SERVERS__: RTCIceServer[] | null | undefined;
}

/** Example servers for a person's browser: a public STUN server and a TURN server to replace with yours. */
const EXAMPLES: RTCIceServer[] = [
  { urls: 'stun:stun.l.google.com:19302' },
  { urls: 'turn:turn.example.org:3478', username: '1767225600:alice', credential: 'replace-with-yours' },
];

/** The servers the ICE stories check: coturn's when they run as tests, the examples otherwise. */
export function storyIceServers(): RTCIceServer[] {
  return globalThis.__RTCKIT_TEST_ICE_SERVERS__ ?? EXAMPLES;
}

/** Whether the stories run against the test coturn. */
export const againstTestCoturn = (): boolean => Boolean(globalThis.__RTCKIT_TEST_ICE_SERVERS__);
