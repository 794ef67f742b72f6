// The browser tier runs in Chromium and in Firefox (scripts/test-firefox.mjs). A test that cannot run
// in Firefox is skipped there with `skipInFirefox` or `describeSkipInFirefox`, and its name says why.
import { describe, it } from 'vitest';

/** Whether this page runs in Firefox. */
export const inFirefox = typeof navigator !== 'undefined' && navigator.userAgent.includes('Firefox/');

/** `it`, skipped in Firefox; name the Firefox limit in the test's name. */
export const skipInFirefox = it.skipIf(inFirefox);

/** `describe`, skipped in Firefox; name the Firefox limit in the suite's name. */
export const describeSkipInFirefox = describe.skipIf(inFirefox);
