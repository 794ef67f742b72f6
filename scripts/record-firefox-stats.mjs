// npm run record:firefox — records real Firefox getStats() reports of a loopback call into
// test/fixtures/stats/firefox-<name>.json, in the same shape as the Chromium recordings
// (test/record/statsFixtures.record.ts, test/fixtureTypes.ts), for the cross-browser unit tests.
//
// Firefox has no CDP, and Debian's Firefox ESR is newer than what Playwright 1.65 drives without
// patches, so there is no driver: Firefox opens a page served here, the page runs the call and
// POSTs each recording back, and asks this script to change the network between phases.
//
// Needs root and Linux: it re-runs itself in a private network namespace holding only `lo` (Firefox
// gathers no 127.0.0.1 candidates otherwise; see /work/shared/TESTING-WEBRTC.md), where the network
// conditions are shaped with `tc` on UDP only (this kernel has no netem and no packet-drop actions, so
// there is no random-loss recording): an HTB class caps UDP at 300 kbit/s, or drops every UDP packet.
// FIREFOX_PATH overrides the browser (default /usr/bin/firefox-esr).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const OUT_DIR = fileURLToPath(new URL('../test/fixtures/stats/', import.meta.url));
const INTERVAL_MS = 1000;

/** Same names, descriptions and phases as the Chromium set where this machine can make the condition. */
const RECORDINGS = [
  {
    name: 'clean',
    description: 'Audio and video on an unimpaired loopback link (Firefox).',
    /** @type {Record<string, { kbps?: number, lossPercent?: number }>} */
    conditions: { clean: {} },
    phases: [{ condition: 'clean', ticks: 12 }],
  },
  {
    name: 'capped',
    description:
      'Clean, then UDP on lo capped at 300 kbit/s shared by both directions (tc HTB), then clean again (Firefox).',
    conditions: { clean: {}, capped: { kbps: 300 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'capped', ticks: 12 },
      { condition: 'clean', ticks: 6 },
    ],
  },
  {
    name: 'blackhole',
    description: 'Clean, then every UDP packet dropped (a black hole) until the connection is disconnected (Firefox).',
    conditions: { clean: {}, blackhole: { lossPercent: 100 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'blackhole', ticks: 12 },
    ],
  },
];

/** Firefox preferences: fake camera and microphone, no prompts, autoplay, real loopback candidates. */
const PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.loopback': true,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': '',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.firstRunURL': '',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.auto': false,
};

/**
 * Runs `tc` with `command` split at spaces; throws with its message when it fails.
 * @param {string} command
 */
