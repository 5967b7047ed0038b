import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('rdv share: create, list, revoke', () => {
  const fx = useDaemon();

  it('creates a link shown once, lists it without the secret, revokes it', async () => {
    const session = await fx.api.client.sessions.create.mutate({
      name: 'shared-build',
      cwd: mkdtempSync(join(tmpdir(), 'rdv-share-cli-')),
    });
    const created = await rdv(fx.home, ['share', 'create', 'shared-build', '--label', 'for Sam', '--expires', '2h']);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('shown only now');
    const url = created.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4780\/share#rdvs_[A-Za-z0-9_-]{43}$/);
    const secret = url.split('#')[1]!;

    const listed = await rdv(fx.home, ['share', 'list']);
    expect(listed.stdout).toMatch(/for Sam\s+shared-build\s+expires in (1h|2h)/);
    expect(listed.stdout).not.toContain(secret);
    const json = await rdvJson<Array<{ id: string; label: string; sessionId: string }>>(fx.home, ['share', 'list', '--json']);
    expect(json).toEqual([expect.objectContaining({ label: 'for Sam', sessionId: session.id })]);
    expect(JSON.stringify(json)).not.toContain(secret);

    const revoked = await rdv(fx.home, ['share', 'revoke', json[0]!.id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`revoked share link for Sam (${json[0]!.id}) to shared-build\n`);
    expect((await rdv(fx.home, ['share', 'list'])).stdout).toBe('no share links\n');
    expect((await rdv(fx.home, ['share', 'list', '--all'])).stdout).toMatch(/for Sam\s+shared-build\s+revoked/);
  });

  it('says what is wrong with a bad lifetime, an unknown link or session', async () => {
    await fx.api.client.sessions.create.mutate({ name: 'other', cwd: mkdtempSync(join(tmpdir(), 'rdv-share-cli-')) });
    const notDuration = await rdv(fx.home, ['share', 'create', 'other', '--expires', 'soon']);
    expect(notDuration.code).not.toBe(0);
    expect(notDuration.stderr).toContain('--expires: "soon" is not a duration');
    const tooLong = await rdv(fx.home, ['share', 'create', 'other', '--expires', '8d']);
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr).toContain('at most 7 days');
    const tooShort = await rdv(fx.home, ['share', 'create', 'other', '--expires', '1m']);
    expect(tooShort.stderr).toContain('at least 5 minutes');
    const unknown = await rdv(fx.home, ['share', 'revoke', 'nosuchlink']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('share link nosuchlink not found');
    const noSession = await rdv(fx.home, ['share', 'create', 'no-such-session']);
    expect(noSession.code).not.toBe(0);
    expect((await rdvJson<unknown[]>(fx.home, ['share', 'list', '--json', '--all'])).length).toBe(1);
  });
});
