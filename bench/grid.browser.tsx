// npm run bench:grid — 25 live tiles from 25 loopback connections in real Chromium, stats once a
// second, rendered two ways in one run: rtckit's (each tile's badge subscribes to its own
// connection's level) and a naive one (a context holding every connection's quality, read once a
// second and replaced only when a badge would change, which then re-renders every tile). Reports
// React commits and render time per stats tick and the renderer's main-thread time per tick, side
// by side. Target (issue 9): rtckit re-renders only the tiles whose shown value changed — at most
// two commits per change (a level and a video state can arrive apart) and fewer than the naive
// context's — and the run fails otherwise.
import { render } from '@testing-library/react';
import { createContext, memo, Profiler, useContext, useEffect, useState, type ProfilerOnRenderCallback } from 'react';
import { afterAll, expect, inject, it } from 'vitest';
import { cdp, page } from 'vitest/browser';
import {
  QualityBadge,
  sharedQualityMonitor,
  sharedStatsCollector,
  VideoGrid,
  VideoTile,
  type QualityScore,
} from 'rtckit';
import { connectLoopbackPair } from '../test/browser/helpers/loopbackPair';
import { ParticipantTile, type Participant } from '../stories/recipes/ParticipantGrid';

declare module 'vitest' {
  export interface ProvidedContext {
    gridBench: { tiles: number; rounds: number; windowSeconds: number; warmupSeconds: number; churnEveryMs: number };
  }
}

const settings = inject('gridBench');
const tileStyle = { width: '100%', aspectRatio: '4 / 3', background: '#1f2430', color: '#fff' };

// ---- the naive implementation: one context with every connection's quality ----

/** Level or reasons changed: what a badge shows, so what should re-render it. */
const shownKey = (q: QualityScore) => `${q.level}|${q.reasons.map((r) => `${r.code}/${r.direction}`).join(',')}`;

const NaiveQuality = createContext<ReadonlyMap<RTCPeerConnection, QualityScore>>(new Map());

/**
 * Polls every connection's quality once a second into one context value, as a careful hand-rolled
 * app does: the value is kept (so nothing re-renders) until some badge's level or reasons change,
 * and only then replaced — which re-renders every tile reading the context.
 */
function NaiveQualityProvider({ pcs, children }: { pcs: readonly RTCPeerConnection[]; children: React.ReactNode }) {
  const [scores, setScores] = useState<ReadonlyMap<RTCPeerConnection, QualityScore>>(new Map());
  useEffect(() => {
    const monitors = pcs.map((pc) => sharedQualityMonitor(sharedStatsCollector(pc)));
    const unsubscribe = monitors.map((monitor) => monitor.subscribe(() => {}));
    const timer = setInterval(
      () =>
        setScores((current) => {
          const next = new Map(pcs.map((pc, i) => [pc, monitors[i]!.getSnapshot()] as const));
          const changed = pcs.some((pc) => {
            const before = current.get(pc);
            return !before || shownKey(before) !== shownKey(next.get(pc)!);
          });
          return changed ? next : current;
        }),
      1000,
    );
    return () => {
      clearInterval(timer);
      unsubscribe.forEach((stop) => stop());
    };
  }, [pcs]);
  return <NaiveQuality.Provider value={scores}>{children}</NaiveQuality.Provider>;
}

const NaiveTile = memo(function NaiveTile({ name, stream, pc }: Omit<Participant, 'id'>) {
  const quality = useContext(NaiveQuality).get(pc!) ?? null;
  return (
    <div style={{ position: 'relative' }}>
      <VideoTile stream={stream} label={name} style={tileStyle} />
      <QualityBadge quality={quality} style={{ position: 'absolute', top: 4, right: 4 }} />
    </div>
  );
});

// ---- measuring ----

interface Counters {
  tileCommits: number;
  renderMs: number;
}

interface ArmResult {
  readonly round: number;
  readonly arm: 'rtckit' | 'naive';
  readonly tilesPlaying: number;
  readonly tileCommitsPerTick: number;
  readonly shownChangesPerTick: number;
  readonly tileStateChangesPerTick: number;
  readonly renderMsPerTick: number;
  readonly mainThreadMsPerTick: number;
}

