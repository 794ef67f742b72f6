import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// One output module per source module (dist/ mirrors src/), in ESM and CJS, so a bundler keeps only
// the modules a user's imports reach; `sideEffects` in package.json lets it skip the rest unread.
// Declarations are bundled per public entry (with shared chunks), so each type is declared once.

/** Every import of another source module stays an import, of that module's own output file. */
const eachModuleOnItsOwn: Plugin = {
  name: 'each-module-on-its-own',
  setup(build) {
    const extension = build.initialOptions.outExtension?.['.js'] ?? '.js';
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      let path = relative(dirname(args.importer), resolved.path).replace(/\.tsx?$/, extension);
      if (!path.startsWith('.')) path = `./${path}`;
      return { path, external: true };
    });
  },
};

// React Server Components: a module that holds hooks or components is a client module. That is a
// module importing React at run time, or one importing such a module (useStats calls hooks that
// call React's). Barrels (index files) stay plain, so a Server Component can import the engine from
// `rtckit` and get client references for the hooks and components only.
const USE_CLIENT = "'use client';\n";
const IMPORTS_REACT = /(?:from\s*|require\()\s*["']react(?:\/jsx-runtime)?["']/;
const RELATIVE_IMPORTS = /(?:from\s*|require\()\s*["'](\.\.?\/[^"']+)["']/g;

async function markClientModules(dir: string): Promise<void> {
  const code = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.c?js$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    code.set(file, await readFile(file, 'utf8'));
  }
  const client = new Set([...code].filter(([, text]) => IMPORTS_REACT.test(text)).map(([file]) => file));
  for (let grew = true; grew;) {
    grew = false;
    for (const [file, text] of code) {
      if (client.has(file) || /(^|\/)index\.c?js$/.test(file)) continue;
      const imported = [...text.matchAll(RELATIVE_IMPORTS)].map(([, path = '']) => join(dirname(file), path));
      if (imported.some((path) => client.has(path))) grew = client.add(file).size > 0;
    }
  }
  for (const file of client) {
    const text = code.get(file) ?? '';
    if (text.startsWith(USE_CLIENT)) continue;
    await writeFile(file, USE_CLIENT + text);
    // The directive adds one line at the top: shift the source map by one generated line.
    const map = JSON.parse(await readFile(`${file}.map`, 'utf8'));
    map.mappings = `;${map.mappings}`;
    await writeFile(`${file}.map`, JSON.stringify(map));
  }
}

export default defineConfig({
  entry: ['src/**/*.ts', 'src/**/*.tsx', '!src/**/*.d.ts'],
  format: ['esm', 'cjs'],
  splitting: false,
  esbuildPlugins: [eachModuleOnItsOwn],
  dts: {
    entry: {
      index: 'src/index.ts',
      'core/index': 'src/core/index.ts',
      'testing/index': 'src/testing/index.ts',
      'server/index': 'src/server/index.ts',
    },
  },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['react', 'react-dom', 'webrtc-adapter'],
  // rtckit/server imports node:crypto; keep the prefix so no bundler mistakes it for a polyfillable module.
  removeNodeProtocol: false,
  onSuccess: () => markClientModules('dist'),
});
