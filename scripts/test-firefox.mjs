// Runs Vitest's Firefox projects (`firefox`, and whatever arguments follow) inside a network namespace
// of their own that holds only `lo`. Firefox offers no 127.0.0.1 candidates while the machine has
// another interface (media.peerconnection.ice.loopback does not reach the process that lists the
// addresses), and rtckit's tests keep calls on loopback; in a loopback-only namespace with a default
// route through `lo` Firefox gathers 127.0.0.1, and nothing the tests send can leave the machine.
// Root (CI) uses a plain network namespace; anyone else a user namespace mapped to root.
import { spawnSync } from 'node:child_process';
import { findFirefox } from './find-firefox.mjs';

let found;
try {
  found = findFirefox();
} catch (error) {
  console.error(`rtckit: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
if (!found) {
  console.log('rtckit: no Firefox found; trying `npx playwright install firefox` ...');
  spawnSync('npx', ['playwright', 'install', 'firefox'], { stdio: 'inherit' });
  found = findFirefox();
}
if (!found) {
  console.error(
    [
      '',
      'rtckit: the Firefox tiers need Firefox, and none was found.',
      'Install one of these, then run `npm test` again:',
      '  - Debian/Ubuntu:   sudo apt-get install -y firefox-esr',
      '  - any machine:     npx playwright install firefox',
      'or point FIREFOX_PATH at an existing Firefox binary.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`rtckit: using Firefox from ${found.source}${found.executablePath ? ` (${found.executablePath})` : ''}`);

const vitest = [
  'npx',
  'vitest',
  'run',
  ...(process.argv.length > 2 ? process.argv.slice(2) : ['--project', 'firefox']),
];
const quoted = vitest.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
const inside = `ip link set lo up && ip route add default dev lo src 127.0.0.1 && exec ${quoted}`;
const namespace = process.getuid?.() === 0 ? ['--net'] : ['--user', '--map-root-user', '--net'];
const run = spawnSync('unshare', [...namespace, '--', 'sh', '-c', inside], {
  stdio: 'inherit',
  env: { ...process.env, RTCKIT_FIREFOX: '1' },
});
if (run.error) {
  console.error(
    `rtckit: could not make a network namespace for Firefox (${run.error.message}); needs util-linux unshare and iproute2.`,
  );
  process.exit(1);
}
process.exit(run.status ?? 1);
