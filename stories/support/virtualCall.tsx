// A virtual call for stories: a FakePeerConnection whose network is the toolbar's "Network"
// control, and a synthetic remote picture, so every component can be explored in every network
// state without a camera or a second peer.
import type { Decorator } from '@storybook/react-vite';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { FakePeerConnection, type NetworkCondition } from 'rtckit/testing';
import { useSyntheticVideo } from './syntheticVideo';

/** The toolbar control's values. */
export const NETWORK_CONDITION_NAMES: readonly NetworkCondition[] = ['clean', 'lossy', 'capped', 'black-hole'];

/** What a story inside a virtual call gets from {@link useVirtualCall}. */
export interface VirtualCall {
  /** Pass this wherever rtckit takes a connection (`useConnectionQuality(pc)`, `QualityBadge pc`, …). */
  readonly pc: RTCPeerConnection;
  readonly fake: FakePeerConnection;
  /** A moving test picture standing in for the remote camera. */
  readonly remoteStream: MediaStream | null;
  readonly network: NetworkCondition;
}

const VirtualCallContext = createContext<VirtualCall | null>(null);

function VirtualCallProvider({ network, children }: { network: NetworkCondition; children: ReactNode }) {
  const [fake] = useState(() => new FakePeerConnection({ network }));
  const remoteStream = useSyntheticVideo('Remote');
  useEffect(() => fake.setNetwork(network), [fake, network]);
  useEffect(() => () => fake.close(), [fake]);
  return (
    <VirtualCallContext.Provider value={{ pc: fake.asRTCPeerConnection(), fake, remoteStream, network }}>
      {children}
    </VirtualCallContext.Provider>
  );
}

/** Puts a story inside a virtual call; its network follows the toolbar's Network control (`globals.network`). */
export const withVirtualCall: Decorator = (Story, context) => (
  <VirtualCallProvider network={(context.globals.network as NetworkCondition | undefined) ?? 'clean'}>
    <Story />
  </VirtualCallProvider>
);

/** The virtual call around this story (add the {@link withVirtualCall} decorator). */
export function useVirtualCall(): VirtualCall {
  const call = useContext(VirtualCallContext);
  if (!call) throw new Error('useVirtualCall needs the withVirtualCall decorator on the story or its meta.');
  return call;
}
