import { defineConfig } from 'tsup';

// Builds the benchmarks for plain Node (run with --expose-gc). @peermetrics/webrtc-stats is bundled
// from its TypeScript source so its parser runs as modern JavaScript, as rtckit's does. ws, jose and
// ioredis (peer dependencies) stay outside the bundle.
export default defineConfig({
  entry: {
    stats: 'bench/stats.ts',
    signaling: 'bench/signaling.ts',
    signalingServerProcess: 'bench/signalingServerProcess.ts',
  },
  outDir: 'node_modules/.cache/rtckit-bench',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: ['@peermetrics/webrtc-stats', 'peermetrics-parser'],
  esbuildOptions(options) {
    // rtckit means the sources here, as in the tests.
    options.alias = {
      'peermetrics-parser': '@peermetrics/webrtc-stats/src/utils.ts',
      'rtckit/core': './src/core/index.ts',
      'rtckit/server': './src/server/index.ts',
    };
  },
  clean: true,
  silent: true,
});
