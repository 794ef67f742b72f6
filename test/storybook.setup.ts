// Stories run as tests: their play functions run only here (stories/support/storyTests.ts), their
// calls stay on 127.0.0.1 as Chromium runs with --allow-loopback-in-peer-connection
// (stories/support/onThisMachine.ts), and the ICE stories get the coturn that
// test/turn/globalSetup.ts started (null when coturn is not installed).
import { inject } from 'vitest';

globalThis.__RTCKIT_STORY_TESTS__ = true;
globalThis.__RTCKIT_TEST_ICE_SERVERS__ = inject('rtckitTestIceServers');
globalThis.__RTCKIT_TEST_SIGNALING__ = inject('rtckitTestSignaling');
