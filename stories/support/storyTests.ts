declare global {
  // Set by test/storybook.setup.ts when the stories run as tests (Vitest, or Storybook's own test button).
  var __RTCKIT_STORY_TESTS__: boolean | undefined;
}

/** Whether the stories run as tests rather than in a person's browser. */
export const storiesRunAsTests = (): boolean => Boolean(globalThis.__RTCKIT_STORY_TESTS__);

/**
 * A story's interaction test, run only when the stories run as tests. In a person's browser it
 * does nothing: a play function that clicked Hang up or switched a control would change the story
 * while someone is looking at it (Storybook runs `play` on every view).
 */
export function testRunnerOnly<Context>(
  play: (context: Context) => Promise<void>,
): (context: Context) => Promise<void> {
  return async (context) => {
    if (storiesRunAsTests()) await play(context);
  };
}
