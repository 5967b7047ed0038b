// Issue 12, finding 6: after `rm api.sock terminal.sock` the daemon lived on, unreachable, and
// `rdv server start` failed (its new daemon was refused: "already running"). The daemon binds
// removed sockets again within seconds, and `server start` waits for a live daemon.
import { rmSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { getHealth, readLog, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('socket files removed under a running daemon', () => {
  const fx = useDaemon();

  it('rdv server start finds the same daemon again instead of failing', async () => {
    rmSync(fx.daemon.apiSocket);
    rmSync(fx.daemon.terminalSocket);
    const result = await rdv(fx.home, ['server', 'start', '--json'], { timeoutMs: 60_000 });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ alreadyRunning: true, pid: fx.daemon.child.pid, status: 'healthy' });
    expect(fx.daemon.child.exitCode).toBeNull();
  });

  it('answers on both sockets again, each 0600', async () => {
    expect((await getHealth(fx.daemon.apiSocket)).status).toBe(200);
    // terminal.sock is checked on the same schedule; give it the same few seconds.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        statSync(fx.daemon.terminalSocket);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    for (const socket of [fx.daemon.apiSocket, fx.daemon.terminalSocket]) {
      expect(statSync(socket).isSocket()).toBe(true);
      expect(statSync(socket).mode & 0o777).toBe(0o600);
    }
    const ws = wsClient(fx.daemon, { kind: 'none' });
    try {
      expect((await ws.client.health.query()).status).toBe('healthy');
    } finally {
      await ws.close();
    }
    expect(readLog(fx.home).filter((entry) => entry.msg === 'socket file was removed; binding it again')).toHaveLength(2);
  });
});