function tc(command) {
  const args = command.split(' ');
  const result = spawnSync('tc', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tc ${args.join(' ')}: ${result.stderr.trim()}`);
}

/**
 * Shapes UDP on lo (the page's HTTP traffic is TCP and stays untouched): all UDP goes through one
 * HTB class, capped at `kbps` with a byte FIFO of about 200 ms (as the tbf recipe in
 * TESTING-WEBRTC.md), or with a FIFO of 0 bytes for a black hole.
 * @param {{ kbps?: number, lossPercent?: number }} condition
 */
function applyCondition({ kbps, lossPercent }) {
  spawnSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root']); // nothing to delete on the first call
  if (kbps === undefined && lossPercent === undefined) return;
  if (lossPercent !== undefined && lossPercent !== 100) throw new Error('only 100 % loss can be made here');
  const rate = kbps === undefined ? '10gbit' : `${kbps}kbit`;
  const limit = lossPercent === 100 ? 0 : Math.round(((kbps ?? 0) * 1000 * 0.2) / 8);
  tc('qdisc add dev lo root handle 1: htb default 10 r2q 1000');
  tc('class add dev lo parent 1: classid 1:10 htb rate 10gbit');
  tc(`class add dev lo parent 1: classid 1:20 htb rate ${rate} ceil ${rate}`);
  tc(`qdisc add dev lo parent 1:20 handle 20: bfifo limit ${limit}`);
  tc('filter add dev lo parent 1: protocol ip prio 1 u32 match ip protocol 17 0xff flowid 1:20');
}

/* global fetch, navigator, RTCPeerConnection, document, MediaStream, performance -- recordInPage runs in Firefox */
/**
 * Runs in Firefox: one loopback call per recording, a report of each side every second.
 * @param {typeof RECORDINGS} recordings
 * @param {number} intervalMs
 */
async function recordInPage(recordings, intervalMs) {
  /** @type {(path: string, body: unknown) => Promise<void>} */
  const post = (path, body) =>
    fetch(path, { method: 'POST', body: JSON.stringify(body) }).then((response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
    });
  /** @type {(candidate: RTCIceCandidate) => boolean} */
  const loopback = (candidate) => / 127\.0\.0\.1 /.test(candidate.candidate);
  /** @type {(from: RTCPeerConnection, to: RTCPeerConnection) => void} */
  const trickle = (from, to) =>
    from.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && loopback(candidate)) to.addIceCandidate(candidate).catch(() => {});
    });
  /** @type {(pc: RTCPeerConnection) => Promise<void>} */
  const connected = (pc) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connectionState ${pc.connectionState} after 10 s`)), 10_000);
      const check = () => pc.connectionState === 'connected' && (clearTimeout(timer), resolve());
      pc.addEventListener('connectionstatechange', check);
      check();
    });
  /** @type {(pc: RTCPeerConnection, condition: string) => Promise<unknown>} */
  const tick = async (pc, condition) => {
    const report = await pc.getStats();
    // Certificates are never read and are large; everything else is kept as the browser gave it.
    const stats = [...report.values()].filter((s) => s.type !== 'certificate');
    return { condition, connectionState: pc.connectionState, stats: JSON.parse(JSON.stringify(stats)) };
  };
  try {
    for (const recording of recordings) {
      await post('/condition', {});
      const localStream = await navigator.mediaDevices.getUserMedia({
        video: { width: 640, height: 480 },
        audio: true,
      });
      const sender = new RTCPeerConnection();
      const receiver = new RTCPeerConnection();
      trickle(sender, receiver);
      trickle(receiver, sender);
      for (const track of localStream.getTracks()) sender.addTrack(track, localStream);
      await sender.setLocalDescription();
      await receiver.setRemoteDescription(/** @type {RTCSessionDescription} */ (sender.localDescription));
      await receiver.setLocalDescription();
      await sender.setRemoteDescription(/** @type {RTCSessionDescription} */ (receiver.localDescription));
      await Promise.all([connected(sender), connected(receiver)]);
      // Play what arrives, as an app would (as the Chromium recorder does).
      const player = document.createElement('video');
      player.muted = true;
      player.srcObject = new MediaStream(receiver.getReceivers().map((r) => r.track));
      document.body.append(player);
      await player.play();
      /** @type {{ sender: unknown[], receiver: unknown[] }} */
      const ticks = { sender: [], receiver: [] };
      let next = performance.now();
      for (const phase of recording.phases) {
        await post('/condition', recording.conditions[phase.condition]);
        for (let i = 0; i < phase.ticks; i++) {
          next += intervalMs;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
          ticks.sender.push(await tick(sender, phase.condition));
          ticks.receiver.push(await tick(receiver, phase.condition));
        }
      }
      player.remove();
      sender.close();
      receiver.close();
      for (const track of localStream.getTracks()) track.stop();
      await post('/fixture', {
        name: recording.name,
        description: recording.description,
        userAgent: navigator.userAgent,
        intervalMs,
        conditions: recording.conditions,
        ...ticks,
      });
    }
    await post('/done', { ok: true });
  } catch (error) {
    await post('/done', { ok: false, error: String(error instanceof Error ? error.stack : error) });
  }
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>rtckit Firefox stats recorder</title><body><script>
(${recordInPage})(${JSON.stringify(RECORDINGS)}, ${INTERVAL_MS});
</script></body>`;

/** Serves the page and its callbacks; resolves when the page reports it is done. */
function serve() {
  /** @type {(result: { ok: boolean, error?: string }) => void} */
  let finish = () => {};
  /** @type {Promise<{ ok: boolean, error?: string }>} */
  const done = new Promise((resolve) => (finish = resolve));
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        if (request.method === 'GET' && request.url === '/') {
          response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
          return;
        }
        const message = JSON.parse(body || '{}');
        if (request.url === '/condition') {
          applyCondition(message);
        } else if (request.url === '/fixture') {
          const file = join(OUT_DIR, `firefox-${message.name}.json`);
          writeFileSync(file, JSON.stringify(message) + '\n');
          console.log(`wrote ${file} (${message.sender.length} ticks per side)`);
        } else if (request.url === '/done') {
          finish(message);
        } else {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(204).end();
      } catch (error) {
        console.error(error);
        response.writeHead(500).end(String(error));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, done })));
}

async function record() {
  const { server, done } = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'rtckit-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(PREFS)
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
      .join('\n') + '\n',
  );
  const url = `http://127.0.0.1:${server.address().port}/`;
  const firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, url], { stdio: 'ignore' });
  const exited = new Promise((resolve) =>
    firefox.on('exit', (code) => resolve({ ok: false, error: `Firefox exited (${code})` })),
  );
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: 'timed out after 5 min' }), 300_000);
  });
  const result = await Promise.race([done, exited, timeout]);
  clearTimeout(timer);
  firefox.kill();
  server.closeAllConnections();
  server.close();
  spawnSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
  rmSync(profile, { recursive: true, force: true });
  if (!result.ok) {
    console.error(`Recording failed: ${result.error}`);
    process.exitCode = 1;
  }
}

if (process.env.RTCKIT_RECORDER_NETNS) {
  await record();
} else {
  // Into a namespace with only lo and a default route through it (Firefox needs the route to gather).
  const setup = 'ip link set lo up && ip route add default dev lo src 127.0.0.1 && exec "$0" "$@"';
  const child = spawnSync('unshare', ['--net', 'sh', '-c', setup, process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, RTCKIT_RECORDER_NETNS: '1' },
  });
  process.exitCode = child.status ?? 1;
}
