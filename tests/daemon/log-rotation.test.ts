// Issue 12, finding 13: server.log grew without bound. It is rotated by size
// ([server] log_max_size_mb), keeping log_keep older files: server.log.1 (newest) … .N.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

const MAX_BYTES = Math.round(0.1 * 1024 * 1024);
/** A rotation starts after the line that crossed the limit; lines in flight may still land. */
const SLACK_BYTES = 32 * 1024;
const KEEP = 2;

describe('server.log rotation', () => {
  const fx = useDaemon({
    config: `[server]\nlog_max_size_mb = 0.1\nlog_keep = ${KEEP}\n[limits]\nauth_free_failures = 1000000\n`,
  });

  it(`keeps server.log under its cap and at most ${KEEP} rotated files`, async () => {
    // Every refused call is one log line; keep refusing until the oldest kept file exists, then
    // as much again, so rotation has dropped at least one file.
    const logDir = join(fx.home, 'server');
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const refuse = () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          { socketPath: fx.daemon.apiSocket, path: '/me.get', agent, headers: { authorization: `Bearer rdv_${'x'.repeat(43)}` } },
          (res) => res.resume().on('end', resolve),
        );
        req.on('error', reject);
        req.end();
      });
    let extra = 0;
    for (let sent = 0; extra < 1_000; sent++) {
      if (sent > 50_000) throw new Error('the log never rotated');
      await Promise.all([refuse(), refuse(), refuse(), refuse()]);
      if (existsSync(join(logDir, `server.log.${KEEP}`))) extra += 4;
    }
    agent.destroy();
    // Give the asynchronous writer a moment to finish the last lines.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(existsSync(join(logDir, `server.log.${KEEP + 1}`))).toBe(false);
    for (const file of ['server.log', 'server.log.1', `server.log.${KEEP}`]) {
      const path = join(logDir, file);
      expect({ file, tooBig: statSync(path).size > MAX_BYTES + SLACK_BYTES }).toEqual({ file, tooBig: false });
      expect({ file, mode: statSync(path).mode & 0o777 }).toEqual({ file, mode: 0o600 });
      // Whole JSON lines: nothing was cut at a rotation.
      for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
    }
    // Newest last: .1 ends where server.log begins.
    const lastOfPrevious = readFileSync(join(logDir, 'server.log.1'), 'utf8').trim().split('\n').at(-1)!;
    const firstOfCurrent = readFileSync(join(logDir, 'server.log'), 'utf8').split('\n')[0]!;
    expect(Date.parse(JSON.parse(lastOfPrevious).time)).toBeLessThanOrEqual(Date.parse(JSON.parse(firstOfCurrent).time));
  });

  it('rdv server logs reads the current file after a rotation', async () => {
    const result = await rdv(fx.home, ['server', 'logs', '-n', '3', '--raw']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toHaveProperty('msg');
  });
});
