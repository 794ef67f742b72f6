import type { Signaling } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';

declare global {
  // Set by test/storybook.setup.ts when stories run as tests.
  var __RTCKIT_LOOPBACK_ONLY__: boolean | undefined;
}

/**
 * When the stories run as tests, keeps their calls on 127.0.0.1 (Chromium is started with
 * --allow-loopback-in-peer-connection there); in a person's browser, changes nothing.
 */
export function onThisMachine(signaling: Signaling): Signaling {
  return globalThis.__RTCKIT_LOOPBACK_ONLY__ ? loopbackOnly(signaling) : signaling;
}
