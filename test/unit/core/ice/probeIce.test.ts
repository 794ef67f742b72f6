// probeIce's decisions with scripted servers and fake timers (the real thing against coturn is in
// test/browser/iceProbe.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IceServerError } from 'rtckit/core';
import { probeIce, RtcKitError, type IceProbeResult, type ProbeIceOptions } from 'rtckit/core';
import { FakeIceNetwork, type FakeIceServerScript } from 'rtckit/testing';

const TURN = { username: 'alice', credential: 'secret' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Runs a probe to its end on fake time; returns the results and the network. */
async function probe(
  servers: unknown,
  scripts: Record<string, FakeIceServerScript>,
  options: ProbeIceOptions = {},
): Promise<{ results: IceProbeResult[]; network: FakeIceNetwork }> {
  const network = new FakeIceNetwork(scripts);
  const running = probeIce(servers, { RTCPeerConnection: network.RTCPeerConnection, ...options });
  await vi.runAllTimersAsync();
  return { results: await running, network };
}

describe('probeIce', () => {
  it('passes a STUN server that yields a server-reflexive candidate, with its timings', async () => {
    const { results, network } = await probe([{ urls: 'stun:s.test' }], {
      'stun:s.test': {
        candidates: [
          { type: 'host', afterMs: 2 },
          { type: 'srflx', afterMs: 40 },
        ],
      },
    });
    expect(results).toEqual([
      expect.objectContaining({
        serverIndex: 0,
        url: 'stun:s.test',
        kind: 'stun',
        status: 'pass',
        failure: null,
        reachable: true,
        candidateTypes: ['host', 'srflx'],
        firstCandidateMs: 2,
        serverResponseMs: 40,
        relayConnected: null,
        rttMs: null,
        error: null,
        durationMs: 40,
      }),
    ]);
    expect(network.connections[0]!.configuration).toMatchObject({
      iceServers: [{ urls: 'stun:s.test' }],
      iceTransportPolicy: 'all',
    });
    expect(network.openConnections).toBe(0);
  });

  it('passes a STUN server whose gathering completes without error but with no srflx (no NAT), timed at completion', async () => {
    const { results } = await probe([{ urls: 'stun:s.test' }], {
      'stun:s.test': { candidates: [{ type: 'host', afterMs: 3 }], completeAfterMs: 130 },
    });
    expect(results[0]).toMatchObject({ status: 'pass', candidateTypes: ['host'], serverResponseMs: 130 });
  });

  it('fails a STUN server whose gathering completes with error 701 as unreachable (not timed out)', async () => {
    const { results } = await probe([{ urls: 'stun:s.test' }], {
      'stun:s.test': {
        candidates: [{ type: 'host', afterMs: 1 }],
        errors: [{ errorCode: 701, errorText: 'STUN binding request timed out.', afterMs: 50 }],
      },
    });
    expect(results[0]).toMatchObject({ status: 'fail', failure: 'unreachable', reachable: false, timedOut: false });
    expect(results[0]!.error?.message).toContain('701 STUN binding request timed out.');
  });

  it('passes a TURN server with relay candidates from a relay-only gathering, and measures the relay call', async () => {
    const { results, network } = await probe([{ urls: 'turn:t.test', ...TURN }], {
      'turn:t.test': { candidates: [{ type: 'relay', afterMs: 60 }], connectAfterMs: 30, rttMs: 7 },
    });
    expect(results[0]).toMatchObject({
      kind: 'turn',
      status: 'pass',
      reachable: true,
      candidateTypes: ['relay'],
      firstCandidateMs: 60,
      serverResponseMs: 60,
      relayConnected: true,
      rttMs: 7,
      durationMs: 90,
    });
    expect(network.connections).toHaveLength(2);
    for (const pc of network.connections) {
      expect(pc.configuration).toEqual({ iceServers: [{ urls: 'turn:t.test', ...TURN }], iceTransportPolicy: 'relay' });
    }
    expect(network.openConnections).toBe(0);
  });

  it('without the relay call, a TURN server passes on its relay candidate with one connection', async () => {
    const { results, network } = await probe(
      [{ urls: 'turn:t.test', ...TURN }],
      { 'turn:t.test': {} },
      { relayCall: false },
    );
    expect(results[0]).toMatchObject({ status: 'pass', relayConnected: null, rttMs: null, durationMs: 20 });
    expect(network.connections).toHaveLength(1);
  });

  it.each([401, 431, 441])('reports TURN error %i as an authentication failure at once', async (errorCode) => {
    const { results } = await probe(
      [{ urls: 'turn:t.test', ...TURN }],
      {
        'turn:t.test': {
          candidates: [],
          errors: [{ errorCode, errorText: 'Unauthorized', afterMs: 15 }],
          completeAfterMs: null,
        },
      },
      { timeoutMs: 5000 },
    );
    expect(results[0]).toMatchObject({
      status: 'fail',
      failure: 'auth-failed',
      reachable: true,
      timedOut: false,
      durationMs: 15,
      candidateErrors: [{ errorCode, errorText: 'Unauthorized', address: '0.0.0.x', port: 9 }],
    });
    expect(results[0]!.error).toBeInstanceOf(RtcKitError);
    expect(results[0]!.error!.code).toBe('turn-auth-failed');
  });

  it.each([403, 486, 508])('reports TURN error %i as refused', async (errorCode) => {
    const { results } = await probe([{ urls: 'turn:t.test', ...TURN }], {
      'turn:t.test': { candidates: [], errors: [{ errorCode, afterMs: 15 }] },
    });
    expect(results[0]).toMatchObject({ status: 'fail', failure: 'refused', reachable: true });
    expect(results[0]!.error!.code).toBe('turn-allocation-refused');
  });

  it('an auth failure on one network beats no answer on another', async () => {
    const { results } = await probe([{ urls: 'turn:t.test', ...TURN }], {
      'turn:t.test': {
        candidates: [],
        errors: [
          { errorCode: 701, afterMs: 10 },
          { errorCode: 401, afterMs: 20 },
        ],
      },
    });
    expect(results[0]).toMatchObject({ failure: 'auth-failed' });
  });

  it('a relay on one network passes although another network had no answer', async () => {
    const { results } = await probe([{ urls: 'turn:t.test', ...TURN }], {
      'turn:t.test': { candidates: [{ type: 'relay', afterMs: 30 }], errors: [{ errorCode: 701, afterMs: 10 }] },
    });
    expect(results[0]).toMatchObject({ status: 'pass', reachable: true });
  });

  it('a server that never answers is unreachable at the timeout, exactly', async () => {
    const network = new FakeIceNetwork({});
    let settled: IceProbeResult[] | null = null;
    void probeIce([{ urls: 'turn:silent.test', ...TURN }, { urls: 'stun:silent.test' }], {
      RTCPeerConnection: network.RTCPeerConnection,
      timeoutMs: 3000,
    }).then((results) => (settled = results));
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).not.toBeNull();
    for (const result of settled!) {
      expect(result).toMatchObject({ status: 'fail', failure: 'unreachable', reachable: false, timedOut: true });
      expect(result.durationMs).toBe(3000);
      expect(result.error!.code).toBe('ice-server-unreachable');
      expect(result.error!.message).toContain('no answer before the timeout');
    }
    expect(network.openConnections).toBe(0);
  });

  it('relay candidates but no connection through them is relay-failed', async () => {
    const { results } = await probe([{ urls: 'turn:t.test', ...TURN }], {
      'turn:t.test': { relayConnects: false },
    });
    expect(results[0]).toMatchObject({
      status: 'fail',
      failure: 'relay-failed',
      reachable: true,
      relayConnected: false,
    });
    expect(results[0]!.error!.code).toBe('turn-relay-failed');
  });

  it('relay candidates and a call that never connects is relay-failed at the timeout', async () => {
    const { results } = await probe(
      [{ urls: 'turn:t.test', ...TURN }],
      { 'turn:t.test': { connectAfterMs: 60_000 } },
      { timeoutMs: 2000 },
    );
    expect(results[0]).toMatchObject({ status: 'fail', failure: 'relay-failed', timedOut: true, durationMs: 2000 });
    expect(results[0]!.error!.message).toContain('had not connected through the relay by the timeout');
  });

  it('checks every URL of every server at once, in order', async () => {
    const { results, network } = await probe(
      [
        { urls: ['stun:a.test', 'stun:b.test'] },
        { urls: ['turn:t.test?transport=udp', 'turn:t.test?transport=tcp'], ...TURN },
      ],
      {
        'stun:a.test': {},
        'stun:b.test': { candidates: [], errors: [{ errorCode: 701, afterMs: 100 }] },
        'turn:t.test?transport=udp': {},
        'turn:t.test?transport=tcp': { candidates: [], errors: [{ errorCode: 401, afterMs: 5 }] },
      },
    );
    expect(results.map((r) => [r.serverIndex, r.url, r.status, r.failure])).toEqual([
      [0, 'stun:a.test', 'pass', null],
      [0, 'stun:b.test', 'fail', 'unreachable'],
      [1, 'turn:t.test?transport=udp', 'pass', null],
      [1, 'turn:t.test?transport=tcp', 'fail', 'auth-failed'],
    ]);
    // All at once: the whole check took as long as the slowest, not the sum.
    expect(Math.max(...results.map((r) => r.durationMs!))).toBe(105);
    expect(network.connections.map((pc) => pc.url)).toEqual([
      'stun:a.test',
      'stun:b.test',
      'turn:t.test?transport=udp',
      'turn:t.test?transport=udp',
      'turn:t.test?transport=tcp',
      'turn:t.test?transport=tcp',
    ]);
  });

  it('fails invalid entries without sending anything, and checks the valid ones', async () => {
    const { results, network } = await probe(
      [{ urls: 'stun:ok.test' }, { urls: 'turn:nocreds.test' }, 'not a server', { urls: ['stun:x.test#frag'] }],
      { 'stun:ok.test': {} },
    );
    expect(
      results.map((r) => [r.serverIndex, r.url, r.status, r.failure, (r.error as IceServerError | null)?.rule]),
    ).toEqual([
      [0, 'stun:ok.test', 'pass', null, undefined],
      [1, 'turn:nocreds.test', 'fail', 'invalid', 'turn-credentials'],
      [2, null, 'fail', 'invalid', 'server-not-object'],
      [3, 'stun:x.test#frag', 'fail', 'invalid', 'fragment'],
    ]);
    expect(network.connections.map((pc) => pc.url)).toEqual(['stun:ok.test']);
  });

  describe('TURN REST credentials', () => {
    const now = () => Date.UTC(2030, 0, 1);
    const expiringIn = (seconds: number) => `${Math.floor(now() / 1000) + seconds}:bob`;

    it('refuses credentials that expire within a minute, without contacting the server', async () => {
      const { results, network } = await probe(
        [{ urls: ['turn:t.test', 'stun:t.test'], username: expiringIn(59), credential: 'x' }],
        { 'turn:t.test': {}, 'stun:t.test': {} },
        { now },
      );
      expect(results.map((r) => [r.url, r.status, r.failure])).toEqual([
        ['turn:t.test', 'fail', 'credentials-expired'],
        ['stun:t.test', 'pass', null], // STUN needs no credentials
      ]);
      expect(results[0]!.error).toMatchObject({
        code: 'turn-credentials-expired',
        serverIndex: 0,
        remainingMs: 59_000,
      });
      expect(network.connections.map((pc) => pc.url)).toEqual(['stun:t.test']);
    });

    it('checks credentials with more time left, or with the check off', async () => {
      const scripts = { 'turn:t.test': {} };
      const fresh = await probe([{ urls: 'turn:t.test', username: expiringIn(61), credential: 'x' }], scripts, { now });
      expect(fresh.results[0]!.status).toBe('pass');
      const off = await probe([{ urls: 'turn:t.test', username: expiringIn(-10), credential: 'x' }], scripts, {
        now,
        minCredentialValidityMs: null,
      });
      expect(off.results[0]!.status).toBe('pass');
      const strict = await probe([{ urls: 'turn:t.test', username: expiringIn(600), credential: 'x' }], scripts, {
        now,
        minCredentialValidityMs: 3600_000,
      });
      expect(strict.results[0]!.failure).toBe('credentials-expired');
    });
  });

  it('publishes a new list on every change, never mutating an old one, and ends on the resolved list', async () => {
    const lists: (readonly IceProbeResult[])[] = [];
    const { results } = await probe(
      [{ urls: 'stun:s.test' }, { urls: 'turn:t.test', ...TURN }],
      { 'stun:s.test': {}, 'turn:t.test': {} },
      { onProgress: (list) => lists.push(list) },
    );
    expect(lists[0]!.map((r) => r.status)).toEqual(['probing', 'probing']);
    expect(lists.at(-1)).toBe(results);
    const frozen = lists.map((list) => JSON.stringify(list));
    expect(lists.map((list) => JSON.stringify(list))).toEqual(frozen);
    expect(new Set(lists).size).toBe(lists.length);
    // An unchanged entry keeps its identity from one list to the next.
    const firstStunDone = lists.findIndex((list) => list[0]!.status === 'pass');
    expect(lists[lists.length - 1]![0]).toBe(lists[firstStunDone]![0]);
  });

  describe('cancelling', () => {
    it('rejects with ice-probe-cancelled at once, marks unfinished results and closes everything', async () => {
      const network = new FakeIceNetwork({ 'stun:s.test': {} });
      const controller = new AbortController();
      let last: readonly IceProbeResult[] = [];
      const running = probeIce([{ urls: 'stun:s.test' }, { urls: 'turn:silent.test', ...TURN }], {
        RTCPeerConnection: network.RTCPeerConnection,
        signal: controller.signal,
        onProgress: (list) => (last = list),
      });
      const outcome = running.catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      controller.abort('user left');
      const error = await outcome;
      expect(error).toBeInstanceOf(RtcKitError);
      expect(error).toMatchObject({ code: 'ice-probe-cancelled', cause: 'user left' });
      expect(last.map((r) => r.status)).toEqual(['pass', 'cancelled']);
      expect(network.openConnections).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('rejects at once when the signal is already aborted, creating nothing', async () => {
      const network = new FakeIceNetwork({});
      const controller = new AbortController();
      controller.abort();
      await expect(
        probeIce([{ urls: 'stun:s.test' }], {
          RTCPeerConnection: network.RTCPeerConnection,
          signal: controller.signal,
        }),
      ).rejects.toMatchObject({ code: 'ice-probe-cancelled' });
      expect(network.connections).toHaveLength(0);
    });
  });

  it.each([
    [[], 'servers-empty'],
    [undefined, 'servers-missing'],
    [null, 'servers-not-list'],
    [{ urls: 'stun:s.test' }, 'servers-not-list'],
  ])('rejects %j with an IceServerError (%s)', async (servers, rule) => {
    await expect(probeIce(servers)).rejects.toMatchObject({ code: 'invalid-ice-server', rule });
  });

  it.each([0, -1, Number.NaN, Infinity])('rejects timeoutMs %s', async (timeoutMs) => {
    await expect(probeIce([{ urls: 'stun:s.test' }], { timeoutMs })).rejects.toMatchObject({ code: 'invalid-option' });
  });

  it('rejects with webrtc-unsupported where there is no RTCPeerConnection', async () => {
    vi.stubGlobal('RTCPeerConnection', undefined);
    await expect(probeIce([{ urls: 'stun:s.test' }])).rejects.toMatchObject({ code: 'webrtc-unsupported' });
    vi.unstubAllGlobals();
  });

  it('reports a configuration the browser refuses as invalid', async () => {
    class Refusing {
      constructor() {
        throw new DOMException('Unsupported scheme', 'NotSupportedError');
      }
    }
    const { results } = await probe(
      [{ urls: 'stuns:s.test' }],
      {},
      { RTCPeerConnection: Refusing as unknown as typeof RTCPeerConnection },
    );
    expect(results[0]).toMatchObject({ status: 'fail', failure: 'invalid' });
    expect(results[0]!.error).toMatchObject({ code: 'invalid-rtc-config' });
    expect(results[0]!.error!.message).toContain('Unsupported scheme');
  });
});
