// The signaling server CLI (examples/signaling-server/server.mjs) bundled with rtckit/server from
// the sources, so plain Node runs it in this repository without a build: `npm start`, the tests
// that kill and restart it as a process, and `npm run bench:signaling` use it.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the CLI into node_modules/.cache and resolves with the file to run. */
export async function bundleSignalingServer() {
  const outdir = `${root}node_modules/.cache/rtckit-signaling`;
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/server.mjs`;
  await build({
    entryPoints: [`${root}examples/signaling-server/server.mjs`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { 'rtckit/server': `${root}src/server/index.ts` },
    external: ['ws', 'jose', 'ioredis'],
    logLevel: 'error',
  });
  return outfile;
}
