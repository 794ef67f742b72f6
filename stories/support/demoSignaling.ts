declare global {
  // Set by test/storybook.setup.ts when stories run as tests: the server test/signaling/globalSetup.ts started.
  var __RTCKIT_TEST_SIGNALING__: { url: string; token: string } | undefined;
}

/**
 * Where the one-to-one recipe finds the reference signaling server: the one `npm start` runs on
 * 127.0.0.1:8787 (token `rtckit-demo`), or the one the storybook tests start.
 */
export function demoSignalingServer(): { url: string; token: string } {
  return globalThis.__RTCKIT_TEST_SIGNALING__ ?? { url: 'ws://127.0.0.1:8787', token: 'rtckit-demo' };
}