async function taskSeconds(): Promise<number> {
  const { metrics } = (await cdp().send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
}

async function setSending(sender: RTCRtpSender, active: boolean): Promise<void> {
  const parameters = sender.getParameters();
  parameters.encodings.forEach((encoding) => (encoding.active = active));
  await sender.setParameters(parameters);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const closers: (() => void)[] = [];
afterAll(() => closers.forEach((close) => close()));

it(
  'grid of live tiles: rtckit per-tile subscriptions vs a naive context',
  async () => {
    await page.viewport(1280, 900);
    await cdp().send('Performance.enable');
    const camera = await navigator.mediaDevices.getUserMedia({
      video: { width: 320, height: 240, frameRate: 15 },
      audio: false,
    });
    closers.push(() => camera.getTracks().forEach((track) => track.stop()));

    // One sender per participant, all sending the same capture; the grid shows the receivers.
    const participants: Participant[] = [];
    const senders: RTCRtpSender[] = [];
    for (let i = 0; i < settings.tiles; i += 1) {
      const pair = await connectLoopbackPair({ stream: camera, timeoutMs: 15_000 }).catch(() => null);
      if (!pair) break; // as many as this machine sustains
      closers.push(pair.close);
      senders.push(pair.sender.getSenders()[0]!);
      participants.push({ id: String(i), name: `Participant ${i + 1}`, stream: pair.remoteStream, pc: pair.receiver });
    }
    const pcs = participants.map((p) => p.pc!);

    // What each badge would show, followed outside React (the same monitors both arms use).
    let shownChanges = 0;
    let tileStateChanges = 0;
    for (const pc of pcs) {
      const monitor = sharedQualityMonitor(sharedStatsCollector(pc));
      let last = shownKey(monitor.getSnapshot());
      const stop = monitor.subscribe(() => {
        const next = shownKey(monitor.getSnapshot());
        if (next !== last) shownChanges += 1;
        last = next;
      });
      closers.push(stop);
    }

    const counters: Counters = { tileCommits: 0, renderMs: 0 };
    // Tile profilers count the commits that reach each tile; one profiler around the whole tree
    // times every commit (its actualDuration covers the tiles rendered in it).
    const onTileRender: ProfilerOnRenderCallback = (_id, phase) => {
      if (phase !== 'mount') counters.tileCommits += 1;
    };
    const onTreeRender: ProfilerOnRenderCallback = (_id, phase, actualDuration) => {
      if (phase !== 'mount') counters.renderMs += actualDuration;
    };
    const tiles = (arm: ArmResult['arm']) =>
      participants.map(({ id, ...p }) => (
        <Profiler key={id} id={id} onRender={onTileRender}>
          {arm === 'rtckit' ? <ParticipantTile {...p} /> : <NaiveTile {...p} />}
        </Profiler>
      ));
    const grid = (arm: ArmResult['arm']) => (
      <VideoGrid label="Participants" minTileWidth={140}>
        {tiles(arm)}
      </VideoGrid>
    );
    const tree = (arm: ArmResult['arm']) => (
      <Profiler id={arm} onRender={onTreeRender}>
        {arm === 'rtckit' ? grid(arm) : <NaiveQualityProvider pcs={pcs}>{grid(arm)}</NaiveQualityProvider>}
      </Profiler>
    );

    const results: ArmResult[] = [];
    const order: ArmResult['arm'][] = [];
    for (let round = 0; round < settings.rounds; round += 1)
      order.push(...((round % 2 === 0 ? ['rtckit', 'naive'] : ['naive', 'rtckit']) as ArmResult['arm'][]));
    for (const [index, arm] of order.entries()) {
      const view = render(tree(arm));
      // A tile's own state (playing, no video…) changing is the other reason it should re-render.
      const tileStates = new MutationObserver((records) => (tileStateChanges += records.length));
      tileStates.observe(view.container, { subtree: true, attributeFilter: ['data-state'] });
      const playing = () => view.container.querySelectorAll('[data-state="playing"]').length;
      await expect.poll(playing, { timeout: 30_000, interval: 250 }).toBe(participants.length);
      await sleep(settings.warmupSeconds * 1000); // let each badge settle before counting
      const tilesPlaying = playing();
      counters.tileCommits = 0;
      counters.renderMs = 0;
      shownChanges = 0;
      tileStateChanges = 0;
      const taskStart = await taskSeconds();
      const started = performance.now();
      // Churn, the same in both runs: every few seconds one more sender stops sending and the one
      // before it resumes, so a badge or two has something to show while the rest stay unchanged.
      let churned = -1;
      const churn = setInterval(() => {
        if (churned >= 0) void setSending(senders[churned % senders.length]!, true);
        churned += 1;
        void setSending(senders[churned % senders.length]!, false);
      }, settings.churnEveryMs);
      await sleep(settings.windowSeconds * 1000); // a measuring window, not a wait for a condition
      clearInterval(churn);
      const ticks = (performance.now() - started) / 1000; // stats are polled once a second
      const taskMs = ((await taskSeconds()) - taskStart) * 1000;
      await Promise.all(senders.map((sender) => setSending(sender, true)));
      results.push({
        round: Math.floor(index / 2) + 1,
        arm,
        tilesPlaying,
        tileStateChangesPerTick: tileStateChanges / ticks,
        tileCommitsPerTick: counters.tileCommits / ticks,
        shownChangesPerTick: shownChanges / ticks,
        renderMsPerTick: counters.renderMs / ticks,
        mainThreadMsPerTick: taskMs / ticks,
      });
      tileStates.disconnect();
      view.unmount();
    }

    const fixed = (n: number, digits = 2) => n.toFixed(digits);
    const mean = (arm: ArmResult['arm'], key: keyof ArmResult) => {
      const runs = results.filter((r) => r.arm === arm);
      return runs.reduce((sum, r) => sum + (r[key] as number), 0) / runs.length;
    };
    const lines = [
      `Connections: ${participants.length} of ${settings.tiles} asked; every tile playing in every run: ${results.every((r) => r.tilesPlaying === participants.length)}`,
      '',
      '| round | implementation | tiles playing | tile re-renders / tick | badge changes / tick | tile state changes / tick | React render ms / tick | main-thread ms / tick |',
      '| ----: | -------------- | ------------: | ---------------------: | -------------------: | ------------------------: | ---------------------: | --------------------: |',
      ...results.map(
        (r) =>
          `| ${r.round} | ${r.arm} | ${r.tilesPlaying} | ${fixed(r.tileCommitsPerTick)} | ${fixed(r.shownChangesPerTick)} | ${fixed(r.tileStateChangesPerTick)} | ${fixed(r.renderMsPerTick)} | ${fixed(r.mainThreadMsPerTick, 1)} |`,
      ),
      '',
      '| mean | tile re-renders / tick | badge changes / tick | tile state changes / tick | React render ms / tick | main-thread ms / tick |',
      '| ---- | ---------------------: | -------------------: | ------------------------: | ---------------------: | --------------------: |',
      ...(['rtckit', 'naive'] as const).map(
        (arm) =>
          `| ${arm} | ${fixed(mean(arm, 'tileCommitsPerTick'))} | ${fixed(mean(arm, 'shownChangesPerTick'))} | ${fixed(mean(arm, 'tileStateChangesPerTick'))} | ${fixed(mean(arm, 'renderMsPerTick'))} | ${fixed(mean(arm, 'mainThreadMsPerTick'), 1)} |`,
      ),
      '',
      `rtckit / naive: tile re-renders ${fixed(mean('rtckit', 'tileCommitsPerTick') / mean('naive', 'tileCommitsPerTick'), 3)}×, ` +
        `React render time ${fixed(mean('rtckit', 'renderMsPerTick') / mean('naive', 'renderMsPerTick'), 3)}×, ` +
        `main-thread time ${fixed(mean('rtckit', 'mainThreadMsPerTick') / mean('naive', 'mainThreadMsPerTick'), 3)}×`,
    ];
    // The target: rtckit re-renders a tile only for what changed on it.
    const rtckitCommits = mean('rtckit', 'tileCommitsPerTick');
    const rtckitChanges = mean('rtckit', 'shownChangesPerTick') + mean('rtckit', 'tileStateChangesPerTick');
    const misses = [
      ...(rtckitCommits > 2 * rtckitChanges
        ? [
            `${fixed(rtckitCommits)} tile re-renders a tick for ${fixed(rtckitChanges)} changes (more than 2 per change)`,
          ]
        : []),
      ...(rtckitCommits >= mean('naive', 'tileCommitsPerTick')
        ? ['no fewer tile re-renders than the naive context']
        : []),
      ...(results.every((r) => r.tilesPlaying === participants.length) ? [] : ['not every tile played']),
    ];
    lines.push(
      '',
      `Target: at most 2 tile re-renders per change, and fewer than the naive context: ${misses.length ? `MISSED (${misses.join('; ')})` : 'met'}.`,
    );
    console.log(`\n${lines.join('\n')}\n`);
    expect(results).toHaveLength(order.length);
    expect(misses).toEqual([]);
  },
  30 * 60_000,
);
