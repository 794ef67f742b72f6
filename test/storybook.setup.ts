// Stories run as tests in Chromium with --allow-loopback-in-peer-connection: keep their calls on
// 127.0.0.1 (see stories/support/onThisMachine.ts), and give the ICE stories the coturn that
// test/turn/globalSetup.ts started (null when coturn is not installed).
import { inject } from 'vitest';

globalThis.__RTCKIT_LOOPBACK_ONLY__ = true;
globalThis.__RTCKIT_TEST_ICE_SERVERS__ = inject('rtckitTestIceServers');
globalThis.__RTCKIT_TEST_SIGNALING__ = inject('rtckitTestSignaling');
