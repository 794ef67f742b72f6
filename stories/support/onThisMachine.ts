import type { Signaling } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { storiesRunAsTests } from './storyTests';

/**
 * When the stories run as tests, keeps their calls on 127.0.0.1 (Chromium is started with
 * --allow-loopback-in-peer-connection there); in a person's browser, changes nothing.
 */
export function onThisMachine(signaling: Signaling): Signaling {
  return storiesRunAsTests() ? loopbackOnly(signaling) : signaling;
}
