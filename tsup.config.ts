import { readFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// The React entry is a client module for React Server Components; esbuild drops directives when
// bundling, so the banner is written after the build, on that entry only.
const USE_CLIENT = "'use client';\n";

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    core: 'src/core/index.ts',
    testing: 'src/testing/index.ts',
    server: 'src/server/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['react', 'react-dom', 'webrtc-adapter'],
  // rtckit/server imports node:crypto; keep the prefix so no bundler mistakes it for a polyfillable module.
  removeNodeProtocol: false,
  async onSuccess() {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      const code = await readFile(file, 'utf8');
      if (!code.startsWith(USE_CLIENT)) await writeFile(file, USE_CLIENT + code);
    }
  },
});
