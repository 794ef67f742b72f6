// Records real Chromium getStats() reports of a loopback call under CDP network conditions into
// test/fixtures/stats/<name>.json. Run with `npm run record:fixtures`; the files are committed, and
// unit tests and `npm run bench:stats` read them. Each recording starts on a clean link (so rates
// have a baseline), then applies its condition, and some lift it again to show the recovery.
import { commands } from 'vitest/browser';
import { it, onTestFinished } from 'vitest';
import { impair, impairEachTest, type Impairment } from '../browser/helpers/impairment';
import {
  connectLoopbackPair,
  trickleLoopback,
  waitForConnectionState,
  type LoopbackPair,
} from '../browser/helpers/loopbackPair';
import type { RecordedStats, RecordedTick, StatsFixture } from '../fixtureTypes';

const INTERVAL_MS = 1000;

interface Phase {
  readonly condition: string;
  readonly ticks: number;
}

interface Recording {
  readonly name: string;
  readonly description: string;
  readonly conditions: Record<string, Impairment>;
  readonly phases: readonly Phase[];
  readonly simulcast?: boolean;
}

const RECORDINGS: readonly Recording[] = [
  {
    name: 'clean',
    description: 'Audio and video on an unimpaired loopback link.',
    conditions: { clean: {} },
    phases: [{ condition: 'clean', ticks: 12 }],
  },
  {
    name: 'capped',
    description: 'Clean, then the link capped at 300 kbit/s each way.',
    conditions: { clean: {}, capped: { kbps: 300 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'capped', ticks: 12 },
    ],
  },
  {
    name: 'lossy',
    description: 'Clean, then 10 % random packet loss (both peers are impaired, so each direction loses more).',
    conditions: { clean: {}, lossy: { lossPercent: 10 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'lossy', ticks: 12 },
    ],
  },
  {
    name: 'loss6',
    description: 'Clean, then a sustained 6 % random packet loss, for the hysteresis rule.',
    conditions: { clean: {}, loss6: { lossPercent: 6 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'loss6', ticks: 16 },
    ],
  },
  {
    name: 'impaired',
    description: 'Clean, then 300 kbit/s + 10 % loss + 100 ms latency, then clean again (recovery).',
    conditions: { clean: {}, impaired: { kbps: 300, lossPercent: 10, latencyMs: 100 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'impaired', ticks: 10 },
      { condition: 'clean', ticks: 12 },
    ],
  },
  {
    name: 'blackhole',
    description: 'Clean, then 100 % packet loss (a black hole) until the connection is disconnected.',
    conditions: { clean: {}, blackhole: { lossPercent: 100 } },
    phases: [
      { condition: 'clean', ticks: 4 },
      { condition: 'blackhole', ticks: 9 },
    ],
  },
  {
    name: 'simulcast',
    description: 'A sender with three simulcast layers (rid q, h, f) on a clean link.',
    conditions: { clean: {} },
    phases: [{ condition: 'clean', ticks: 14 }],
    simulcast: true,
  },
];

/** A call whose sender sends three simulcast layers; the answer is given `a=simulcast:recv` by hand. */
async function connectSimulcastPair(): Promise<LoopbackPair> {
  const localStream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  trickleLoopback(sender, receiver);
  trickleLoopback(receiver, sender);
  const [video] = localStream.getVideoTracks();
  const [audio] = localStream.getAudioTracks();
  sender.addTransceiver(audio!, { direction: 'sendonly', streams: [localStream] });
  sender.addTransceiver(video!, {
    direction: 'sendonly',
    streams: [localStream],
    sendEncodings: [
      { rid: 'q', scaleResolutionDownBy: 4 },
      { rid: 'h', scaleResolutionDownBy: 2 },
      { rid: 'f', scaleResolutionDownBy: 1 },
    ],
  });
  await sender.setLocalDescription();
  // The receiver cannot take simulcast itself: offer it the first layer only, and tell the sender
  // that all three are accepted, so the sender encodes and reports every layer.
  const offer = sender
    .localDescription!.sdp.replace(/a=simulcast:send q;h;f\r\n/, '')
    .replace(/a=rid:[hf] send\r\n/g, '');
  await receiver.setRemoteDescription({ type: 'offer', sdp: offer.replace(/a=rid:q send\r\n/, '') });
  await receiver.setLocalDescription();
  const answer = receiver
    .localDescription!.sdp.split(/(?=m=)/)
    .map((section) =>
      section.startsWith('m=video')
        ? `${section}a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n`
        : section,
    )
    .join('');
  await sender.setRemoteDescription({ type: 'answer', sdp: answer });
  await Promise.all([waitForConnectionState(sender, 'connected'), waitForConnectionState(receiver, 'connected')]);
  return {
    sender,
    receiver,
    localStream,
    remoteStream: new MediaStream(),
    close() {
      sender.close();
      receiver.close();
      for (const track of localStream.getTracks()) track.stop();
    },
  };
}

async function tick(pc: RTCPeerConnection, condition: string): Promise<RecordedTick> {
  const report = await pc.getStats();
  // Certificates are never read and are large (base64 DER); everything else is kept as the browser gave it.
  const stats = [...report.values()].filter((s) => s.type !== 'certificate') as RecordedStats[];
  return { condition, connectionState: pc.connectionState, stats: JSON.parse(JSON.stringify(stats)) };
}

let pair: LoopbackPair | undefined;
impairEachTest(() => {
  pair?.close();
  pair = undefined;
});

for (const recording of RECORDINGS) {
  it(`records ${recording.name}`, { timeout: 120_000 }, async () => {
    pair = recording.simulcast ? await connectSimulcastPair() : await connectLoopbackPair({ audio: true, video: true });
    // Play what arrives, as an app would: without a sink, received audio is never played out and
    // the receiver reports no samples (so no concealment).
    const player = document.createElement('video');
    player.srcObject = new MediaStream(pair.receiver.getReceivers().map((receiver) => receiver.track));
    document.body.append(player);
    await player.play();
    onTestFinished(() => player.remove());
    const sender: RecordedTick[] = [];
    const receiver: RecordedTick[] = [];
    let next = performance.now();
    for (const phase of recording.phases) {
      await impair(recording.conditions[phase.condition] ?? {});
      for (let i = 0; i < phase.ticks; i++) {
        next += INTERVAL_MS;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
        sender.push(await tick(pair.sender, phase.condition));
        receiver.push(await tick(pair.receiver, phase.condition));
      }
    }
    const fixture: StatsFixture = {
      name: recording.name,
      description: recording.description,
      userAgent: navigator.userAgent,
      intervalMs: INTERVAL_MS,
      conditions: recording.conditions,
      sender,
      receiver,
    };
    await commands.writeFile(`test/fixtures/stats/${recording.name}.json`, JSON.stringify(fixture) + '\n');
  });
}
