// Stories run as tests in Chromium with --allow-loopback-in-peer-connection: keep their calls on
// 127.0.0.1 (see stories/support/onThisMachine.ts).
globalThis.__RTCKIT_LOOPBACK_ONLY__ = true;
