import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellEscapePath } from './shell-path';

describe('shellEscapePath', () => {
  it.each([
    ['/root/.rdv/uploads/ab12/shot.png', '/root/.rdv/uploads/ab12/shot.png'],
    ['/u/Screen Shot 2026-01-02 at 10.00.00.png', '/u/Screen\\ Shot\\ 2026-01-02\\ at\\ 10.00.00.png'],
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
    "/u/it's \"quoted\" $HOME `x` \\ * ? [a] {b,c} ~ ! # & ; | < >.txt",
    '/u/résumé (final).pdf',
    '/u/new\nline',
    '~/literal',
  ])('bash reads %j back as one word, unchanged', (path) => {
    const words = execFileSync('bash', ['-c', `printf '%s\\0' ${shellEscapePath(path)}`]).toString().split('\0');
    expect(words).toEqual([path, '']);
  });
});
