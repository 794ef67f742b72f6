// `npm run size` (after `npm run build`): rtckit's bundle-size budgets, measured as a user's bundler
// sees the package. Every budget lives in .size-limit.json; this script checks each twice:
//   1. size-limit with its esbuild plugin, on dist/ as built;
//   2. the way issue 16 measured it: the packed tarball installed into a fresh project with React 19,
//      `esbuild --bundle --minify --format=esm --platform=browser`, react and react-dom external, gzip -9.
// Then it builds the one-hook import with Vite (Rollup, Vite 7) and with the repo's Vite (Rolldown)
// and checks each stays within 10 % of the esbuild figure: tree-shaking must not depend on esbuild.
// Exits non-zero when any budget or the Vite check fails.
//
//   node scripts/size.mjs            the budgets (what CI runs)
//   node scripts/size.mjs --why      plus, per import, the modules in the bundle and their minified bytes
//   node scripts/size.mjs --anchors  plus the vendor SDKs measured anew the same way (installs them)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const VITE_CHECK = '{ useConnectionQuality } alone';
const VITE_TOLERANCE = 0.1;

/**
 * The vendor SDKs the issue compares against (what a user would install for the same job), the
 * budget each stands beside, and the figure issue 16 measured for it the same way. The table shows
 * those figures; `--anchors` installs the SDKs and measures them anew.
 * @type {{ name: string, install: string[], from: string, import: string, beside: string, measured: number }[]}
 */
