import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { apiClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { codeOf } from '../helpers/workspace.ts';

describe('rdv audit, rdv server rotate-token, rdv token expire', () => {
  let workdir: string;
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });
  beforeAll(async () => {
    workdir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-cli-sec-')));
  });
  afterAll(async () => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('rdv audit lists a sessions.create row (filtered and as a table), never the token', async () => {
    const id = (
      await rdv(fx.home, ['session', 'create', '--name', 'audited', '--cwd', workdir, '-q'])
    ).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    const all = await rdv(fx.home, ['audit', '--json']);
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as Array<{ action: string; target: string | null; outcome: string }>;
    expect(rows).toContainEqual(
      expect.objectContaining({ action: 'sessions.create', target: `session:${id}`, outcome: 'success' }),
    );
    expect(all.stdout).not.toContain(fx.daemon.cliToken());

    const filtered = await rdvJson<Array<{ action: string }>>(fx.home, [
      'audit',
      '--action',
      'sessions',
      '--outcome',
      'success',
      '--since',
      '1h',
    ]);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((row) => row.action.startsWith('sessions.'))).toBe(true);
    expect(await rdvJson(fx.home, ['audit', '--target', 'session:nope'])).toEqual([]);
    expect(await rdvJson<unknown[]>(fx.home, ['audit', '--limit', '1'])).toHaveLength(1);

    const table = await rdv(fx.home, ['audit', '--action', 'sessions.create']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^TIME\s+ACTION\s+TARGET\s+OUTCOME\s+TOKEN KIND\/ID\n/);
    expect(table.stdout).toMatch(new RegExp(`sessions\\.create\\s+session:${id}\\s+success\\s+cli/\\S+`));

    expect((await rdv(fx.home, ['audit', '--outcome', 'maybe'])).code).toBe(2);
    expect((await rdv(fx.home, ['audit', '--since', 'yesterday'])).code).toBe(2);
    await rdv(fx.home, ['session', 'close', id]);
  });

  it('rdv server rotate-token replaces the token file; the old token works during the grace period', async () => {
    const before = fx.daemon.serviceToken();

    const rotated = await rdv(fx.home, ['server', 'rotate-token']);
    expect(rotated.code).toBe(0);
    const after = fx.daemon.serviceToken();
    expect(after).not.toBe(before);
    expect(rotated.stdout).toMatch(
      /^rotated the service token: new token \S+\nthe previous token stays valid until \d{4}-\d{2}-\d{2}T\S+Z\n$/,
    );
    expect(rotated.stdout).not.toContain(after);
    expect(rotated.stdout).not.toContain(before);

    const json = await rdvJson(fx.home, ['server', 'rotate-token']);
    expect(json).toEqual({
      tokenId: expect.any(String),
      rotatedAt: expect.any(String),
      previousValidUntil: expect.any(String),
    });
    expect(new Date(json.previousValidUntil).getTime()).toBeGreaterThan(Date.now());
    expect(JSON.stringify(json)).not.toContain(fx.daemon.serviceToken());

    // The token before the last rotation is still accepted (default grace: 5 minutes).
    const old = apiClient(fx.daemon, { kind: 'service', token: after });
    expect(await codeOf(old.client.me.get.query())).toBe('OK');
    await old.close();
  });

  it('rdv token expire --in 0 makes the token refused (exit 5); --never and bad input', async () => {
    const created = await rdvJson(fx.home, ['token', 'create', 'short-lived']);
    expect((await rdv(fx.home, ['whoami'], { env: { RDV_TOKEN: created.token } })).code).toBe(0);

    const expired = await rdv(fx.home, ['token', 'expire', created.id, '--in', '0']);
    expect(expired.code).toBe(0);
    expect(expired.stdout).toBe(`token short-lived (${created.id}) expired now\n`);
    const refused = await rdv(fx.home, ['whoami'], { env: { RDV_TOKEN: created.token } });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/^rdv: the daemon refused the token/);

    const later = await rdvJson(fx.home, ['token', 'expire', 'short-lived', '--in', '30d']);
    expect(new Date(later.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const never = await rdvJson(fx.home, ['token', 'expire', created.id, '--never']);
    expect(never.expiresAt).toBeNull();
    expect(JSON.stringify(never)).not.toContain(created.token);

    expect((await rdv(fx.home, ['token', 'expire', created.id])).code).toBe(2);
    expect((await rdv(fx.home, ['token', 'expire', created.id, '--in', '1h', '--never'])).code).toBe(2);
    expect((await rdv(fx.home, ['token', 'expire', created.id, '--in', 'soon'])).code).toBe(2);
    expect((await rdv(fx.home, ['token', 'expire', 'no-such-token', '--in', '0'])).code).toBe(3);
  });
});
