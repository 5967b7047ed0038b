import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { codeOf, errorOf } from '../helpers/workspace.ts';

describe('preferences', () => {
  let dir: string;
  const fx = useDaemon();
  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-pref-')));
    mkdirSync(join(dir, 'projects/app'), { recursive: true });
    writeFileSync(join(dir, 'file.txt'), 'x');
    symlinkSync(join(dir, 'projects/app'), join(dir, 'app-link'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('inherits defaults → user → folder chain, nearest wins, and a folder unsets a variable', async () => {
    const p = fx.api.client.preferences;
    const top = await fx.api.client.folders.create.mutate({ name: 'top' });
    const sub = await fx.api.client.folders.create.mutate({ name: 'sub', parentId: top.id });
    await p.set.mutate({
      values: { cwd: dir, env: { EDITOR: 'vim', API_TOKEN: 'secret' }, theme: 'light' },
    });
    await p.set.mutate({
      folderId: top.id,
      values: { env: { API_TOKEN: null, NODE_ENV: 'development' }, fontSize: 18 },
    });
    await p.set.mutate({
      folderId: sub.id,
      values: { cwd: join(dir, 'projects/app'), env: { NODE_ENV: 'test' } },
    });

    const resolved = await p.resolve.query({ folderId: sub.id });
    expect(resolved.values).toMatchObject({
      cwd: join(dir, 'projects/app'),
      env: { EDITOR: 'vim', NODE_ENV: 'test' },
      theme: 'light',
      fontSize: 18,
      scrollbackLines: 10_000,
      historyLimit: 10_000,
      recording: false,
    });
    expect(resolved.values.env).not.toHaveProperty('API_TOKEN');
    expect(resolved.unsetEnv).toEqual(['API_TOKEN']);
    expect(resolved.sources).toMatchObject({
      cwd: `folder:${sub.id}`,
      env: `folder:${sub.id}`,
      theme: 'user',
      fontSize: `folder:${top.id}`,
      scrollbackLines: 'default',
    });
    expect(resolved.envSources).toEqual({
      EDITOR: 'user',
      API_TOKEN: `folder:${top.id}`,
      NODE_ENV: `folder:${sub.id}`,
    });

    // The user level alone still has the token; the folder level shows only its own settings.
    expect((await p.resolve.query({ folderId: null })).values.env).toEqual({
      EDITOR: 'vim',
      API_TOKEN: 'secret',
    });
    expect((await p.get.query({ folderId: top.id })).values).toMatchObject({
      env: { API_TOKEN: null, NODE_ENV: 'development' },
      fontSize: 18,
      cwd: null,
    });

    // null clears a level's value: it inherits again.
    await p.set.mutate({ folderId: top.id, values: { fontSize: null } });
    expect((await p.resolve.query({ folderId: sub.id })).sources.fontSize).toBe('default');
  });

  it('stores cwd as its real path and refuses what is not a directory', async () => {
    const p = fx.api.client.preferences;
    const level = await p.set.mutate({ values: { cwd: join(dir, 'app-link') } });
    expect(level.values.cwd).toBe(join(dir, 'projects/app'));
    expect(await errorOf(p.set.mutate({ values: { cwd: join(dir, 'missing') } }))).toEqual({
      code: 'BAD_REQUEST',
      message: `cwd "${join(dir, 'missing')}" does not exist`,
    });
    expect(await errorOf(p.set.mutate({ values: { cwd: join(dir, 'file.txt') } }))).toEqual({
      code: 'BAD_REQUEST',
      message: `cwd "${join(dir, 'file.txt')}" is not a directory`,
    });
    expect(await codeOf(p.set.mutate({ values: { shell: join(dir, 'file.txt') } }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(p.set.mutate({ values: { shell: '/bin/sh' } }))).toBe('OK');
  });

  it('refuses invalid values and unknown keys', async () => {
    const p = fx.api.client.preferences;
    const bad: unknown[] = [
      { values: { env: { '9LIVES': 'x' } } },
      { values: { env: { 'MY-VAR': 'x' } } },
      { values: { env: { OK: 'a\0b' } } },
      { values: { fontSize: 2 } },
      { values: { scrollbackLines: -1 } },
      { values: { historyLimit: 5 } },
      { values: { cwd: 'relative/path' } },
      { values: { colour: 'red' } },
      { values: {}, extra: true },
    ];
    for (const input of bad)
      expect([input, await codeOf(p.set.mutate(input as never))]).toEqual([input, 'BAD_REQUEST']);
    expect(await codeOf(p.get.query({ folderId: 'cl0000000000000000000000000' }))).toBe(
      'NOT_FOUND',
    );
  });
});
