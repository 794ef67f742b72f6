import type { BrowserInfo } from './callReportTypes';

/** The part of `navigator` {@link currentBrowser} reads. */
export interface NavigatorLike {
  readonly userAgent?: string;
}

/**
 * The browser family and major version in a user-agent string. Order matters: Edge and Chrome on
 * iOS say "Safari" too, and Edge says "Chrome". Headless Chrome (automation, monitoring probes)
 * says "HeadlessChrome/…", with no word boundary before "Chrome".
 *
 * @example
 * ```ts
 * browserOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');
 * // { name: 'chrome', version: '131' }
 * ```
 */
export function browserOf(userAgent: string): BrowserInfo {
  const match = (pattern: RegExp) => pattern.exec(userAgent)?.[1] ?? null;
  const edge = match(/\bEdg(?:e|A|iOS)?\/(\d+)/);
  if (edge) return { name: 'edge', version: edge };
  const firefox = match(/\b(?:Firefox|FxiOS)\/(\d+)/);
  if (firefox) return { name: 'firefox', version: firefox };
  const chrome = match(/\b(?:Headless)?(?:Chrome|Chromium|CriOS)\/(\d+)/);
  if (chrome) return { name: 'chrome', version: chrome };
  if (/\bSafari\//.test(userAgent)) return { name: 'safari', version: match(/\bVersion\/(\d+)/) };
  return { name: 'other', version: null };
}

/**
 * This page's browser, read when called (never at import, so server rendering is safe).
 *
 * @example
 * ```ts
 * currentBrowser(); // { name: 'firefox', version: '133' } in Firefox, { name: 'other', version: null } in Node
 * ```
 */
export function currentBrowser(navigator: NavigatorLike | undefined = globalThis.navigator): BrowserInfo {
  return browserOf(navigator?.userAgent ?? '');
}
