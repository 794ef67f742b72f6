// Proves the packed rtckit works with React 18 (the dev setup uses 19): installs the tarball next to
// react@18 in a temporary project, server-renders every component, then mounts the local-media
// preview in jsdom under StrictMode with rtckit/testing's fakes and checks it goes live and leaves
// no track running after unmount.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SMOKE = String.raw`
import { createRequire } from 'node:module';
import React, { StrictMode, createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { JSDOM } from 'jsdom';

const fail = (message) => { console.error('FAIL ' + message); process.exit(1); };
if (!React.version.startsWith('18.')) fail('expected React 18, got ' + React.version);

const rtckit = await import('rtckit');
createRequire(import.meta.url)('rtckit'); // the CJS build loads too
const html = renderToString(h(rtckit.VideoTile, { stream: null, label: 'You' }));
if (!html.includes('data-state="no-video"')) fail('renderToString: ' + html);
console.log('ok   React ' + React.version + ': renderToString(VideoTile)');

const dom = new JSDOM('<!doctype html><div id="root"></div>', { pretendToBeVisual: true });
for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Event', 'EventTarget', 'MutationObserver']) {
  Object.defineProperty(globalThis, key, { value: dom.window[key], configurable: true, writable: true });
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
const { installFakeMedia } = await import('rtckit/testing');
const { createRoot } = await import('react-dom/client');
const act = React.act ?? (await import('react-dom/test-utils')).act;
const fake = installFakeMedia();

let latest;
function Preview() {
  const media = rtckit.useLocalMedia();
  latest = media;
  return h(rtckit.VideoTile, { stream: media.stream, local: true, label: 'You' });
}
const root = createRoot(document.getElementById('root'));
await act(async () => root.render(h(StrictMode, null, h(Preview))));
for (let i = 0; i < 50 && latest.status !== 'live'; i++) await act(() => new Promise((r) => setTimeout(r, 10)));
if (latest.status !== 'live') fail('useLocalMedia status ' + latest.status);
if (fake.mediaDevices.liveTracks().length !== 2) fail('expected 2 live tracks');
await act(async () => root.unmount());
await new Promise((r) => setTimeout(r, 0));
if (fake.mediaDevices.liveTracks().length !== 0) fail('tracks left live after unmount');
console.log('ok   React ' + React.version + ': useLocalMedia + VideoTile under StrictMode, no track left live');
`;

const dir = mkdtempSync(join(tmpdir(), 'rtckit-react18-'));
/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

try {
  const tarball = run('npm', ['pack', process.cwd(), '--pack-destination', dir, '--silent']).trim().split('\n').pop();
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      type: 'module',
      private: true,
      dependencies: { rtckit: `file:./${tarball}`, react: '^18.3.1', 'react-dom': '^18.3.1', jsdom: '~29.1.1' },
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--silent']);
  writeFileSync(join(dir, 'smoke.mjs'), SMOKE);
  process.stdout.write(run('node', ['smoke.mjs']));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
