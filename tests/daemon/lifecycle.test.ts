import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { getHealth, readLog, tmux, writeConfig } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('daemon lifecycle', () => {
  const fx = useDaemon({ perTest: true });

  it('refuses a second daemon while the first runs, and leaves the first untouched', async () => {
    const { home, daemon: first } = fx;
    const second = fx.spawn();
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.stderr()).toContain(`rdv-server is already running (pid ${first.child.pid})`);
    expect(readFileSync(join(home, 'server/server.pid'), 'utf8').trim()).toBe(String(first.child.pid));
    expect((await getHealth(first.apiSocket)).body.status).toBe('healthy');
  });

  it('SIGTERM removes sockets and pid file, exits 0 and leaves tmux sessions running', async () => {
    const { home } = fx;
    tmux(home, 'new-session', '-d', '-s', 'rdv-keepme', 'sleep 600');
    const { code } = await fx.stop();
    expect(code).toBe(0);
    for (const file of ['api.sock', 'terminal.sock', 'server/server.pid']) {
      expect({ file, exists: existsSync(join(home, file)) }).toEqual({ file, exists: false });
    }
    expect(tmux(home, 'list-sessions', '-F', '#{session_name}')).toContain('rdv-keepme');
    expect(readLog(home).some((entry) => entry.msg === 'shutdown complete')).toBe(true);
  });

  it('closes websocket clients with "server shutting down" on SIGTERM', async () => {
    const ws = new WebSocket(`ws+unix://${fx.daemon.terminalSocket}:/`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await fx.stop();
    expect(await closed).toEqual({ code: 1001, reason: 'server shutting down' });
  });

  it('lets an in-flight request finish before exiting', async () => {
    const { home, daemon } = fx;
    // A request whose body is still arriving when SIGTERM lands is in flight for sure.
    const body = JSON.stringify({ name: 'created-during-shutdown' });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          socketPath: daemon.apiSocket,
          method: 'POST',
          path: '/tokens.create',
          headers: {
            authorization: `Bearer ${daemon.cliToken()}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => {
        daemon.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(5)), 300);
      }, 100);
    });
    const { status, text } = await response;
    expect(status).toBe(200);
    expect(text).toContain('created-during-shutdown');
    expect((await daemon.exited).code).toBe(0);
    expect(existsSync(join(home, 'api.sock'))).toBe(false);
  });

  it('recovers from kill -9: cleans stale files, logs the crash, reports orphaned tmux sessions', async () => {
    const { home, daemon: crashed } = fx;
    tmux(home, 'new-session', '-d', '-s', 'rdv-orphan1', 'sleep 600');
    await fx.crash();
    expect(existsSync(join(home, 'server/server.pid'))).toBe(true);
    expect(existsSync(join(home, 'api.sock'))).toBe(true);

    const restarted = await fx.start();
    expect((await getHealth(restarted.apiSocket)).body.status).toBe('healthy');
    expect(readFileSync(join(home, 'server/server.pid'), 'utf8').trim()).toBe(String(restarted.child.pid));
    const log = readLog(home);
    const crash = log.find((e) => e.msg === 'previous rdv-server did not shut down cleanly; recovering');
    expect(crash?.previousPid).toBe(crashed.child.pid);
    const orphans = log.find((e) => Array.isArray(e.orphans));
    expect(orphans?.orphans).toEqual(['rdv-orphan1']);
    // The cli token written by the first start stays valid.
    expect((await fx.api.client.me.get.query()).tokenKind).toBe('cli');
  });

  it('treats a pid file whose process is not an rdv-server as stale', async () => {
    await fx.stop();
    // pid 1 exists but is not ours.
    writeFileSync(join(fx.home, 'server/server.pid'), '1\n');
    const daemon = await fx.start();
    expect((await getHealth(daemon.apiSocket)).status).toBe(200);
  });

  it('regenerates the service token at every start', async () => {
    const token1 = fx.daemon.serviceToken();
    const second = await fx.restart();
    expect(second.serviceToken()).not.toBe(token1);
  });
});

describe('daemon lifecycle: a bad config.toml', () => {
  const fx = useDaemon({ perTest: true, start: false });

  it.each([
    ['[server\napi_socket = "x"', /config\.toml: line 1, column \d+: invalid TOML/],
    ['[monitoring]\ninterval_seconds = "often"\n', /monitoring\.interval_seconds: must be a number/],
    ['[server]\nlog_levle = "info"\n', /server\.log_levle: unknown key/],
  ])('exits with a clear error for a bad config.toml (%j)', async (toml, message) => {
    const { home } = fx;
    writeConfig(home, toml);
    const daemon = fx.spawn();
    const { code } = await daemon.exited;
    expect(code).toBe(2);
    expect(daemon.stderr()).toMatch(message);
    expect(daemon.stderr().split('\n').filter(Boolean)).toHaveLength(1);
    // It never started half-configured: no sockets, no pid file, no database.
    for (const file of ['api.sock', 'terminal.sock', 'server/server.pid', 'sqlite.db']) {
      expect({ file, exists: existsSync(join(home, file)) }).toEqual({ file, exists: false });
    }
  });
});
