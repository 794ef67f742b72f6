// BitrateController wiring with fakes: scripted getStats() reports in, setParameters calls out.
// The policy itself is tested in decide.test.ts and in real Chromium under test/network.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BitrateController,
  RtcKitError,
  type BitrateControllerOptions,
  type PeerControlMessage,
  type PeerSession,
  type PeerSessionSnapshot,
} from 'rtckit/core';
import { FakeMediaStreamTrack, FakePeerConnection, FakeRtpSender } from 'rtckit/testing';
import { senderReports, type SenderScript } from '../../../helpers/senderReports';

const camera = (width = 640, height = 480) =>
  new FakeMediaStreamTrack('video', { width, height }) as unknown as MediaStreamTrack;

function setup(script: SenderScript = {}, options: BitrateControllerOptions = {}, sender = new FakeRtpSender()) {
  if (!sender.track) sender.track = camera();
  const pc = new FakePeerConnection({ stats: senderReports(script) });
  pc.addSender(sender);
  const controller = new BitrateController(pc.asRTCPeerConnection(), options);
  return { pc, sender, controller };
}

const lastEncoding = (sender: FakeRtpSender) => sender.parameterHistory.at(-1)?.encodings[0];
const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BitrateController', () => {
  it('does nothing until subscribed, then applies the best rung the camera can fill', async () => {
    const { sender, controller } = setup();
    await seconds(3);
    expect(sender.parameterHistory).toEqual([]);
    expect(controller.getSnapshot()).toMatchObject({ rung: null, reason: 'no-video', mode: 'balanced' });
    const stop = controller.subscribe(() => {});
    await seconds(0);
    expect(controller.getSnapshot()).toMatchObject({ rungIndex: 1, reason: 'initial' });
    expect(controller.getSnapshot().rung?.id).toBe('540p30');
    expect(lastEncoding(sender)).toEqual({
      active: true,
      scaleResolutionDownBy: 1,
      maxFramerate: 30,
      maxBitrate: 1_500_000,
    });
    expect(controller.getSnapshot().applied).toEqual({
      active: true,
      height: 480,
      maxFramerate: 30,
      maxBitrate: 1_500_000,
      scaleResolutionDownBy: 1,
    });
    stop();
  });

  it('steps down when the link collapses and sends the new rung', async () => {
    const { sender, controller } = setup({ estimate: (call) => (call < 8 ? 5_000_000 : 150_000) });
    const stop = controller.subscribe(() => {});
    await seconds(7);
    expect(controller.getSnapshot()).toMatchObject({ rungIndex: 1, holding: 'stable' });
    await seconds(3);
    const snapshot = controller.getSnapshot();
    expect(snapshot.reason).toBe('collapse'); // from 5 Mbit/s at the tick before
    expect(snapshot.rung!.maxBitrate).toBeLessThanOrEqual(250_000);
    expect(lastEncoding(sender)).toMatchObject({ maxBitrate: snapshot.rung!.maxBitrate });
    expect(lastEncoding(sender)!.scaleResolutionDownBy).toBeCloseTo(480 / snapshot.rung!.height, 5);
    stop();
  });

  describe('quick reads of the estimate between samples', () => {
    // The ticks (pc.getStats, once a second) see 5 Mbit/s throughout; the sender's own getStats
    // sees the link collapse to 300 kbit/s at 7.6 s, between the ticks at 7 and 8 s.
    function collapsing(options: BitrateControllerOptions = {}) {
      const sender = new FakeRtpSender();
      const start = Date.now();
      const reads: number[] = [];
      const getStats = vi.fn(async () => {
        const elapsed = Date.now() - start;
        reads.push(elapsed);
        const timestamp = 1_000_000 + elapsed; // the ticks' stats clock (see senderReports)
        return new Map<string, Record<string, unknown>>([
          ['T1', { id: 'T1', type: 'transport', timestamp, selectedCandidatePairId: 'CP1' }],
          [
            'CP1',
            {
              id: 'CP1',
              type: 'candidate-pair',
              timestamp,
              availableOutgoingBitrate: elapsed < 7600 ? 5_000_000 : 300_000,
            },
          ],
        ]);
      });
      Object.assign(sender, { getStats });
      return { ...setup({}, options, sender), getStats, reads };
    }

    it('acts on a collapse before the next sample, four reads a second by default', async () => {
      const { sender, controller, reads } = collapsing();
      const stop = controller.subscribe(() => {});
      await seconds(7.5);
      expect(controller.getSnapshot()).toMatchObject({ rungIndex: 1, holding: 'stable' });
      expect(reads.slice(0, 4)).toEqual([250, 500, 750, 1000]);
      await seconds(0.25); // the read at 7.75 s sees it
      const snapshot = controller.getSnapshot();
      expect(snapshot).toMatchObject({ reason: 'collapse', holding: null });
      expect(snapshot.rung!.maxBitrate).toBeLessThanOrEqual(300_000);
      expect(lastEncoding(sender)).toMatchObject({
        maxBitrate: snapshot.rung!.maxBitrate,
        scaleResolutionDownBy: 480 / snapshot.rung!.height,
      });
      // The ticks (still seeing 5 Mbit/s here) do not undo it at once: it waits its quiet period.
      await seconds(2);
      expect(controller.getSnapshot()).toMatchObject({ rungIndex: snapshot.rungIndex, holding: 'waiting' });
      stop();
    });

    it('reads nothing while every tile showing the video is hidden (nothing is sent)', async () => {
      const { controller, reads } = collapsing();
      const stop = controller.subscribe(() => {});
      await seconds(1);
      controller.setReceiverHints([{ mid: '0', width: 0, height: 0, visible: false }]);
      const before = reads.length;
      await seconds(3);
      expect(reads).toHaveLength(before);
      controller.setReceiverHints([{ mid: '0', width: 320, height: 240, visible: true }]);
      await seconds(1);
      expect(reads.length).toBeGreaterThan(before);
      stop();
    });

    it('reads nothing with watchIntervalMs 0, and stops reading when the last subscriber leaves', async () => {
      const off = collapsing({ watchIntervalMs: 0 });
      const stopOff = off.controller.subscribe(() => {});
      await seconds(10);
      expect(off.getStats).not.toHaveBeenCalled();
      expect(off.controller.getSnapshot().rungIndex).toBe(1);
      stopOff();

      const on = collapsing({ watchIntervalMs: 1000 });
      const stop = on.controller.subscribe(() => {});
      await seconds(3);
      expect(on.reads).toEqual([1000, 2000, 3000]);
      stop();
      await seconds(5);
      expect(on.reads).toHaveLength(3);
    });
  });

  it('lowers resolution and frame rate but not the bitrate when the encoder is short of CPU', async () => {
    const { sender, controller } = setup({ limitation: (call) => (call < 8 ? 'none' : 'cpu') });
    const stop = controller.subscribe(() => {});
    await seconds(12);
    expect(controller.getSnapshot()).toMatchObject({ cpuLimited: true, reason: 'cpu', rungIndex: 1 });
    expect(lastEncoding(sender)).toMatchObject({ maxBitrate: 1_500_000, scaleResolutionDownBy: 480 / 360 });
    stop();
  });

  it('works from its own copy of the encodings, even when the sender reports them wrongly', async () => {
    const sender = new FakeRtpSender(null, [{ active: true, priority: 'high' }], { misreports: true });
    const { controller } = setup({ estimate: (call) => (call < 8 ? 5_000_000 : 150_000) }, {}, sender);
    const stop = controller.subscribe(() => {});
    await seconds(12);
    expect(sender.parameterHistory.length).toBeGreaterThanOrEqual(2);
    // Each call carries the whole plan (not the stale report with one field changed).
    const rung = controller.getSnapshot().rung!;
    expect(rung.height).toBeLessThan(480);
    expect(lastEncoding(sender)).toEqual({
      active: true,
      priority: 'high',
      scaleResolutionDownBy: 480 / rung.height,
      maxFramerate: rung.maxFramerate,
      maxBitrate: rung.maxBitrate,
    });
    stop();
  });

  it('puts back the encodings it found when switched off or when the last subscriber leaves', async () => {
    const original = [{ active: true, maxBitrate: 900_000, priority: 'high' as const }];
    const { sender, controller } = setup({}, {}, new FakeRtpSender(null, original));
    const stop = controller.subscribe(() => {});
    await seconds(0);
    expect(sender.current.encodings).not.toEqual(original);
    controller.setMode('off');
    await seconds(0);
    expect(sender.current.encodings).toEqual(original);
    expect(controller.getSnapshot()).toMatchObject({ mode: 'off', reason: 'off', rung: null, applied: null });
    const applied = sender.parameterHistory.length;
    await seconds(5);
    expect(sender.parameterHistory).toHaveLength(applied); // off means off
    controller.setMode('balanced');
    await seconds(0);
    expect(lastEncoding(sender)).toMatchObject({ maxBitrate: 1_500_000 });
    stop();
    await seconds(0);
    expect(sender.current.encodings).toEqual(original);
  });

  it('survives StrictMode: unsubscribe and subscribe again in one task keep it running', async () => {
    const { sender, controller } = setup();
    controller.subscribe(() => {})();
    const stop = controller.subscribe(() => {});
    await seconds(0);
    expect(sender.parameterHistory).toHaveLength(1);
    expect(controller.getSnapshot().rung?.id).toBe('540p30');
    stop();
  });

  it('caps the rungs at maxRung at once, and lifts the cap', async () => {
    const { sender, controller } = setup({}, { maxRung: '360p30' });
    const stop = controller.subscribe(() => {});
    await seconds(0);
    expect(controller.getSnapshot()).toMatchObject({ maxRung: 2, rungIndex: 2 });
    controller.setMaxRung('180p15');
    await seconds(0);
    expect(controller.getSnapshot()).toMatchObject({ maxRung: 5, rungIndex: 5, reason: 'capped' });
    expect(lastEncoding(sender)).toMatchObject({ maxBitrate: 150_000, maxFramerate: 15 });
    controller.setMaxRung(null);
    await seconds(30); // a clean link: it climbs back
    expect(controller.getSnapshot().rungIndex).toBe(1);
    expect(() => controller.setMaxRung('8k')).toThrow(RtcKitError);
    stop();
  });

  it('switches mode at once: maintain-resolution keeps the size, maintain-framerate the frame rate', async () => {
    const { sender, controller } = setup({}, { maxRung: '180p8' });
    const stop = controller.subscribe(() => {});
    await seconds(0);
    controller.setMode('maintain-resolution');
    await seconds(0);
    expect(sender.current).toMatchObject({ degradationPreference: 'maintain-resolution' });
    expect(lastEncoding(sender)).toMatchObject({ scaleResolutionDownBy: 1, maxFramerate: 8, maxBitrate: 90_000 });
    controller.setMode('maintain-framerate');
    await seconds(0);
    expect(sender.current).toMatchObject({ degradationPreference: 'maintain-framerate' });
    expect(lastEncoding(sender)).toMatchObject({ scaleResolutionDownBy: 480 / 180, maxFramerate: 30 });
    expect(() => controller.setMode('fast' as never)).toThrow(/mode must be one of/);
    stop();
  });

  it('caps at the receiver tile, and stops the video while every tile is hidden', async () => {
    const { sender, controller } = setup();
    const stop = controller.subscribe(() => {});
    await seconds(0);
    controller.setReceiverHints([{ mid: '0', width: 320, height: 240, visible: true }]);
    await seconds(0);
    expect(controller.getSnapshot()).toMatchObject({ reason: 'receiver-tile', tile: { width: 320, height: 240 } });
    expect(lastEncoding(sender)).toMatchObject({ active: true, scaleResolutionDownBy: 2 });
    controller.setReceiverHints([{ mid: '0', width: 0, height: 0, visible: false }]);
    await seconds(0);
    expect(controller.getSnapshot()).toMatchObject({ reason: 'receiver-hidden', applied: { active: false } });
    expect(lastEncoding(sender)).toEqual({ active: false });
    controller.setReceiverHints([{ mid: 'other', width: 10, height: 10, visible: true }]);
    await seconds(0);
    expect(lastEncoding(sender)).toMatchObject({ active: true, scaleResolutionDownBy: 1 });
    stop();
  });

  it('reports a refused setParameters in the snapshot and to onError, and retries with the next plan', async () => {
    const onError = vi.fn();
    const sender = new FakeRtpSender();
    sender.failNext = new DOMException('nope', 'OperationError');
    const { controller } = setup({}, { onError, maxRung: 2 }, sender);
    const stop = controller.subscribe(() => {});
    await seconds(0);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'set-parameters-failed' });
    expect(controller.getSnapshot().error?.code).toBe('set-parameters-failed');
    controller.setMaxRung(3);
    await seconds(0);
    expect(controller.getSnapshot().error).toBeNull();
    expect(lastEncoding(sender)).toMatchObject({ maxBitrate: 450_000 });
    stop();
  });

  it('rejects a bad ladder or mode with a typed error', () => {
    const pc = new FakePeerConnection({ stats: [[]] }).asRTCPeerConnection();
    expect(() => new BitrateController(pc, { ladder: [] })).toThrow(
      expect.objectContaining({ code: 'invalid-ladder' }),
    );
    expect(() => new BitrateController(pc, { mode: 'turbo' as never })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
    expect(() => new BitrateController(pc, { maxRung: 'nope' })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
    expect(() => new BitrateController(pc, { watchIntervalMs: -1 })).toThrow(/watchIntervalMs must be/);
    expect(() => new BitrateController(pc, { watchIntervalMs: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
  });

  it('follows a session to its connection and obeys the hints arriving on its control channel', async () => {
    const { pc, sender } = setup();
    const listeners = new Set<() => void>();
    const controlListeners = new Set<(message: PeerControlMessage) => void>();
    let snapshot = { pc: null, dataChannel: null, dataChannelState: null } as unknown as PeerSessionSnapshot;
    const session = {
      subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
      getSnapshot: () => snapshot,
      onControlMessage: (listener: (message: PeerControlMessage) => void) => (
        controlListeners.add(listener),
        () => controlListeners.delete(listener)
      ),
      sendControlMessage: () => false,
    } as unknown as PeerSession;
    const controller = new BitrateController(session);
    const stop = controller.subscribe(() => {});
    await seconds(0);
    expect(sender.parameterHistory).toEqual([]);
    snapshot = { ...snapshot, pc: pc.asRTCPeerConnection() };
    listeners.forEach((listener) => listener());
    await seconds(0);
    expect(lastEncoding(sender)).toMatchObject({ maxBitrate: 1_500_000 });
    controlListeners.forEach((listener) =>
      listener({ type: 'video-hints', hints: [{ mid: '0', width: 160, height: 120, visible: true }] }),
    );
    await seconds(0);
    expect(lastEncoding(sender)!.scaleResolutionDownBy).toBe(4);
    stop();
    await seconds(0);
    expect(listeners.size).toBe(0);
    expect(controlListeners.size).toBe(0);
  });
});
