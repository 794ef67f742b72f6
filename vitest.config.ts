import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';
import { interopPeerReport, startInteropPeer, stopInterop } from './test/interop/harness.ts';
import {
  killSignalingProcess,
  restartSignalingProcess,
  startSignalingProcess,
  stopSignalingProcess,
} from './test/helpers/signalingProcess.ts';

// Both real-browser tiers run in the same Chromium with a fake camera and microphone.
const chromium = () =>
  playwright({
    launchOptions: { executablePath: findChromium()?.executablePath, args: CHROMIUM_ARGS },
  });

const browser = (extra: { fileParallelism?: boolean } = {}) => ({
  enabled: true,
  headless: true,
  provider: chromium(),
  instances: [{ browser: 'chromium' as const }],
  ...extra,
});

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          restoreMocks: true,
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        // Node-side code: the reference signaling server and the WebSocket adapter against it.
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          restoreMocks: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts'],
          browser: {
            ...browser(),
            // Interop: the reference signaling server and @roamhq/wrtc peers, run by the Node side.
            commands: {
              startInteropPeer: (_context, options: { room: string; polite: boolean }) => startInteropPeer(options),
              interopPeerReport: (_context, id: string) => interopPeerReport(id),
              stopInterop: () => stopInterop(),
              // Auto-reconnect: the reference signaling server as a process to kill and restart.
              startSignalingProcess: (_context, options: { token: string }) => startSignalingProcess(options),
              killSignalingProcess: () => killSignalingProcess(),
              restartSignalingProcess: () => restartSignalingProcess(),
              stopSignalingProcess: () => stopSignalingProcess(),
            },
          },
          testTimeout: 30_000,
        },
      },
      {
        // Tests that impair the network through CDP: one file at a time, as emulation is per browser.
        extends: true,
        test: {
          name: 'network',
          include: ['test/network/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts'],
          browser: browser({ fileParallelism: false }),
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
      // `npm run bench:reconnect` only: outages and recovery times in real Chromium (bench/RESULTS.md).
      ...(process.env.RTCKIT_BENCH === 'reconnect'
        ? [
            {
              extends: true as const,
              test: {
                name: 'bench',
                include: ['bench/**/*.browser.ts'],
                browser: browser({ fileParallelism: false }),
                fileParallelism: false,
                testTimeout: 30 * 60_000,
              },
            },
          ]
        : []),
      // `npm run record:fixtures` only: records real getStats() reports into test/fixtures/stats/.
      ...(process.env.RTCKIT_RECORD_FIXTURES
        ? [
            {
              extends: true as const,
              test: {
                name: 'record',
                include: ['test/record/**/*.record.ts'],
                browser: browser({ fileParallelism: false }),
                fileParallelism: false,
                testTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        plugins: [
          storybookTest({
            configDir: fileURLToPath(new URL('./.storybook', import.meta.url)),
          }),
        ],
        test: {
          name: 'storybook',
          setupFiles: ['test/storybook.setup.ts'],
          browser: browser(),
          testTimeout: 30_000,
        },
      },
    ],
  },
});
