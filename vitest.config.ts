import { defineConfig } from 'vitest/config';
import type { BrowserCommand } from 'vitest/node';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';
import { firefoxLaunchOptions } from './test/helpers/playwrightFirefox.ts';
import { interopPeerReport, startInteropPeer, stopInterop } from './test/interop/harness.ts';
import {
  crossBrowserSignaling,
  firefoxPeerProgress,
  firefoxPeerReport,
  startFirefoxPeer,
  stopFirefoxPeers,
} from './test/crossbrowser/firefoxPeers.ts';
import { createTurnCredentials } from './src/server/index.ts';
import { freePort, startTurnServer, stopTurnServer, turnServerLog, turnServerStatus } from './test/turn/turnServer.ts';
import {
  killSignalingProcess,
  restartSignalingProcess,
  startSignalingProcess,
  stopSignalingProcess,
} from './test/helpers/signalingProcess.ts';
import {
  prometheusAvailable,
  queryBrowserReportStack,
  startBrowserReportStack,
  stopBrowserReportStack,
} from './test/helpers/reportStack.ts';

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

// Node-side helpers the browser tiers' tests call through `commands` (vitest/browser).
const browserCommands = {
  // Interop: the reference signaling server and @roamhq/wrtc peers, run by the Node side.
  startInteropPeer: (_context, options: { room: string; polite: boolean }) => startInteropPeer(options),
  interopPeerReport: (_context, id: string) => interopPeerReport(id),
  stopInterop: () => stopInterop(),
  // ICE: a real coturn on 127.0.0.1 (test/turn/turnServer.ts) and rtckit/server's credentials.
  turnServerStatus: () => turnServerStatus(),
  startTurnServer: (_context, auth: 'static' | 'secret') => startTurnServer({ kind: auth }),
  stopTurnServer: (_context, id: string) => stopTurnServer(id),
  turnServerLog: (_context, id: string) => turnServerLog(id),
  freePort: () => freePort(),
  mintTurnCredentials: (
    _context,
    { issuedAt, ...options }: { secret: string; user?: string; ttlSeconds: number; issuedAt?: number },
  ) => createTurnCredentials({ ...options, now: issuedAt === undefined ? undefined : () => issuedAt }),
  // Auto-reconnect: the reference signaling server as a process to kill and restart.
  startSignalingProcess: (_context, options: { token: string }) => startSignalingProcess(options),
  killSignalingProcess: () => killSignalingProcess(),
  restartSignalingProcess: () => restartSignalingProcess(),
  stopSignalingProcess: () => stopSignalingProcess(),
} satisfies Record<string, BrowserCommand<never[]>>;

// Chromium ↔ Firefox calls (test/crossbrowser and the cross-browser reconnect bench): a Firefox page
// the Node side opens from the same Vite server, and the reference signaling server between them.
const crossBrowserCommands = {
  crossBrowserSignaling: () => crossBrowserSignaling(),
  startFirefoxPeer: (context, options: { room: string; polite: boolean; arm?: 'rtckit' | 'bare' | 'restartIce' }) =>
    startFirefoxPeer({ ...options, origin: new URL(context.page.url()).origin }),
  firefoxPeerReport: (_context, id: string) => firefoxPeerReport(id),
  firefoxPeerProgress: (_context, id: string) => firefoxPeerProgress(id),
  stopFirefoxPeers: () => stopFirefoxPeers(),
} satisfies Record<string, BrowserCommand<never[]>>;

// Real-browser projects that run only when their npm script asks (benchmarks, fixture recording):
// one file at a time, as their timings must not share the machine.
const onDemand = (
  enabled: boolean,
  {
    commands,
    ...test
  }: {
    name: string;
    include: string[];
    testTimeout?: number;
    provide?: Record<string, unknown>;
    commands?: Record<string, BrowserCommand<never[]>>;
  },
) =>
  enabled
    ? [
        {
          extends: true as const,
          test: { ...test, browser: { ...browser({ fileParallelism: false }), commands }, fileParallelism: false },
        },
      ]
    : [];

