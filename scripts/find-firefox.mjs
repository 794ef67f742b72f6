// Locates a Firefox for the Firefox tiers. Order: FIREFOX_PATH, the system's Firefox (Debian's
// firefox-esr, Mozilla's builds), then Playwright's own download. Returns null when none exists.
// A system Firefox is driven over WebDriver BiDi (Playwright's `moz-firefox` channel); Playwright's
// download is its own patched build and needs no channel.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_BROWSERS = [
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/bin/firefox-esr',
  '/usr/lib/firefox/firefox',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

/** @returns {{ executablePath: string | undefined, channel: 'moz-firefox' | undefined, source: string } | null} */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH is set to ${fromEnv}, which does not exist.`);
    return { executablePath: fromEnv, channel: 'moz-firefox', source: 'FIREFOX_PATH' };
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return { executablePath: system, channel: 'moz-firefox', source: 'system' };
  if (existsSync(playwrightFirefoxPath()))
    return { executablePath: undefined, channel: undefined, source: 'playwright' };
  return null;
}

function playwrightFirefoxPath() {
  try {
    const { firefox } = createRequire(import.meta.url)('playwright');
    return firefox.executablePath();
  } catch {
    return '';
  }
}

/**
 * Firefox prefs every Firefox tier uses: a fake camera and microphone without prompts, autoplay,
 * real host addresses in candidates (not mDNS names), and loopback candidates, so a call between two
 * browsers on this machine can stay on 127.0.0.1.
 */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.loopback': true,
};
