// probeIce against a real coturn on 127.0.0.1 (started per file by the Vitest main process), in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { probeIce, type IceProbeResult } from 'rtckit';
import type { TurnServerInfo } from '../turn/turnServer';
import { coturnAvailable, staticTurn, stunUrl, turnUrl } from './helpers/turn';
import { inFirefox } from './helpers/browserLimits';

const available = await coturnAvailable();

/** RTCPeerConnection that remembers every instance, to check that none is left open. */
function countingConnection() {
  const made: RTCPeerConnection[] = [];
  class Counted extends RTCPeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      made.push(this);
    }
  }
  return { RTCPeerConnection: Counted, made };
}

describe.skipIf(!available || inFirefox)(
  'probeIce against coturn (not yet passing in Firefox: TURN on 127.0.0.1 and icecandidateerror codes, cause not found)',
  () => {
    let coturn: TurnServerInfo;
    let rest: TurnServerInfo;
    beforeAll(async () => {
      [coturn, rest] = await Promise.all([commands.startTurnServer('static'), commands.startTurnServer('secret')]);
    });
    afterAll(async () => {
      await Promise.all([coturn && commands.stopTurnServer(coturn.id), rest && commands.stopTurnServer(rest.id)]);
    });

    it('a valid TURN server yields relay candidates and two peers connect through it, with a measured RTT', async () => {
      const { RTCPeerConnection, made } = countingConnection();
      const [result] = await probeIce([staticTurn(coturn)], { timeoutMs: 8000, RTCPeerConnection });
      expect(result).toMatchObject({
        url: turnUrl(coturn),
        kind: 'turn',
        status: 'pass',
        failure: null,
        reachable: true,
        timedOut: false,
        candidateTypes: ['relay'],
        relayConnected: true,
        error: null,
      });
      expect(result!.firstCandidateMs).toBeGreaterThanOrEqual(0);
      expect(result!.serverResponseMs).toBeGreaterThanOrEqual(result!.firstCandidateMs!);
      expect(result!.rttMs).toBeGreaterThanOrEqual(0);
      expect(result!.rttMs).toBeLessThan(1000);
      // The gatherer and the callee, both closed when the check ended.
      expect(made).toHaveLength(2);
      expect(made.map((pc) => pc.signalingState)).toEqual(['closed', 'closed']);
    });

    it('reports a wrong password as an authentication failure, not as unreachable', async () => {
      const [result] = await probeIce([staticTurn(coturn, { credential: 'not-the-password' })], { timeoutMs: 8000 });
      expect(result).toMatchObject({ status: 'fail', failure: 'auth-failed', reachable: true, timedOut: false });
      expect(result!.candidateTypes).toEqual([]);
      expect(result!.candidateErrors.map((e) => e.errorCode)).toContain(401);
      expect(result!.error?.code).toBe('turn-auth-failed');
      expect(result!.durationMs).toBeLessThan(8000);
    });

    it('reports an unreachable UDP port as unreachable within the timeout', async () => {
      const port = await commands.freePort(); // nothing listens there
      const timeoutMs = 2500;
      const started = performance.now();
      const [result] = await probeIce(
        [{ urls: `turn:127.0.0.1:${port}?transport=udp`, username: 'alice', credential: 'secret' }],
        { timeoutMs },
      );
      const elapsed = performance.now() - started;
      expect(result).toMatchObject({ status: 'fail', failure: 'unreachable', reachable: false, timedOut: true });
      expect(result!.error?.code).toBe('ice-server-unreachable');
      expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(elapsed).toBeLessThan(timeoutMs + 1000);
    });

    it('reports a closed TCP port as unreachable as soon as the browser says so', async () => {
      const port = await commands.freePort();
      const [result] = await probeIce(
        [{ urls: `turn:127.0.0.1:${port}?transport=tcp`, username: 'alice', credential: 'secret' }],
        { timeoutMs: 8000 },
      );
      expect(result).toMatchObject({ status: 'fail', failure: 'unreachable', reachable: false, timedOut: false });
      expect(result!.candidateErrors.map((e) => e.errorCode)).toContain(701);
    });

    it('passes a STUN server that answers with a host address (no NAT), timed at the end of gathering', async () => {
      // coturn on 127.0.0.1 sees the page's own loopback address, so its reflexive candidate equals a
      // host one and Chromium drops it: the answer shows only as gathering completing without an
      // error. (A reflexive candidate is the pass in the jsdom tests, with a scripted server.)
      const [result] = await probeIce([{ urls: stunUrl(coturn) }], { timeoutMs: 8000 });
      expect(result).toMatchObject({
        kind: 'stun',
        status: 'pass',
        reachable: true,
        timedOut: false,
        candidateTypes: ['host'],
        candidateErrors: [],
        relayConnected: null,
        rttMs: null,
      });
      expect(result!.serverResponseMs).toBeGreaterThanOrEqual(result!.firstCandidateMs!);
      expect(result!.serverResponseMs).toBeLessThanOrEqual(result!.durationMs!);
    });

    it('reports an unreachable STUN server as unreachable within the timeout', async () => {
      const port = await commands.freePort();
      const [result] = await probeIce([{ urls: `stun:127.0.0.1:${port}` }], { timeoutMs: 2000 });
      expect(result).toMatchObject({ kind: 'stun', status: 'fail', failure: 'unreachable', timedOut: true });
    });

    it('checks every URL of every server at once and reports each', async () => {
      const port = await commands.freePort();
      const progress: (readonly IceProbeResult[])[] = [];
      const results = await probeIce(
        [
          { urls: [stunUrl(coturn), `stun:127.0.0.1:${port}`] },
          staticTurn(coturn, { urls: [turnUrl(coturn, 'udp'), turnUrl(coturn, 'tcp')] }),
          { urls: 'turn:127.0.0.1' }, // no credentials: invalid, never sent
        ],
        { timeoutMs: 2500, onProgress: (list) => progress.push(list) },
      );
      expect(results.map((r) => [r.serverIndex, r.url, r.status, r.failure])).toEqual([
        [0, stunUrl(coturn), 'pass', null],
        [0, `stun:127.0.0.1:${port}`, 'fail', 'unreachable'],
        [1, turnUrl(coturn, 'udp'), 'pass', null],
        [1, turnUrl(coturn, 'tcp'), 'pass', null],
        [2, 'turn:127.0.0.1', 'fail', 'invalid'],
      ]);
      expect(results[4]!.error).toMatchObject({ code: 'invalid-ice-server', rule: 'turn-credentials' });
      // Results came in as they were found, each list a new one, the last the one resolved.
      expect(progress.length).toBeGreaterThan(5);
      expect(progress.at(-1)).toBe(results);
      expect(progress[0]!.filter((r) => r.status === 'probing')).toHaveLength(4);
    });

    describe('TURN REST credentials minted by rtckit/server', () => {
      const restServer = (credentials: { username: string; credential: string }) => ({
        urls: turnUrl(rest),
        ...credentials,
      });

      it('are accepted by coturn (use-auth-secret)', async () => {
        const minted = await commands.mintTurnCredentials({ secret: rest.secret!, user: 'bob', ttlSeconds: 3600 });
        expect(minted.username).toMatch(/^\d+:bob$/);
        const [result] = await probeIce([restServer(minted)], { timeoutMs: 8000 });
        expect(result).toMatchObject({ status: 'pass', candidateTypes: ['relay'], relayConnected: true });
      });

      it('expired ones are refused by coturn', async () => {
        const minted = await commands.mintTurnCredentials({
          secret: rest.secret!,
          user: 'bob',
          ttlSeconds: 3600,
          issuedAt: Date.now() - 2 * 3600_000,
        });
        // Sent anyway (the client-side check off), to hear the server refuse them.
        const [result] = await probeIce([restServer(minted)], { timeoutMs: 8000, minCredentialValidityMs: null });
        expect(result).toMatchObject({ status: 'fail', failure: 'auth-failed', reachable: true });
        expect(result!.candidateErrors.map((e) => e.errorCode)).toContain(401);
      });

      it('ones signed with another secret are refused by coturn', async () => {
        const minted = await commands.mintTurnCredentials({ secret: 'another secret', ttlSeconds: 3600 });
        const [result] = await probeIce([restServer(minted)], { timeoutMs: 8000 });
        expect(result).toMatchObject({ status: 'fail', failure: 'auth-failed' });
      });

      it('ones about to expire are refused before anything is sent', async () => {
        const { RTCPeerConnection, made } = countingConnection();
        const soon = await commands.mintTurnCredentials({ secret: rest.secret!, ttlSeconds: 30 });
        const [result] = await probeIce([restServer(soon)], { timeoutMs: 8000, RTCPeerConnection });
        expect(result).toMatchObject({ status: 'fail', failure: 'credentials-expired', reachable: null });
        expect(result!.error).toMatchObject({ code: 'turn-credentials-expired', serverIndex: 0 });
        expect(made).toHaveLength(0);
      });
    });

    it('cancels: rejects with ice-probe-cancelled, marks unfinished results and closes every connection', async () => {
      const port = await commands.freePort();
      const { RTCPeerConnection, made } = countingConnection();
      const controller = new AbortController();
      let last: readonly IceProbeResult[] = [];
      const probing = probeIce(
        [{ urls: `turn:127.0.0.1:${port}`, username: 'a', credential: 'b' }, { urls: stunUrl(coturn) }],
        {
          timeoutMs: 30_000,
          signal: controller.signal,
          RTCPeerConnection,
          onProgress: (results) => (last = results),
        },
      );
      await expect.poll(() => last[1]?.status, { timeout: 5000 }).toBe('pass');
      const started = performance.now();
      controller.abort();
      await expect(probing).rejects.toMatchObject({ code: 'ice-probe-cancelled' });
      expect(performance.now() - started).toBeLessThan(1000); // not the 30 s timeout
      expect(last.map((r) => r.status)).toEqual(['cancelled', 'pass']);
      expect(made.length).toBeGreaterThanOrEqual(3);
      expect(made.every((pc) => pc.signalingState === 'closed')).toBe(true);
    });
  },
);
