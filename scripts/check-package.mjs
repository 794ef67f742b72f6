// Packaging check after `npm run build`: every entry loads in plain Node (no window, navigator or
// document) through both `import` and `require`, by its public name; every module holding hooks or
// components is a client module; webrtc-adapter comes in through one module only. The Node-only
// `rtckit/server` resolves to nothing under the `browser` condition (so a browser bundle that
// imports it fails to build), and no other entry reaches its code.
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
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

// React Server Components: every output module that holds hooks or components is a client module:
// each one importing React, and each hook (react/use*) and component (react/Capitalised) module,
// which may reach React only through another. webrtc-adapter is imported by one module only, the
// one listed in `sideEffects`.
const distFiles = (await readdir(new URL('../dist/', import.meta.url), { recursive: true })).filter((file) =>
  /\.c?js$/.test(file),
);
const importsReact = /(?:from\s*|require\()\s*["']react(?:\/jsx-runtime)?["']/;
const hookOrComponent = /^react\/(?:use|[A-Z])[^/]*\.c?js$/;
/** @type {string[]} */
const clientModules = [];
/** @type {string[]} */
const unmarked = [];
/** @type {string[]} */
const shimImporters = [];
for (const file of distFiles) {
  const code = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
  if (importsReact.test(code) || hookOrComponent.test(file)) {
    clientModules.push(file);
    if (!code.startsWith("'use client';")) unmarked.push(file);
  }
  if (/(?:from\s*|import\s*|require\()\s*["']webrtc-adapter["']/.test(code)) shimImporters.push(file);
}
if (unmarked.length || clientModules.length === 0) failed = true;
console.log(
  `${unmarked.length || clientModules.length === 0 ? 'FAIL' : 'ok  '} ${clientModules.length} dist modules hold hooks or components and start with 'use client'${unmarked.length ? `; not: ${unmarked.join(', ')}` : ''}`,
);
const sideEffects = pkg.sideEffects.map((/** @type {string} */ path) => path.replace(/^\.\/dist\//, ''));
const strayShims = shimImporters.filter((file) => !sideEffects.includes(file));
if (strayShims.length || shimImporters.length === 0) failed = true;
console.log(
  `${strayShims.length || shimImporters.length === 0 ? 'FAIL' : 'ok  '} webrtc-adapter is imported only by ${shimImporters.join(', ')} (listed in sideEffects)${strayShims.length ? `; also by ${strayShims.join(', ')}` : ''}`,
);

// No work at import: each module, kept as if it had side effects, its imports external and nothing
// of it used, minifies to its import statements alone. What is left runs at import (a call not
// marked /* @__PURE__ */, an assignment to a property) and would stop a bundler dropping the module.
// The barrels are left out (esbuild's own re-export helper), and so is browserShims, whose import
// is its purpose. Trivial constants (`8*1024`, an object literal reading an imported constant) are
// allowed: they compute nothing that costs.
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const allowedLeftover = /^(?:var [\w$]+=(?:\d+\*\d+|\{[\w$:.,]+\});)*$/;
/** @type {string[]} */
const workAtImport = [];
for (const file of distFiles.filter((file) => file.endsWith('.js') && !/(^|\/)index\.js$|browserShims/.test(file))) {
  const target = resolve(distDir, file);
  const result = await build({
    stdin: { contents: `import ${JSON.stringify(target)};`, resolveDir: distDir },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'this-module-only',
        setup(esbuild) {
          esbuild.onResolve({ filter: /.*/ }, (args) =>
            args.importer === '<stdin>' ? { path: target, sideEffects: true } : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  const leftover = (result.outputFiles[0]?.text ?? '')
    .replace(/import\s*(?:[^"']*from\s*)?["'][^"']+["'];?/g, '')
    .trim();
  if (!allowedLeftover.test(leftover)) workAtImport.push(`${file}: ${leftover.slice(0, 160)}`);
}
if (workAtImport.length) failed = true;
console.log(
  `${workAtImport.length ? 'FAIL' : 'ok  '} no top-level work at import in ${distFiles.length / 2} modules${workAtImport.map((line) => `\n       ${line}`).join('')}`,
);

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
for (const start of [
  'index.js',
  'core/index.js',
  'testing/index.js',
  'index.cjs',
  'core/index.cjs',
  'testing/index.cjs',
]) {
  const seen = new Set();
  /** @type {string[]} */
  const queue = [start];
  const offending = [];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
    for (const [, specifier = ''] of code.matchAll(/(?:from\s*|import\s*\(?\s*|require\()\s*['"]([^'"]+)['"]/g)) {
      if (specifier.startsWith('.')) queue.push(posix.join(posix.dirname(file), specifier));
      else if (specifier.startsWith('node:') || specifier === 'crypto') offending.push(`${file} imports ${specifier}`);
    }
    if (file.startsWith('server/')) offending.push(`reaches ${file}`);
  }
  if (offending.length) failed = true;
  console.log(
    `${offending.length ? 'FAIL' : 'ok  '} dist/${start} (${seen.size} files) stays off rtckit/server${offending.length ? `: ${offending.join(', ')}` : ''}`,
  );
}

if (failed) process.exit(1);
