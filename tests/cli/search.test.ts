// `rdv search` (the built CLI) against a real daemon: grep-like lines, --json, filters, --limit,
// errors, and the highlighting a person sees in a real terminal.
import { spawn as spawnPty } from 'node-pty';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { CLI_BIN, cliEnv, rdv } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('rdv search', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });
  const ids: Record<'alpha' | 'beta', string> = { alpha: '', beta: '' };

  beforeAll(async () => {
    await fx.api.client.preferences.set.mutate({
      folderId: null,
      values: { shell: '/bin/sh', env: { PS1: '$ ', ENV: '' } },
    });
    const folder = await fx.api.client.folders.create.mutate({ name: 'work' });
    ids.alpha = (
      await fx.api.client.sessions.create.mutate({ name: 'alpha', folderId: folder.id })
    ).id;
    ids.beta = (await fx.api.client.sessions.create.mutate({ name: 'beta' })).id;
    // Computed text: the typed command lines never match, only the output does.
    await fx.api.client.sessions.exec.mutate({
      id: ids.alpha,
      text: 'echo alpha found-$((6*7)) here',
    });
    await fx.api.client.sessions.exec.mutate({
      id: ids.beta,
      text: 'echo beta FOUND-$((6*7)); echo beta found-$((6*7)) again',
    });
    for (const [id, text] of [
      [ids.alpha, 'alpha found-42 here'],
      [ids.beta, 'beta found-42 again'],
    ] as const) {
      await waitUntil(
        async () =>
          (await fx.api.client.sessions.scrollback.query({ id, lines: 50 })).text
            .split('\n')
            .includes(text),
        text,
        20_000,
      );
    }
  });

  it('prints session-name:line: text for every match, plain when piped', async () => {
    const result = await rdv(fx.home, ['search', 'found-42']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    // Newest session first.
    expect(lines[0]).toMatch(/^beta:\d+: beta FOUND-42$/);
    expect(lines[1]).toMatch(/^beta:\d+: beta found-42 again$/);
    expect(lines[2]).toMatch(/^alpha:\d+: alpha found-42 here$/);
    expect(result.stdout).not.toContain('\x1b');
  });

  it('--json gives the matches for scripts; --case-sensitive, --regex, --session and --folder narrow them', async () => {
    const json = JSON.parse((await rdv(fx.home, ['search', 'found-42', '--json'])).stdout) as {
      matches: Array<{ sessionId: string; line: number; ranges: number[][] }>;
      nextCursor: null;
    };
    expect(json.matches.map((m) => m.sessionId)).toEqual([ids.beta, ids.beta, ids.alpha]);
    expect(json.nextCursor).toBeNull();
    expect(json.matches[0]).toMatchObject({ ranges: [[5, 13]], source: 'scrollback' });

    const sensitive = await rdv(fx.home, ['search', 'FOUND-42', '--case-sensitive']);
    expect(sensitive.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^beta:\d+: beta FOUND-42$/),
    ]);
    const regex = await rdv(fx.home, ['search', '^alpha found-\\d+', '--regex']);
    expect(regex.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^alpha:\d+: alpha found-42 here$/),
    ]);
    expect((await rdv(fx.home, ['search', 'found-42', '--session', 'alpha'])).stdout).not.toContain(
      'beta',
    );
    expect(
      (await rdv(fx.home, ['search', 'found-42', '--folder', 'work'])).stdout.trimEnd().split('\n'),
    ).toHaveLength(1);
  });

  it('--limit stops early and says so; no match is not an error', async () => {
    const limited = await rdv(fx.home, ['search', 'found-42', '--limit', '1']);
    expect(limited.code).toBe(0);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(limited.stderr).toMatch(/stopped at 1 matches/);
    const none = await rdv(fx.home, ['search', 'no-such-text-anywhere']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toContain('no matches');
  });

  it('refuses a bad regular expression, an unknown source and an unknown session with a clear message', async () => {
    const bad = await rdv(fx.home, ['search', '(unclosed', '--regex']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/invalid regular expression/);
    const source = await rdv(fx.home, ['search', 'x', '--source', 'elsewhere']);
    expect(source.code).toBe(2);
    expect(source.stderr).toMatch(/--source is one of scrollback, recording/);
    const missing = await rdv(fx.home, ['search', 'x', '--session', 'nosuchsession']);
    expect(missing.code).toBe(3);
  });

  it('explains itself in --help', async () => {
    const help = await rdv(fx.home, ['search', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--regex',
      '--case-sensitive',
      '--folder',
      '--session',
      '--limit',
      '--json',
    ])
      expect(help.stdout).toContain(flag);
  });

  it('highlights the match on a terminal', async () => {
    let output = '';
    const pty = spawnPty(process.execPath, [CLI_BIN, 'search', 'found-42', '--session', 'alpha'], {
      name: 'xterm-256color',
      cols: 100,
      rows: 20,
      env: cliEnv(fx.home, { TERM: 'xterm-256color' }),
    });
    pty.onData((data) => (output += data));
    const code = await new Promise<number>((resolve) => pty.onExit((e) => resolve(e.exitCode)));
    expect(code).toBe(0);
    expect(output).toContain('alpha \x1b[1;31mfound-42\x1b[0m here');
  });
});
