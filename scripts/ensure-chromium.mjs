// Runs before `npm test`: makes sure the browser tiers have a Chromium, fetching Playwright's when
// nothing is installed, and otherwise stops at once with a message that says how to get one.
import { spawnSync } from 'node:child_process';
import { findChromium } from './find-chromium.mjs';

let found;
try {
  found = findChromium();
} catch (error) {
  console.error(`rtckit: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
if (!found) {
  console.log('rtckit: no Chromium found; trying `npx playwright install chromium` ...');
  spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  found = findChromium();
}
if (!found) {
  console.error(
    [
      '',
      'rtckit: the browser and storybook test tiers need Chromium, and none was found.',
      'Install one of these, then run `npm test` again:',
      '  - Debian/Ubuntu:   sudo apt-get install -y chromium',
      '  - any machine:     npx playwright install chromium',
      'or point CHROMIUM_PATH at an existing Chrome/Chromium binary.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`rtckit: using Chromium from ${found.source}${found.executablePath ? ` (${found.executablePath})` : ''}`);
