// Issue 5's in-call proof: choosing another microphone in DeviceSelector during a live call swaps
// the sent track in place — the receiver keeps receiving and nothing is renegotiated.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, expect, it } from 'vitest';
import { createMemorySignalingPair, DeviceSelector, useLocalMedia, usePeerConnection, type Signaling } from 'rtckit';
import { loopbackOnly } from 'rtckit/testing';
import { isOffer, recording } from './helpers/peers';
import { describeSkipInFirefox } from './helpers/browserLimits';

const timeout = { timeout: 10_000 };

function Caller({ signaling, onPc }: { signaling: Signaling; onPc: (pc: RTCPeerConnection | null) => void }) {
  const media = useLocalMedia({ video: false });
  const peer = usePeerConnection({ signaling, localStream: media.stream, polite: false });
  useEffect(() => {
    onPc(peer.pc);
  }, [peer.pc, onPc]);
  return (
    <section aria-label="Caller">
      <DeviceSelector kind="audioinput" />
      <output aria-label="caller state">{peer.connectionState}</output>
    </section>
  );
}

function Callee({ signaling, onPc }: { signaling: Signaling; onPc: (pc: RTCPeerConnection | null) => void }) {
  const peer = usePeerConnection({ signaling, polite: true });
  useEffect(() => {
    onPc(peer.pc);
  }, [peer.pc, onPc]);
  return <output aria-label="callee state">{peer.connectionState}</output>;
}

async function audioPacketsReceived(pc: RTCPeerConnection): Promise<number> {
  let packets = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived;
  });
  return packets;
}

/** Resolves once the receiver's audio packet count grew past what it was when called. */
async function keepsReceiving(pc: RTCPeerConnection): Promise<void> {
  const before = await audioPacketsReceived(pc);
  await waitFor(async () => expect(await audioPacketsReceived(pc)).toBeGreaterThan(before + 20), timeout);
}

afterEach(() => localStorage.clear());

describeSkipInFirefox(
  'switching the microphone during a call (Chromium-only: needs Chromium’s three fake microphones)',
  () => {
    it('replaces the sent track without renegotiating, and the receiver keeps receiving', async () => {
      const [callerEnd, calleeEnd] = createMemorySignalingPair();
      const caller = recording(loopbackOnly(callerEnd));
      const callee = recording(loopbackOnly(calleeEnd));
      let callerPc: RTCPeerConnection | null = null;
      let calleePc: RTCPeerConnection | null = null;
      render(
        <>
          <Caller signaling={caller} onPc={(pc) => (callerPc = pc)} />
          <Callee signaling={callee} onPc={(pc) => (calleePc = pc)} />
        </>,
      );
      await waitFor(
        () => expect(screen.getByRole('status', { name: 'callee state' }).textContent).toBe('connected'),
        timeout,
      );
      await keepsReceiving(calleePc!);

      const picker = screen.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
      await waitFor(() => expect(picker.options.length).toBe(3), timeout);
      const sender = callerPc!.getSenders().find((s) => s.track?.kind === 'audio')!;
      const firstTrack = sender.track!;
      let negotiationNeeded = 0;
      callerPc!.addEventListener('negotiationneeded', () => negotiationNeeded++);
      const offers = () => [...caller.sent, ...callee.sent].filter(isOffer).length;
      const offersBefore = offers();

      fireEvent.change(picker, { target: { value: picker.options[2]!.value } });
      await waitFor(() => expect(sender.track?.label).toBe('Fake Audio Input 2'), timeout);

      expect(firstTrack.readyState).toBe('ended');
      expect(callerPc!.getSenders().filter((s) => s.track?.kind === 'audio')).toEqual([sender]);
      await keepsReceiving(calleePc!);
      expect(negotiationNeeded).toBe(0);
      expect(offers()).toBe(offersBefore);
      expect(screen.getByRole('status', { name: 'caller state' }).textContent).toBe('connected');
    });
  },
);
