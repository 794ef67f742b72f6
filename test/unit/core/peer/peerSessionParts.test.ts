// The pure pieces PeerSession is built from: configuration comparison, politeness, hello handling.
import { describe, expect, it } from 'vitest';
import { helloResponse } from '@src/core/peer/hello';
import { helloId, isPolite } from '@src/core/peer/politeness';
import { sameRtcConfiguration } from '@src/core/peer/rtcConfiguration';
import { StaleMessageFilter } from '@src/core/peer/staleMessageFilter';

describe('sameRtcConfiguration', () => {
  const turn = { urls: ['turn:turn.example.org'], username: 'u', credential: 'c' };

  it('compares by content, so an equal literal from a new render is the same', () => {
    expect(sameRtcConfiguration({ iceServers: [{ ...turn }] }, { iceServers: [{ ...turn }] })).toBe(true);
    expect(sameRtcConfiguration(undefined, {})).toBe(true);
    expect(sameRtcConfiguration({ iceTransportPolicy: undefined }, {})).toBe(true);
    expect(
      sameRtcConfiguration(
        { bundlePolicy: 'max-bundle', iceCandidatePoolSize: 2 },
        {
          iceCandidatePoolSize: 2,
          bundlePolicy: 'max-bundle',
        },
      ),
    ).toBe(true);
  });

  it('tells any changed field apart, nested ones included', () => {
    expect(sameRtcConfiguration({ iceServers: [turn] }, { iceServers: [{ ...turn, credential: 'd' }] })).toBe(false);
    expect(sameRtcConfiguration({ iceServers: [turn] }, { iceServers: [turn, turn] })).toBe(false);
    expect(sameRtcConfiguration({ iceServers: [{ urls: 'stun:a' }] }, { iceServers: [{ urls: ['stun:a'] }] })).toBe(
      false,
    );
    expect(sameRtcConfiguration({ iceTransportPolicy: 'relay' }, {})).toBe(false);
  });

  it('compares objects that are not plain data (certificates) by identity', () => {
    const certificate = {} as RTCCertificate;
    const other = Object.create({ expires: 0 }) as RTCCertificate;
    expect(sameRtcConfiguration({ certificates: [certificate] }, { certificates: [certificate] })).toBe(true);
    expect(sameRtcConfiguration({ certificates: [other] }, { certificates: [Object.create({ expires: 0 })] })).toBe(
      false,
    );
  });

  it('gives an answer for configurations JSON cannot serialise (a cycle), without randomness', () => {
    const cyclic = (): RTCConfiguration => {
      const extra: Record<string, unknown> = {};
      extra.self = extra;
      return { extra } as RTCConfiguration;
    };
    const config = cyclic();
    expect(sameRtcConfiguration(config, config)).toBe(true);
    expect(sameRtcConfiguration(cyclic(), cyclic())).toBe(false); // counts as changed: applied again
  });
});

describe('politeness', () => {
  it('draws the hello id from the injected clock', () => {
    const clock = { now: () => 0, setTimeout: () => 0 as never, clearTimeout: () => {}, random: () => 0.5 };
    expect(helloId(clock)).toBe(helloId(clock));
    expect(helloId({ ...clock, random: () => 0.25 })).not.toBe(helloId(clock));
  });

  it('keeps a fixed choice, and with auto makes the larger id polite', () => {
    expect(isPolite(false, 'b', 'a')).toBe(false);
    expect(isPolite(true, 'a', 'b')).toBe(true);
    expect(isPolite('auto', 'b', 'a')).toBe(true);
    expect(isPolite(undefined, 'a', 'b')).toBe(false);
    expect(isPolite('auto', 'a', null)).toBe(true); // the other side is not known yet
    expect(isPolite('auto', 'a', 'a')).toBe(true);
  });
});

describe('helloResponse', () => {
  const pc = (state: Partial<RTCPeerConnection>) =>
    ({ signalingState: 'stable', remoteDescription: null, localDescription: null, ...state }) as RTCPeerConnection;
  const offer = { type: 'offer', sdp: 'v=0' } as RTCSessionDescription;
  const connection = (state: Partial<RTCPeerConnection> = {}, more = {}) => ({
    pc: pc(state),
    makingOffer: false,
    closedByRemote: false,
    ...more,
  });

  it('offers first on a reply, whatever the connection', () => {
    expect(helloResponse({ reply: true, restart: true }, null)).toBe('offer-first');
    expect(helloResponse({ reply: true, restart: false }, connection({ remoteDescription: offer }))).toBe(
      'offer-first',
    );
  });

  it('starts afresh without a connection, on a restart, with a remote side already, or after the other side left', () => {
    expect(helloResponse({ reply: false, restart: false }, null)).toBe('start-afresh');
    expect(helloResponse({ reply: false, restart: true }, connection())).toBe('start-afresh');
    expect(helloResponse({ reply: false, restart: false }, connection({ remoteDescription: offer }))).toBe(
      'start-afresh',
    );
    expect(helloResponse({ reply: false, restart: false }, connection({}, { closedByRemote: true }))).toBe(
      'start-afresh',
    );
  });

  it('re-sends an offer that went out before the other side listened, unless one is being made', () => {
    const pending = { signalingState: 'have-local-offer', localDescription: offer } as const;
    expect(helloResponse({ reply: false, restart: false }, connection(pending))).toBe('resend-offer');
    expect(helloResponse({ reply: false, restart: false }, connection(pending, { makingOffer: true }))).toBe(
      'offer-first',
    );
    expect(helloResponse({ reply: false, restart: false }, connection())).toBe('offer-first');
  });
});

describe('StaleMessageFilter', () => {
  const sdp = (session: string, ufrag: string) =>
    `v=0\r\no=- ${session} 2 IN IP4 127.0.0.1\r\na=ice-ufrag:${ufrag}\r\n`;
  const retired = (filter: StaleMessageFilter, session: string, ufrag: string) =>
    filter.retire({
      currentRemoteDescription: { type: 'offer', sdp: sdp(session, ufrag) },
      pendingRemoteDescription: null,
    } as RTCPeerConnection);
  const ours = { localDescription: { type: 'answer', sdp: sdp('77', 'mine') } } as RTCPeerConnection;

  it('drops what a replaced remote connection sent, and what was meant for another connection of ours', () => {
    const filter = new StaleMessageFilter();
    retired(filter, '11', 'old');
    expect(filter.isStaleDescription(ours, { type: 'offer', sdp: sdp('11', 'x') }, undefined)).toBe(true);
    expect(filter.isStaleDescription(ours, { type: 'offer', sdp: sdp('12', 'x') }, undefined)).toBe(false);
    expect(filter.isStaleDescription(ours, { type: 'offer', sdp: sdp('12', 'x') }, '76')).toBe(true);
    expect(filter.isStaleDescription(ours, { type: 'offer', sdp: sdp('12', 'x') }, '77')).toBe(false);
    expect(filter.isStaleCandidate({ candidate: 'c', usernameFragment: 'old' })).toBe(true);
    expect(filter.isStaleCandidate({ candidate: 'c', usernameFragment: 'new' })).toBe(false);
  });
});
