// Packaging check after `npm run build`: every entry loads in plain Node (no window, navigator or
// document) through both `import` and `require`, by its public name, and the React entry is a
// client module. The Node-only `rtckit/server` resolves to nothing under the `browser` condition
// (so a browser bundle that imports it fails to build), and no other entry reaches its code.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const entries = ['rtckit', 'rtckit/core', 'rtckit/testing', 'rtckit/server'];
let failed = false;

/** @type {Record<string, (entry: string) => Promise<object>>} */
const loaders = { import: (entry) => import(entry), require: async (entry) => require(entry) };

for (const entry of entries) {
  for (const [how, load] of Object.entries(loaders)) {
    try {
      const exports = Object.keys(await load(entry));
      if (exports.length === 0) throw new Error('no exports');
      console.log(`ok   ${how}('${entry}'): ${exports.length} exports`);
    } catch (error) {
      failed = true;
      console.error(`FAIL ${how}('${entry}'): ${error}`);
    }
  }
}

for (const file of ['dist/index.js', 'dist/index.cjs']) {
  const starts = (await readFile(new URL(`../${file}`, import.meta.url), 'utf8')).startsWith("'use client';");
  if (!starts) failed = true;
  console.log(`${starts ? 'ok  ' : 'FAIL'} ${file} starts with 'use client'`);
}

// Resolved as a browser bundler would (the `browser` condition): rtckit/server must not be there.
/** @type {Record<string, string>} */
const underBrowser = {
  import: "import('rtckit/server').then(() => process.exit(0), (e) => { console.error(e.code); process.exit(3); })",
  require: "try { require('rtckit/server'); process.exit(0) } catch (e) { console.error(e.code); process.exit(3) }",
};
for (const [how, code] of Object.entries(underBrowser)) {
  const run = spawnSync(process.execPath, ['--conditions=browser', '-e', code], { encoding: 'utf8' });
  const refused = run.status === 3 && run.stderr.includes('ERR_PACKAGE_PATH_NOT_EXPORTED');
  if (!refused) failed = true;
  console.log(`${refused ? 'ok  ' : 'FAIL'} ${how}('rtckit/server') under the browser condition is refused`);
}
const runsAnywhere = spawnSync(process.execPath, ['--conditions=browser', '-e', "import('rtckit')"], {
  encoding: 'utf8',
});
if (runsAnywhere.status !== 0) failed = true;
console.log(`${runsAnywhere.status === 0 ? 'ok  ' : 'FAIL'} import('rtckit') under the browser condition`);

// The browser entries' module graphs (static imports and requires of dist files) never reach
// rtckit/server's code or a Node built-in.
for (const start of ['index.js', 'core.js', 'testing.js', 'index.cjs', 'core.cjs', 'testing.cjs']) {
  const seen = new Set();
  /** @type {string[]} */
  const queue = [start];
  const offending = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
    for (const [, specifier = ''] of code.matchAll(/(?:from\s*|import\s*\(?\s*|require\()\s*['"]([^'"]+)['"]/g)) {
      if (specifier.startsWith('./')) queue.push(specifier.slice(2));
      else if (specifier.startsWith('node:') || specifier === 'crypto') offending.push(`${file} imports ${specifier}`);
    }
    if (/^server\./.test(file)) offending.push(`reaches ${file}`);
  }
  if (offending.length) failed = true;
  console.log(
    `${offending.length ? 'FAIL' : 'ok  '} dist/${start} (${seen.size} files) stays off rtckit/server${offending.length ? `: ${offending.join(', ')}` : ''}`,
  );
}

if (failed) process.exit(1);
