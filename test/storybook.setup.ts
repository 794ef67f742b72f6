// Stories run as tests: their play functions run only here (stories/support/storyTests.ts), their
// calls stay on 127.0.0.1 as Chromium runs with --allow-loopback-in-peer-connection
// (stories/support/onThisMachine.ts), and the ICE stories get the coturn that
// test/turn/globalSetup.ts started (null when coturn is not installed). Every story must also pass
// axe-core with no serious or critical violation (test/helpers/a11yGate.ts).
import { afterEach, inject } from 'vitest';
import { assertAccessible } from './helpers/a11yGate';

globalThis.__RTCKIT_STORY_TESTS__ = true;
globalThis.__RTCKIT_TEST_ICE_SERVERS__ = inject('rtckitTestIceServers');
globalThis.__RTCKIT_TEST_SIGNALING__ = inject('rtckitTestSignaling');

interface StoryTestMeta {
  readonly storyId?: string;
  readonly reports?: Parameters<typeof assertAccessible>[0]['reports'];
}

afterEach((context) => {
  const meta = context.task.meta as StoryTestMeta;
  const story = (context as { story?: { parameters?: { a11y?: { test?: string } } } }).story;
  assertAccessible({
    storyId: meta.storyId,
    reports: meta.reports,
    failed: context.task.result?.state === 'fail' || (context.task.result?.errors?.length ?? 0) > 0,
    a11yTest: story?.parameters?.a11y?.test,
  });
});
