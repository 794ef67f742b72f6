// npm run bench:reconnect — the reconnect benchmark for the browsers RTCKIT_BENCH_BROWSERS names
// (default `chromium,firefox`): `chromium` runs the Chromium ↔ Chromium rows
// (bench/reconnect.browser.ts), `firefox` the Chromium ↔ Firefox rows
// (bench/reconnectCrossBrowser.browser.tsx) inside Firefox's loopback-only network namespace
// (scripts/test-firefox.mjs). Both run even if the first misses; the exit code is non-zero if either did.
import { spawnSync } from 'node:child_process';

const KNOWN = ['chromium', 'firefox'];
const browsers = (process.env.RTCKIT_BENCH_BROWSERS ?? KNOWN.join(',')).split(',').map((name) => name.trim());
const unknown = browsers.filter((name) => !KNOWN.includes(name));
if (unknown.length || browsers.length === 0) {
  console.error(`rtckit: RTCKIT_BENCH_BROWSERS: unknown "${unknown.join(',')}" (${KNOWN.join(', ')})`);
  process.exit(1);
}

/** @param {string} command @param {string[]} args @param {string} bench */
const run = (command, args, bench) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, RTCKIT_BENCH: bench } }).status ?? 1;

let failed = false;
if (browsers.includes('chromium')) {
  failed = run('npx', ['vitest', 'run', '--project', 'bench'], 'reconnect') !== 0 || failed;
}
if (browsers.includes('firefox')) {
  failed = run('node', ['scripts/test-firefox.mjs', '--project', 'bench'], 'reconnect-crossbrowser') !== 0 || failed;
}
process.exit(failed ? 1 : 0);
