// The coturn harness the browser ICE tests use: it starts turnserver on 127.0.0.1, waits until it
// answers STUN, and stops it without leaving a process or its temporary directory behind.
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  startTurnServer,
  stopAllTurnServers,
  stopTurnServer,
  turnServerLog,
  turnServerPid,
  turnServerStatus,
} from '../turn/turnServer';

const status = turnServerStatus();
if (!status.available && status.required) throw new Error(status.message);
if (!status.available) console.warn(`Skipping the coturn harness test. ${status.message}`);

/** Sends one STUN binding request; resolves with whether an answer came within 1 s. */
function stunAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.from('000100002112a442' + 'ab'.repeat(12), 'hex');
    const timer = setTimeout(() => {
      socket.close();
      resolve(false);
    }, 1000);
    socket.on('message', () => {
      clearTimeout(timer);
      socket.close();
      resolve(true);
    });
    socket.send(request, port, '127.0.0.1');
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!status.available)('coturn harness', () => {
  afterAll(() => stopAllTurnServers());

  it.each(['static', 'secret'] as const)(
    'starts a %s-auth coturn on 127.0.0.1 and stops it completely',
    async (kind) => {
      const server = await startTurnServer({ kind });
      const pid = turnServerPid(server.id)!;
      expect(server.host).toBe('127.0.0.1');
      expect(server.port).not.toBe(3478);
      expect(await stunAnswers(server.port)).toBe(true);
      expect(turnServerLog(server.id)).toContain('127.0.0.1');
      if (kind === 'static') expect(server.password).toBeTruthy();
      else expect(server.secret).toBeTruthy();

      await stopTurnServer(server.id);
      expect(alive(pid)).toBe(false);
      expect(await stunAnswers(server.port)).toBe(false);
      expect(existsSync(`/proc/${pid}`)).toBe(false);
    },
  );
});
