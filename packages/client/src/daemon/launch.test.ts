import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonStartError, startDaemon } from './launch.ts';

/** A stand-in daemon: answers GET /health on the unix socket given as its argument. */
const FAKE_DAEMON = `
const { createServer } = require('node:http');
process.stderr.write('fake daemon up\\n');
createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ status: 'healthy', version: 'fake' }));
}).listen(process.argv[1]);
process.on('SIGTERM', () => process.exit(0));
`;

// Child processes start slowly on a loaded machine.
describe('startDaemon', { timeout: 30_000 }, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rdv-cl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves with the health once /health answers, and stop() ends the child', async () => {
    const apiSocket = join(dir, 'api.sock');
    const { daemon, health } = await startDaemon({
      command: { file: process.execPath, args: ['-e', FAKE_DAEMON, apiSocket] },
      env: process.env,
      apiSocket,
      timeoutMs: 30_000,
    });
    expect(health).toMatchObject({ status: 'healthy', version: 'fake' });
    expect(daemon.stderr()).toContain('fake daemon up');
    expect(await daemon.stop()).toEqual({ code: 0, signal: null });
  });

  it('says the daemon exited, with its stderr', async () => {
    const error = await startDaemon({
      command: {
        file: process.execPath,
        args: ['-e', 'console.error("no database"); process.exit(3)'],
      },
      env: process.env,
      apiSocket: join(dir, 'api.sock'),
      timeoutMs: 30_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaemonStartError);
    expect((error as DaemonStartError).failure).toEqual({ kind: 'exited', code: 3, signal: null });
    expect((error as DaemonStartError).message).toBe(
      'rdv-server exited with code 3 while starting: no database',
    );
  });

  it('says when the bundle is not built, and when a program cannot run', async () => {
    const missing = join(dir, 'main.js');
    await expect(
      startDaemon({ entry: missing, env: process.env, apiSocket: join(dir, 'api.sock') }),
    ).rejects.toMatchObject({ failure: { kind: 'not-built', entry: missing } });
    await expect(
      startDaemon({
        command: { file: join(dir, 'no-such-program'), args: [] },
        env: process.env,
        apiSocket: join(dir, 'api.sock'),
      }),
    ).rejects.toMatchObject({ failure: { kind: 'spawn' } });
  });

  it('gives up after the timeout and stops an attached child', async () => {
    const pidFile = join(dir, 'pid');
    const error = await startDaemon({
      command: {
        file: process.execPath,
        args: [
          '-e',
          `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`,
        ],
      },
      env: process.env,
      apiSocket: join(dir, 'api.sock'),
      timeoutMs: 3_000, // long enough for the child to write its pid on a loaded machine
    }).catch((e: unknown) => e);
    expect((error as DaemonStartError).failure).toEqual({ kind: 'timeout', timeoutMs: 3_000 });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await expect
      .poll(
        () => {
          try {
            process.kill(pid, 0);
            return 'alive';
          } catch {
            return 'gone';
          }
        },
        { timeout: 10_000 },
      )
      .toBe('gone');
  });
});
