// Packaging check after `npm run build`: every entry loads in plain Node (no window, navigator or
// document) through both `import` and `require`, by its public name, and the React entry is a
// client module.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const entries = ['rtckit', 'rtckit/core', 'rtckit/testing'];
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

if (failed) process.exit(1);
