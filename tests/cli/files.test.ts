import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('rdv session upload / download against a real daemon', () => {
  const fx = useDaemon({ git: 'root', env: { SHELL: '/bin/bash' } });
  let sessionId: string;
  let project: string;
  let out: string;
  beforeAll(async () => {
    project = join(fx.root, 'project');
    out = join(fx.root, 'out');
    mkdirSync(join(project, 'docs'), { recursive: true });
    mkdirSync(out);
    writeFileSync(join(project, 'docs', 'notes.md'), '# notes\n');
    writeFileSync(join(fx.root, 'secret.txt'), 'secret');
    symlinkSync(join(fx.root, 'secret.txt'), join(project, 'escape'));
    writeFileSync(join(out, 'local image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    sessionId = (await fx.api.client.sessions.create.mutate({ name: 'files', cwd: project })).id;
  });

  it('upload prints the stored path (and the file with --json); the bytes are there, 0600', async () => {
    const plain = await rdv(fx.home, ['session', 'upload', 'files', join(out, 'local image.png')]);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    const path = plain.stdout.trim();
    expect(path).toBe(join(fx.home, 'uploads', sessionId, 'local image.png'));
    expect(readFileSync(path)).toEqual(readFileSync(join(out, 'local image.png')));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const json = await rdvJson(fx.home, ['session', 'upload', sessionId, join(out, 'local image.png'), '--name', 'renamed.png']);
    expect(json).toEqual({ path: join(fx.home, 'uploads', sessionId, 'renamed.png'), name: 'renamed.png', size: 7 });
  });

  it('upload refuses a missing file (2), a bad name (2) and an unknown session (3), each in one line', async () => {
    expect(await rdv(fx.home, ['session', 'upload', 'files', join(out, 'nope')])).toMatchObject({ code: 2 });
    const badName = await rdv(fx.home, ['session', 'upload', 'files', join(out, 'local image.png'), '--name', '../x']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toBe('rdv: "../x" is a path, not a file name: send the name alone (without "/" or "\\")\n');
    expect(await rdv(fx.home, ['session', 'upload', 'no-such-session', join(out, 'local image.png')])).toMatchObject({ code: 3 });
  });

  it('download writes a file of the working directory, never replaces one without --force, and streams to stdout with -o -', async () => {
    const target = join(out, 'notes.md');
    const saved = await rdvJson(fx.home, ['session', 'download', 'files', 'docs/notes.md', '-o', out]);
    expect(saved).toEqual({ path: target, size: 8 });
    expect(readFileSync(target, 'utf8')).toBe('# notes\n');
    const again = await rdv(fx.home, ['session', 'download', 'files', 'docs/notes.md', '-o', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists; use --force');
    writeFileSync(target, 'changed');
    expect((await rdv(fx.home, ['session', 'download', 'files', 'docs/notes.md', '-o', target, '--force'])).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('# notes\n');
    const piped = await rdv(fx.home, ['session', 'download', 'files', 'docs/notes.md', '-o', '-']);
    expect(piped).toMatchObject({ code: 0, stdout: '# notes\n' });
  });

  it('download refuses a symlink out of the working directory (1) and a missing file (3), writing nothing', async () => {
    const escape = await rdv(fx.home, ['session', 'download', 'files', 'escape', '-o', join(out, 'escape')]);
    expect(escape.code).toBe(1);
    expect(escape.stderr).toMatch(/^rdv: escape leads outside the session's working directory/);
    expect(existsSync(join(out, 'escape'))).toBe(false);
    expect(await rdv(fx.home, ['session', 'download', 'files', 'missing.txt', '-o', out])).toMatchObject({ code: 3 });
  });
});
