// Launch options for Firefox through Playwright, in the Vitest main process (vitest.config.ts and
// the cross-browser harness). A system Firefox is driven over WebDriver BiDi, and Playwright 1.65
// sends a few BiDi commands at launch and for each page that Firefox ESR 140 does not implement
// yet; Firefox answers "unknown command" and Playwright aborts. Each of them only sets up something
// these tests never use (response bodies, downloads, screen and colour-scheme emulation), so this
// answers exactly those with an empty success, and lets every other error through.
import { createRequire } from 'node:module';
import { FIREFOX_PREFS, findFirefox } from '../../scripts/find-firefox.mjs';

const OPTIONAL_COMMANDS = new Set([
  'network.addDataCollector',
  'browser.setDownloadBehavior',
  'emulation.setScreenOrientationOverride',
  'emulation.setScreenSettingsOverride',
  'emulation.setMediaFeaturesOverride',
]);

interface BidiMessage {
  readonly id?: number;
  readonly method?: string;
  readonly type?: string;
  readonly error?: string;
}

interface Transport {
  send(message: BidiMessage): void;
  onmessage?: (message: BidiMessage) => void;
}

const tolerant = Symbol('rtckit.tolerantBidi');

/**
 * Makes Playwright's WebSocket transport (the one it speaks BiDi over) turn "unknown command" for
 * {@link OPTIONAL_COMMANDS} into success. Idempotent; affects only messages of those methods.
 */
function tolerateOptionalBidiCommands(): void {
  const { server } = createRequire(import.meta.url)('playwright-core/lib/coreBundle') as {
    server: { WebSocketTransport: { prototype: Transport & { [tolerant]?: true } } };
  };
  const prototype = server.WebSocketTransport.prototype;
  if (prototype[tolerant]) return;
  prototype[tolerant] = true;
  const optionalIds = new WeakMap<Transport, Set<number>>();
  const handlers = new WeakMap<Transport, (message: BidiMessage) => void>();
  const send = prototype.send;
  prototype.send = function (this: Transport, message: BidiMessage) {
    if (message.id !== undefined && message.method && OPTIONAL_COMMANDS.has(message.method)) {
      const ids = optionalIds.get(this) ?? new Set<number>();
      ids.add(message.id);
      optionalIds.set(this, ids);
    }
    send.call(this, message);
  };
  Object.defineProperty(prototype, 'onmessage', {
    configurable: true,
    get(this: Transport) {
      return handlers.get(this);
    },
    set(this: Transport, handler: ((message: BidiMessage) => void) | undefined) {
      if (!handler) {
        handlers.delete(this);
        return;
      }
      handlers.set(this, (message) => {
        const ids = optionalIds.get(this);
        if (message.id !== undefined && ids?.delete(message.id) && message.error === 'unknown command') {
          handler({ type: 'success', id: message.id, result: {} } as BidiMessage);
          return;
        }
        handler(message);
      });
    },
  });
}

/**
 * Playwright `firefox.launch()` options for the Firefox found by scripts/find-firefox.mjs, with the
 * prefs every Firefox tier needs.
 */
export function firefoxLaunchOptions() {
  const found = findFirefox();
  if (found?.channel) tolerateOptionalBidiCommands();
  return {
    ...(found?.executablePath ? { executablePath: found.executablePath } : {}),
    ...(found?.channel ? { channel: found.channel } : {}),
    firefoxUserPrefs: FIREFOX_PREFS,
  };
}
