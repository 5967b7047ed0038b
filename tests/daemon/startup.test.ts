import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliClient, getHealth, readLog, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('a started daemon', () => {
  const fx = useDaemon();

  it('keeps its home private: folder 0700, secrets and sockets 0600', () => {
    const home = fx.home;
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'server'))).toBe(0o700);
    for (const file of ['config.toml', 'cli-token', 'server/service-token', 'server/server.pid', 'server/server.log']) {
      expect({ file, mode: mode(join(home, file)) }).toEqual({ file, mode: 0o600 });
    }
    for (const socket of ['api.sock', 'terminal.sock']) {
      expect(statSync(join(home, socket)).isSocket()).toBe(true);
      expect({ socket, mode: mode(join(home, socket)) }).toEqual({ socket, mode: 0o600 });
    }
  });

  it('writes its pid, a 32-byte service token and an rdv_ cli token', () => {
    expect(readFileSync(join(fx.home, 'server/server.pid'), 'utf8').trim()).toBe(String(fx.daemon.child.pid));
    expect(Buffer.from(fx.daemon.serviceToken(), 'base64url')).toHaveLength(32);
    expect(fx.daemon.cliToken()).toMatch(/^rdv_[A-Za-z0-9_-]{43}$/);
  });

  it('creates the SQLite database in WAL mode', () => {
    expect(statSync(join(fx.home, 'sqlite.db')).isFile()).toBe(true);
    expect(statSync(join(fx.home, 'sqlite.db-wal')).isFile()).toBe(true);
  });

  it('answers GET /health with the design fields, without a token', async () => {
    const { status, body } = await getHealth(fx.daemon.apiSocket);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'healthy',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptime_seconds: expect.any(Number),
      components: { database: true, tmux: true },
      orphaned_tmux_sessions: [],
      metrics: { active_sessions: 0, websocket_connections: 0, pending_requests: 0 },
      // The fleet (`rdv host add`): none on a new home.
      hosts: [],
    });
  });

  it('answers the health query over both sockets, counting websocket connections', async () => {
    const api = cliClient(fx.daemon);
    const ws = wsClient(fx.daemon, { kind: 'none' });
    try {
      const overWs = await ws.client.health.query();
      expect(overWs.status).toBe('healthy');
      const overHttp = await api.client.health.query();
      expect(overHttp.metrics.websocket_connections).toBe(1);
      // The health call itself is in flight while it is answered.
      expect(overHttp.metrics.pending_requests).toBe(1);
    } finally {
      await ws.close();
      await api.close();
    }
  });

  it('knows the local user through the cli token', async () => {
    const api = cliClient(fx.daemon);
    try {
      const me = await api.client.me.get.query();
      expect(me.user.username).toBe((await import('node:os')).userInfo().username);
      expect(me.tokenKind).toBe('cli');
    } finally {
      await api.close();
    }
  });

  it('logs structured JSON lines and never a token', () => {
    const entries = readLog(fx.home);
    expect(entries.some((entry) => entry.msg === 'rdv-server ready')).toBe(true);
    for (const entry of entries) expect(entry).toHaveProperty('level');
    const text = readFileSync(join(fx.home, 'server/server.log'), 'utf8');
    expect(text).not.toContain(fx.daemon.serviceToken());
    expect(text).not.toContain(fx.daemon.cliToken());
    expect(text).not.toContain(fx.daemon.cliToken().slice(4));
  });
});