const ANCHORS = [
  {
    name: 'Daily app',
    install: ['@daily-co/daily-js'],
    from: '@daily-co/daily-js',
    import: '*',
    beside: 'every export of rtckit',
    measured: 85_586,
  },
  {
    name: '100ms',
    install: ['@100mslive/react-sdk'],
    from: '@100mslive/react-sdk',
    import: '*',
    beside: 'every export of rtckit',
    measured: 145_456,
  },
  {
    name: 'LiveKit components',
    install: ['@livekit/components-react', 'livekit-client'],
    from: '@livekit/components-react',
    import: '*',
    beside: 'every export of rtckit',
    measured: 171_097,
  },
  {
    name: "LiveKit's quality hook",
    install: ['@livekit/components-react', 'livekit-client'],
    from: '@livekit/components-react',
    import: '{ useConnectionQualityIndicator }',
    beside: '{ useConnectionQuality } alone',
    measured: 160_497,
  },
  {
    name: 'simple-peer ≈',
    install: ['simple-peer'],
    from: 'simple-peer',
    import: '{ default }',
    beside: '{ usePeerConnection, createWebSocketSignaling } (webrtc-adapter included)',
    measured: 30_000,
  },
];

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** @type {{ name: string, path: string, import: string, limit: string }[]} */
const checks = JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8'));
if (!existsSync(join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first.');

/**
 * The public name whose `import` condition is `path` (dist/core/index.js → rtckit/core).
 * @param {string} path
 */
function specifierOf(path) {
  for (const [key, value] of Object.entries(pkg.exports)) {
    if (value?.import?.default === `./${path}`) return key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
  }
  throw new Error(`${path} is no package export's import target`);
}

/**
 * The module a user writes: `export * from 'x'` or `export { a, b } from 'x'`.
 * @param {string} what
 * @param {string} from
 */
function entrySource(what, from) {
  if (what === '*') return `export * from '${from}';\n`;
  if (!/^\{[\w\s,]+\}$/.test(what)) throw new Error(`unsupported import ${what}`);
  return `export ${what} from '${from}';\n`;
}

/**
 * `cmd args` in `cwd`; its output is shown only when it fails.
 * @param {string} cmd
 * @param {string[]} cmdArgs
 * @param {string} cwd
 */
function run(cmd, cmdArgs, cwd) {
  const result = spawnSync(cmd, cmdArgs, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

const gzip = (/** @type {Uint8Array | string} */ code) => gzipSync(code, { level: 9 }).length;
const bytes = (/** @type {number} */ n) => `${n.toLocaleString('en-US')} B`;
const budgetOf = (/** @type {string} */ limit) => {
  const match = /^(\d+) B$/.exec(limit);
  if (!match) throw new Error(`write every limit in bytes ("5000 B"), not ${limit}`);
  return Number(match[1]);
};

/**
 * esbuild as the issue ran it; returns the gzip -9 size and the bytes each input left in the output.
 * @param {string} dir
 * @param {string} file
 * @returns {Promise<{ gz: number, minified: number, inputs: [string, number][] }>}
 */
async function measureWithEsbuild(dir, file) {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react-dom'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  const meta = Object.values(result.metafile.outputs)[0];
  if (!output || !meta) throw new Error(`esbuild wrote nothing for ${file}`);
  /** @type {[string, number][]} */
  const inputs = Object.entries(meta.inputs)
    .map(
      ([input, { bytesInOutput }]) =>
        /** @type {[string, number]} */ ([input.replace(/^.*node_modules\//, ''), bytesInOutput]),
    )
    .filter(([, size]) => size > 0)
    .sort((a, b) => b[1] - a[1]);
  return { gz: gzip(output.contents), minified: output.contents.length, inputs };
}

/**
 * A Vite production build of `entry` (exports kept, react external); returns the gzip -9 size.
 * @param {string} dir
 * @param {string} viteBin
 * @param {string} entry
 * @param {string} label
 */
function measureWithVite(dir, viteBin, entry, label) {
  const outDir = join(dir, `out-${label}`);
  const config = join(dir, `vite-${label}.config.mjs`);
  writeFileSync(
    config,
    `export default {
  logLevel: 'error',
  build: {
    outDir: ${JSON.stringify(outDir)},
    emptyOutDir: true,
    modulePreload: false,
    rollupOptions: {
      input: ${JSON.stringify(entry)},
      external: (id) => /^react(-dom)?(\\/|$)/.test(id),
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: '[name].js' },
    },
  },
};
`,
  );
  run(process.execPath, [viteBin, 'build', '--config', config], dir);
  const files = readdirSync(outDir).filter((file) => file.endsWith('.js'));
  return files.reduce((sum, file) => sum + gzip(readFileSync(join(outDir, file))), 0);
}

function printTable(/** @type {string[]} */ head, /** @type {string[][]} */ rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

let failed = false;

// 1. size-limit on dist/ (its esbuild plugin: an IIFE bundle, peer dependencies external, gzip -9).
const sizeLimit = spawnSync(process.execPath, [join(root, 'node_modules/size-limit/bin.js'), '--json'], {
  cwd: root,
  encoding: 'utf8',
});
/** @type {Map<string, { size: number, passed: boolean }>} */
const bySizeLimit = new Map();
try {
  for (const result of JSON.parse(sizeLimit.stdout)) bySizeLimit.set(result.name, result);
} catch {
  throw new Error(`size-limit gave no result (${sizeLimit.status}):\n${sizeLimit.stdout}\n${sizeLimit.stderr}`);
}
if (sizeLimit.status !== 0) failed = true;

// 2. The packed tarball in a fresh React 19 project.
const dir = mkdtempSync(join(tmpdir(), 'rtckit-size-'));
try {
  const tarball = run('npm', ['pack', root, '--pack-destination', dir, '--silent'], dir).trim().split('\n').pop();
  const anchorPackages = args.has('--anchors') ? [...new Set(ANCHORS.flatMap((anchor) => anchor.install))] : [];
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      private: true,
      type: 'module',
      dependencies: {
        rtckit: `file:./${tarball}`,
        react: '^19',
        'react-dom': '^19',
        vite: '^7',
        ...Object.fromEntries(anchorPackages.map((name) => [name, 'latest'])),
      },
    }),
  );
  // The vendor SDKs declare peer ranges older than React 19; their figures do not depend on it.
  const peerFlags = anchorPackages.length ? ['--legacy-peer-deps'] : [];
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...peerFlags], dir);
  mkdirSync(join(dir, 'entries'));

  /** @type {string[][]} */
  const rows = [];
  /** @type {Map<string, { file: string, gz: number }>} */
  const esbuildFigures = new Map();
  for (const [index, check] of checks.entries()) {
    const file = `entries/check-${index}.js`;
    writeFileSync(join(dir, file), entrySource(check.import, specifierOf(check.path)));
    const measured = await measureWithEsbuild(dir, file);
    const budget = budgetOf(check.limit);
    const passed = measured.gz <= budget;
    if (!passed) failed = true;
    esbuildFigures.set(check.name, { file, gz: measured.gz });
    const bySL = bySizeLimit.get(check.name);
    rows.push([
      check.name,
      bytes(measured.gz),
      bySL ? bytes(bySL.size) : '—',
      bytes(budget),
      ANCHORS.filter((anchor) => anchor.beside === check.name)
        .map((anchor) => `${anchor.name} ${bytes(anchor.measured)} (${(measured.gz / anchor.measured).toFixed(2)}×)`)
        .join('; ') || '—',
      passed && bySL?.passed ? 'ok' : `OVER by ${bytes(Math.max(measured.gz, bySL?.size ?? 0) - budget)}`,
    ]);
    if (args.has('--why') || !passed) {
      const shown = measured.inputs.slice(0, args.has('--why') ? 40 : 12);
      console.log(`\n${check.name}: ${bytes(measured.minified)} minified, ${bytes(measured.gz)} gzip -9; by module:`);
      for (const [input, size] of shown) console.log(`  ${String(size).padStart(7)}  ${input}`);
      if (measured.inputs.length > shown.length) console.log(`  … ${measured.inputs.length - shown.length} more`);
    }
  }
  console.log(
    '\nrtckit, gzip -9 (fresh React 19 project: esbuild --bundle --minify --format=esm --platform=browser)\n',
  );
  printTable(
    ['import', 'fresh project, esbuild', 'size-limit', 'budget', 'anchors (issue 16; rtckit ÷ anchor)', 'result'],
    rows,
  );

  // 3. The one-hook import through Vite: Rollup (Vite 7) and Rolldown (the repo's Vite).
  const hook = esbuildFigures.get(VITE_CHECK);
  if (!hook) throw new Error(`.size-limit.json has no check named ${VITE_CHECK}`);
  const vites = [
    { label: 'Vite 7 (Rollup)', bin: join(dir, 'node_modules/vite/bin/vite.js'), tag: 'rollup' },
    { label: 'Vite 8 (Rolldown)', bin: join(root, 'node_modules/vite/bin/vite.js'), tag: 'rolldown' },
  ];
  console.log(`\n${VITE_CHECK} through Vite, within ${VITE_TOLERANCE * 100} % of esbuild's ${bytes(hook.gz)}:\n`);
  /** @type {string[][]} */
  const viteRows = [];
  for (const { label, bin, tag } of vites) {
    const version = JSON.parse(readFileSync(join(dirname(bin), '../package.json'), 'utf8')).version;
    const gz = measureWithVite(dir, bin, hook.file, tag);
    const ratio = gz / hook.gz;
    const passed = Math.abs(ratio - 1) <= VITE_TOLERANCE;
    if (!passed) failed = true;
    viteRows.push([`${label} ${version}`, bytes(gz), `${ratio.toFixed(3)}×`, passed ? 'ok' : 'MORE THAN 10 % OFF']);
  }
  printTable(['bundler', 'gzip -9', 'vs esbuild', 'result'], viteRows);

  if (args.has('--anchors')) {
    /** @type {string[][]} */
    const anchorRows = [];
    for (const [index, anchor] of ANCHORS.entries()) {
      const file = `entries/anchor-${index}.js`;
      writeFileSync(join(dir, file), entrySource(anchor.import, anchor.from));
      const version = JSON.parse(readFileSync(join(dir, 'node_modules', anchor.from, 'package.json'), 'utf8')).version;
      try {
        const measured = await measureWithEsbuild(dir, file);
        anchorRows.push([
          `${anchor.name}: ${anchor.import} of ${anchor.from}@${version}`,
          bytes(measured.gz),
          bytes(anchor.measured),
        ]);
      } catch (error) {
        anchorRows.push([
          `${anchor.name}: ${anchor.import} of ${anchor.from}@${version}`,
          `does not bundle: ${String(error).split('\n')[0]}`,
          bytes(anchor.measured),
        ]);
      }
    }
    console.log('\nAnchors, measured anew the same way (not budgets):\n');
    printTable(['import', 'gzip -9', 'issue 16 measured'], anchorRows);
  }
} finally {
  if (args.has('--keep')) console.log(`\nscratch project kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

console.log(failed ? '\nFAIL: a budget or the Vite check was missed.' : '\nok: every budget met.');
if (failed) process.exit(1);
