// Issue 12, finding 6: after `rm api.sock terminal.sock` the daemon lived on, unreachable, and
// `rdv server start` failed (its new daemon was refused: "already running"). The daemon binds
// removed sockets again within seconds, and `server start` waits for a live daemon.
import { rmSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { cleanupHome, getHealth, readLog, startDaemon, wsClient, type DaemonProcess } from '../helpers/daemon.ts';

describe('socket files removed under a running daemon', () => {
  let daemon: DaemonProcess;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon.stop();
    cleanupHome(daemon.home);
  });

  it('rdv server start finds the same daemon again instead of failing', async () => {
    rmSync(daemon.apiSocket);
    rmSync(daemon.terminalSocket);
    const result = await rdv(daemon.home, ['server', 'start', '--json'], { timeoutMs: 60_000 });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ alreadyRunning: true, pid: daemon.child.pid, status: 'healthy' });
    expect(daemon.child.exitCode).toBeNull();
  });

  it('answers on both sockets again, each 0600', async () => {
    expect((await getHealth(daemon.apiSocket)).status).toBe(200);
    // terminal.sock is checked on the same schedule; give it the same few seconds.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        statSync(daemon.terminalSocket);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    for (const socket of [daemon.apiSocket, daemon.terminalSocket]) {
      expect(statSync(socket).isSocket()).toBe(true);
      expect(statSync(socket).mode & 0o777).toBe(0o600);
    }
    const ws = wsClient(daemon, { kind: 'none' });
    try {
      expect((await ws.client.health.query()).status).toBe('healthy');
    } finally {
      await ws.close();
    }
    expect(readLog(daemon.home).filter((entry) => entry.msg === 'socket file was removed; binding it again')).toHaveLength(2);
  });
});
