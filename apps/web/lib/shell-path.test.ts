import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellEscapePath } from './shell-path';

describe('shellEscapePath', () => {
  it.each([
    ['/root/.rdv/uploads/ab12/shot.png', '/root/.rdv/uploads/ab12/shot.png'],
    [
      '/u/Screen Shot 2026-01-02 at 10.00.00.png',
      '/u/Screen\\ Shot\\ 2026-01-02\\ at\\ 10.00.00.png',
    ],
    ['/u/résumé (final).pdf', '/u/résumé\\ \\(final\\).pdf'],
    ["/u/it's.txt", "/u/it\\'s.txt"],
    ['/u/$(rm -rf ~)`x`;|&.sh', '/u/\\$\\(rm\\ -rf\\ \\~\\)\\`x\\`\\;\\|\\&.sh'],
    ['/u/日本語.txt', '/u/日本語.txt'],
    ['/u/a\tb', "'/u/a\tb'"],
  ])('%j → %j', (path, expected) => {
    expect(shellEscapePath(path)).toBe(expected);
  });

  it.each([
    '/u/Screen Shot 1.png',
    '/u/it\'s "quoted" $HOME `x` \\ * ? [a] {b,c} ~ ! # & ; | < >.txt',
    '/u/résumé (final).pdf',
    '/u/new\nline',
    '~/literal',
  ])('bash reads %j back as one word, unchanged', (path) => {
    // A bare bash: no start-up files and no inherited BASH_ENV (a test runner's environment can
    // carry one that runs a slow shell hook).
    const words = execFileSync(
      'bash',
      ['--noprofile', '--norc', '-c', `printf '%s\\0' ${shellEscapePath(path)}`],
      {
        env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', NODE_ENV: 'test' },
      },
    )
      .toString()
      .split('\0');
    expect(words).toEqual([path, '']);
  });
});
