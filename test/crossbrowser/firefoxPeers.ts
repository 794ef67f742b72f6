// Runs in the Vitest main process (as browser commands): a real Firefox (scripts/find-firefox.mjs,
// driven by Playwright over WebDriver BiDi) that opens test/crossbrowser/firefoxPeer.html from the
// same Vite server as the Chromium test page, and rtckit's reference signaling server on 127.0.0.1
// between them. stopFirefoxPeers() closes every page, Firefox and the server.
import { firefox, type Browser, type Page } from 'playwright';
import { startSignalingServer } from '../helpers/startSignalingServer.ts';
import { firefoxLaunchOptions } from '../helpers/playwrightFirefox.ts';
import type { MediaProgress } from './barePeer';
import type { CallPeerReport } from './callPeer';
import type { FirefoxArm } from './firefoxPeer';

const TOKEN = 'cross-browser-token';
let server: Awaited<ReturnType<typeof startSignalingServer>> | null = null;
let browser: Browser | null = null;
const pages = new Map<string, { page: Page; pageErrors: string[] }>();
let nextId = 1;

/** The reference signaling server's address and token, started on first use. */
export async function crossBrowserSignaling(): Promise<{ url: string; token: string }> {
  server ??= await startSignalingServer({ token: TOKEN });
  return { url: server.url, token: TOKEN };
}

/**
 * Opens a Firefox page that joins `room` as the other side of the call. `origin` is the Vite
 * server the Chromium test page came from; `arm` (default rtckit) picks what the page runs.
 */
export async function startFirefoxPeer(options: {
  origin: string;
  room: string;
  polite: boolean;
  arm?: FirefoxArm;
}): Promise<string> {
  const { url, token } = await crossBrowserSignaling();
  browser ??= await firefox.launch({ ...firefoxLaunchOptions(), headless: true });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const query = new URLSearchParams({ url: `${url}/?room=${options.room}`, token, polite: String(options.polite) });
  if (options.arm) query.set('arm', options.arm);
  await page.goto(`${options.origin}/test/crossbrowser/firefoxPeer.html?${query}`);
  await page.waitForFunction(() => window.rtckitPeer !== undefined, undefined, { timeout: 20_000 });
  const id = String(nextId++);
  pages.set(id, { page, pageErrors });
  return id;
}

/** The Firefox side's report, with the page errors seen so far. */
export async function firefoxPeerReport(id: string): Promise<CallPeerReport & { pageErrors: string[] }> {
  const entry = pages.get(id);
  if (!entry) throw new Error(`no Firefox peer ${id}`);
  const report = await entry.page.evaluate(() => window.rtckitPeer!.report());
  return { ...report, pageErrors: [...entry.pageErrors] };
}

/** The Firefox side's media progress (any arm): frames decoded, connections, state. */
export async function firefoxPeerProgress(id: string): Promise<MediaProgress> {
  const entry = pages.get(id);
  if (!entry) throw new Error(`no Firefox peer ${id}`);
  const progress = await entry.page.evaluate(() => window.rtckitPeer!.progress());
  const errors = entry.pageErrors.length ? `, page errors: ${entry.pageErrors.join('; ')}` : '';
  return { ...progress, detail: progress.detail + errors };
}

export async function stopFirefoxPeers(): Promise<void> {
  for (const { page } of pages.values()) {
    await page.evaluate(() => window.rtckitPeer?.close()).catch(() => {});
    await page.close().catch(() => {});
  }
  pages.clear();
  await browser?.close();
  browser = null;
  await server?.close();
  server = null;
}
