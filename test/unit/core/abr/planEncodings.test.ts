import { describe, expect, it } from 'vitest';
import { AUDIO_ONLY_RUNG, DEFAULT_LADDER, planEncodings, type PlanEncodingsInput } from 'rtckit/core';

const ladder = DEFAULT_LADDER;
const hd = { width: 1280, height: 720 };
const plan = (input: Partial<PlanEncodingsInput>) =>
  planEncodings({ ladder, rung: 0, mode: 'balanced', source: hd, original: [{ active: true }], ...input });

describe('planEncodings', () => {
  it('scales the source down to the rung height and caps frame rate and bitrate', () => {
    const result = plan({ rung: 2 }); // 360p30
    expect(result.encodings).toEqual([
      { active: true, scaleResolutionDownBy: 2, maxFramerate: 30, maxBitrate: 800_000 },
    ]);
    expect(result.height).toBe(360);
    expect(result.limit).toBe('ladder');
    expect(result.degradationPreference).toBeUndefined();
  });

  it('never scales up a source smaller than the rung', () => {
    const result = plan({ rung: 0, source: { width: 640, height: 480 } });
    expect(result.encodings[0]).toMatchObject({ scaleResolutionDownBy: 1, maxBitrate: 2_500_000 });
    expect(result.height).toBe(480);
  });

  it('keeps fields it does not manage from the original encoding', () => {
    const result = plan({ rung: 1, original: [{ active: true, priority: 'high', networkPriority: 'high' }] });
    expect(result.encodings[0]).toMatchObject({ priority: 'high', networkPriority: 'high', maxBitrate: 1_500_000 });
  });

  it('applies a CPU cap to resolution and frame rate but keeps the rung bitrate', () => {
    const result = plan({ rung: 1, cpuCap: 5 }); // bitrate of 540p30, shape of 180p15
    expect(result.encodings[0]).toMatchObject({ scaleResolutionDownBy: 4, maxFramerate: 15, maxBitrate: 1_500_000 });
  });

  it('keeps the frame rate in maintain-framerate and the resolution in maintain-resolution', () => {
    const framerate = plan({ rung: 6, mode: 'maintain-framerate' }); // 180p8
    expect(framerate.encodings[0]).toMatchObject({ scaleResolutionDownBy: 4, maxFramerate: 30, maxBitrate: 90_000 });
    expect(framerate.degradationPreference).toBe('maintain-framerate');
    const resolution = plan({ rung: 6, mode: 'maintain-resolution', source: { width: 1920, height: 1080 } });
    expect(resolution.encodings[0]).toMatchObject({ scaleResolutionDownBy: 1, maxFramerate: 8, maxBitrate: 90_000 });
    expect(resolution.degradationPreference).toBe('maintain-resolution');
  });

  it('sends no more than the receiver tile needs to fill it, with a bitrate to match', () => {
    const vga = { width: 640, height: 480 };
    const result = plan({ rung: 1, source: vga, tile: { width: 200, height: 150, visible: true } });
    expect(result.encodings[0]!.scaleResolutionDownBy).toBeCloseTo(3.2, 5); // 640×480 → 200×150
    expect(result.encodings[0]!.maxBitrate).toBe(250_000); // 180p30's: the smallest rung at least 150 tall at 30 fps
    expect(result.limit).toBe('receiver-tile');
    // A wide tile needs the full width: cover, never fewer pixels than the tile shows.
    const wide = plan({ rung: 1, source: vga, tile: { width: 320, height: 90, visible: true } });
    expect(wide.encodings[0]!.scaleResolutionDownBy).toBeCloseTo(2, 5);
    // A tile larger than the rung changes nothing.
    const big = plan({ rung: 2, tile: { width: 1920, height: 1080, visible: true } });
    expect(big.limit).toBe('ladder');
    expect(big.encodings[0]!.scaleResolutionDownBy).toBe(2);
  });

  it('turns every layer off while the receiver hides every tile, and on the audio-only rung', () => {
    const hidden = plan({ rung: 0, tile: { width: 0, height: 0, visible: false } });
    expect(hidden.encodings).toEqual([{ active: false }]);
    expect(hidden.limit).toBe('receiver-hidden');
    const audio = planEncodings({
      ladder: [...ladder, AUDIO_ONLY_RUNG],
      rung: ladder.length,
      mode: 'balanced',
      source: hd,
      original: [{ rid: 'q' }, { rid: 'h' }],
    });
    expect(audio.encodings).toEqual([
      { rid: 'q', active: false },
      { rid: 'h', active: false },
    ]);
    expect(audio.limit).toBe('audio-only');
  });

  it('switches simulcast layers taller than the rung off and gives the top active layer the rung bitrate', () => {
    const original = [
      { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
      { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
      { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_000_000 },
    ];
    const result = plan({ rung: 2, original }); // 360p30 from 720p: q (180) and h (360) stay on
    expect(result.encodings).toEqual([
      { rid: 'q', active: true, scaleResolutionDownBy: 4, maxFramerate: 30, maxBitrate: 150_000 },
      { rid: 'h', active: true, scaleResolutionDownBy: 2, maxFramerate: 30, maxBitrate: 800_000 },
      { rid: 'f', active: false, scaleResolutionDownBy: 1, maxBitrate: 2_000_000 },
    ]);
    // Below the smallest layer: only it stays on, scaled down further.
    const tiny = plan({ rung: 0, original, tile: { width: 160, height: 90, visible: true } });
    expect(tiny.encodings.map((e) => e.active)).toEqual([true, false, false]);
    expect(tiny.encodings[0]!.scaleResolutionDownBy).toBe(8);
  });

  it('assumes the top rung height for a source of unknown size', () => {
    expect(plan({ rung: 2, source: {} }).encodings[0]!.scaleResolutionDownBy).toBe(2);
  });
});