// Tests may import rtckit by its public names, as users do; they resolve to the sources.
const publicEntries = [
  { find: /^rtckit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  { find: /^rtckit\/core$/, replacement: fileURLToPath(new URL('./src/core/index.ts', import.meta.url)) },
  { find: /^rtckit\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
  { find: /^rtckit\/server$/, replacement: fileURLToPath(new URL('./src/server/index.ts', import.meta.url)) },
  // Internal modules that have no public name (tested directly): @src/core/… is src/core/….
  { find: /^@src\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) },
];

// Projects run in groups (sequence.groupOrder): jsdom and Node first, then each real-browser project
// on its own, as two cores cannot carry several Chromiums' calls at once without timing out.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: publicEntries },
  // Loaded only by the Firefox peer page (test/crossbrowser); found late, it would reload the test.
  optimizeDeps: { include: ['react-dom/client'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
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
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          restoreMocks: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['test/browser/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts'],
          browser: { ...browser(), commands: browserCommands },
          testTimeout: 30_000,
        },
      },
      // The browser tier again in Firefox (Debian's firefox-esr over WebDriver BiDi), run by
      // scripts/test-firefox.mjs inside a loopback-only network namespace (see there why).
      ...(process.env.RTCKIT_FIREFOX
        ? [
            {
              extends: true as const,
              test: {
                name: 'firefox',
                sequence: { groupOrder: 1 },
                include: ['test/browser/**/*.test.{ts,tsx}'],
                setupFiles: ['test/setup.ts'],
                browser: {
                  ...browser(),
                  provider: playwright({ launchOptions: firefoxLaunchOptions() }),
                  instances: [{ browser: 'firefox' as const }],
                  commands: browserCommands,
                },
                testTimeout: 30_000,
              },
            },
          ]
        : []),
      // Chromium ↔ Firefox calls: this Chromium page is one side, a Firefox page the Node side opens
      // from the same Vite server the other; impaired through CDP, so one file at a time.
      ...(process.env.RTCKIT_FIREFOX
        ? [
            {
              extends: true as const,
              test: {
                name: 'crossbrowser',
                sequence: { groupOrder: 2 },
                include: ['test/crossbrowser/**/*.test.{ts,tsx}'],
                setupFiles: ['test/setup.ts'],
                browser: {
                  ...browser({ fileParallelism: false }),
                  commands: crossBrowserCommands,
                },
                fileParallelism: false,
                testTimeout: 60_000,
                provide: { crossBrowserOutages: process.env.RTCKIT_CROSSBROWSER_OUTAGES === '1' },
              },
            },
          ]
        : []),
      {
        // Tests that impair the network through CDP: one file at a time, as emulation is per browser.
        extends: true,
        test: {
          name: 'network',
          sequence: { groupOrder: 2 },
          include: ['test/network/**/*.test.{ts,tsx}'],
          // test/network/outageSequence.test.tsx (7 calls, 6 min) runs only when asked
          // (RTCKIT_OUTAGE_SEQUENCES=1): still 1 of 5 sequences with one side's encoder dead after the
          // 25 s outage (see the comment in the file).
          provide: { outageSequences: process.env.RTCKIT_OUTAGE_SEQUENCES === '1' },
          setupFiles: ['test/setup.ts'],
          browser: {
            ...browser({ fileParallelism: false }),
            // Call reports through the real ingest into a real Prometheus (test/helpers/reportStack.ts).
            commands: {
              reportStackStatus: () => ({ available: prometheusAvailable(), required: Boolean(process.env.CI) }),
              startReportStack: (_context, peers: string[]) => startBrowserReportStack(peers),
              queryReportStack: (_context, promql: string) => queryBrowserReportStack(promql),
              stopReportStack: () => stopBrowserReportStack(),
            } satisfies Record<string, BrowserCommand<never[]>>,
          },
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
      // `npm run bench:reconnect` only (scripts/bench-reconnect.mjs): outages and recovery times,
      // Chromium ↔ Chromium (RTCKIT_BENCH=reconnect) and Chromium ↔ Firefox inside Firefox's network
      // namespace (RTCKIT_BENCH=reconnect-crossbrowser), bench/RESULTS.md. RTCKIT_BENCH_RUNS,
      // RTCKIT_BENCH_OUTAGES_S (e.g. `8,25`) and RTCKIT_BENCH_LOADS (`quiet`, `throttled`: the main
      // thread slowed 4×, `loaded`: two cores kept busy) change the script.
      ...onDemand(process.env.RTCKIT_BENCH === 'reconnect' || process.env.RTCKIT_BENCH === 'reconnect-crossbrowser', {
        name: 'bench',
        include: [
          process.env.RTCKIT_BENCH === 'reconnect'
            ? 'bench/reconnect.browser.ts'
            : 'bench/reconnectCrossBrowser.browser.tsx',
        ],
        testTimeout: 60 * 60_000,
        commands: crossBrowserCommands,
        provide: {
          reconnectBench: {
            runs: Number(process.env.RTCKIT_BENCH_RUNS ?? 3),
            outagesMs: (process.env.RTCKIT_BENCH_OUTAGES_S ?? '3,8,25').split(',').map((s) => Number(s) * 1000),
            loads: (process.env.RTCKIT_BENCH_LOADS ?? 'quiet,throttled').split(','),
          },
        },
      }),
      // `npm run bench:grid` only: 25 live tiles, rtckit's rendering vs a naive context (bench/RESULTS.md).
      ...onDemand(process.env.RTCKIT_BENCH === 'grid', {
        name: 'bench',
        include: ['bench/grid.browser.tsx'],
        provide: {
          gridBench: {
            tiles: Number(process.env.RTCKIT_BENCH_TILES ?? 25),
            rounds: Number(process.env.RTCKIT_BENCH_ROUNDS ?? 2),
            windowSeconds: Number(process.env.RTCKIT_BENCH_WINDOW_S ?? 20),
            warmupSeconds: Number(process.env.RTCKIT_BENCH_WARMUP_S ?? 5),
            churnEveryMs: Number(process.env.RTCKIT_BENCH_CHURN_MS ?? 3000),
          },
        },
      }),
      // `npm run record:fixtures` only: records real getStats() reports into test/fixtures/stats/.
      ...onDemand(Boolean(process.env.RTCKIT_RECORD_FIXTURES), {
        name: 'record',
        include: ['test/record/**/*.record.ts'],
        testTimeout: 120_000,
      }),
      // `npm run bench:abr` only: the adaptive bitrate benchmark (minutes of real, impaired calls).
      ...onDemand(Boolean(process.env.RTCKIT_BENCH_ABR), {
        name: 'bench',
        include: ['bench/abr.browser.ts'],
        provide: {
          abrBench: {
            rounds: Number(process.env.RTCKIT_BENCH_ROUNDS ?? 3),
            cleanSeconds: Number(process.env.RTCKIT_BENCH_CLEAN_S ?? 30),
            impairedSeconds: Number(process.env.RTCKIT_BENCH_IMPAIRED_S ?? 30),
            recoverySeconds: Number(process.env.RTCKIT_BENCH_RECOVERY_S ?? 30),
            trace: Boolean(process.env.RTCKIT_BENCH_TRACE),
            hops: process.env.RTCKIT_BENCH_HOPS === 'raw' ? ('raw' as const) : ('split' as const),
            calibrate: Boolean(process.env.RTCKIT_BENCH_CALIBRATE),
          },
        },
      }),
      {
        extends: true,
        plugins: [
          storybookTest({
            configDir: fileURLToPath(new URL('./.storybook', import.meta.url)),
          }),
        ],
        test: {
          name: 'storybook',
          sequence: { groupOrder: 3 },
          setupFiles: ['test/storybook.setup.ts'],
          // A real coturn for the ICE recipe story.
          globalSetup: ['test/turn/globalSetup.ts', 'test/signaling/globalSetup.ts'],
          browser: browser(),
          testTimeout: 30_000,
        },
      },
    ],
  },
});
