// SenderParameters with a FakeRtpSender, which checks transaction ids as a browser does. The real
// race (ABR steps and key-frame restarts at once) is proven in test/browser/senderParameters.test.ts.
import { describe, expect, it } from 'vitest';
import { SenderParameters, senderParametersOf, SharedRegistry } from 'rtckit/core';
import { FakeMediaStreamTrack, FakeRtpSender } from 'rtckit/testing';

const asSender = (sender: FakeRtpSender) => sender as unknown as RTCRtpSender;
const video = () => new FakeMediaStreamTrack('video') as unknown as MediaStreamTrack;

describe('SenderParameters', () => {
  it('takes changes started at once one after another, so none carries a stale transaction id', async () => {
    const sender = new FakeRtpSender(video());
    const parameters = new SenderParameters(asSender(sender));
    await Promise.all([
      parameters.set([{ active: true, maxBitrate: 1 }]),
      parameters.restartFromKeyFrame(),
      parameters.set([{ active: true, maxBitrate: 2 }], 'maintain-framerate'),
    ]);
    expect(sender.parameterHistory.map(({ encodings }) => encodings[0])).toEqual([
      { active: true, maxBitrate: 1 },
      { active: false, maxBitrate: 1 },
      { active: true, maxBitrate: 1 },
      { active: true, maxBitrate: 2 },
    ]);
    expect(sender.current.degradationPreference).toBe('maintain-framerate');
  });

  it('keeps the encodings the sender had before the first change, even a key-frame restart', async () => {
    const sender = new FakeRtpSender(video(), [{ active: true, maxFramerate: 24 }]);
    const parameters = new SenderParameters(asSender(sender));
    const restart = parameters.restartFromKeyFrame();
    await parameters.set([{ active: true, maxBitrate: 300_000 }]);
    await restart;
    expect(parameters.original()).toEqual({
      encodings: [{ active: true, maxFramerate: 24 }],
      degradationPreference: undefined,
    });
  });

  it('goes on without degradationPreference when the engine refuses it', async () => {
    const sender = new FakeRtpSender(video());
    const parameters = new SenderParameters(asSender(sender));
    sender.failNext = new DOMException('unsupported', 'NotSupportedError');
    await parameters.set([{ active: true, maxBitrate: 5 }], 'maintain-resolution');
    await parameters.set([{ active: true, maxBitrate: 6 }], 'maintain-resolution');
    expect(sender.parameterHistory.map((p) => [p.encodings[0]!.maxBitrate, p.degradationPreference])).toEqual([
      [5, undefined],
      [6, undefined],
    ]);
  });

  it('rejects a plan with another number of encodings, and the queue goes on', async () => {
    const sender = new FakeRtpSender(video());
    const parameters = new SenderParameters(asSender(sender));
    await expect(parameters.set([{ active: true }, { active: false }])).rejects.toThrow(/1 encodings/);
    await parameters.set([{ active: true, maxBitrate: 7 }]);
    expect(sender.current.encodings).toEqual([{ active: true, maxBitrate: 7 }]);
  });

  it('switches every encoding off while the sender has no track, and plans set meanwhile take effect when it is back', async () => {
    const sender = new FakeRtpSender(video(), [{ active: true, maxFramerate: 24 }]);
    const parameters = new SenderParameters(asSender(sender));
    await parameters.setTrackless(true);
    await parameters.set([{ active: true, maxBitrate: 300_000 }]);
    await parameters.restartFromKeyFrame(); // nothing to restart: all off
    await parameters.setTrackless(true); // already trackless: no call
    expect(sender.parameterHistory.map(({ encodings }) => encodings[0])).toEqual([
      { active: false, maxFramerate: 24 },
      { active: false, maxBitrate: 300_000 },
    ]);
    await parameters.setTrackless(false);
    expect(sender.current.encodings).toEqual([{ active: true, maxBitrate: 300_000 }]);
    expect(parameters.original()?.encodings).toEqual([{ active: true, maxFramerate: 24 }]);
  });

  it('turns back on only the encodings that were on before the track went away', async () => {
    const sender = new FakeRtpSender(video(), [{ active: true }, { active: false }]);
    const parameters = new SenderParameters(asSender(sender));
    await parameters.setTrackless(true);
    expect(sender.current.encodings.map((e) => e.active)).toEqual([false, false]);
    await parameters.setTrackless(false);
    expect(sender.current.encodings.map((e) => e.active)).toEqual([true, false]);
  });

  it('is one per sender in a registry, and a registry of your own keeps them apart', () => {
    const sender = asSender(new FakeRtpSender(video()));
    const mine = new SharedRegistry<RTCRtpSender, SenderParameters>();
    expect(senderParametersOf(sender)).toBe(senderParametersOf(sender));
    expect(senderParametersOf(sender, mine)).toBe(senderParametersOf(sender, mine));
    expect(senderParametersOf(sender, mine)).not.toBe(senderParametersOf(sender));
  });
});
