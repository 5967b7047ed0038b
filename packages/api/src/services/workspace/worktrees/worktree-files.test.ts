import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  copyWorktreeFiles,
  expandPattern,
  isEnvFileName,
  parseWorktreeInclude,
  segmentMatches,
} from './worktree-files.ts';

describe('.worktreeinclude parsing', () => {
  it('keeps relative patterns and reports what it refuses', () => {
    const { patterns, skipped } = parseWorktreeInclude(
      [
        '# comment',
        '',
        'node_modules/',
        './config/local.json',
        '**/*.key',
        '/etc/passwd',
        '../secret',
        'a/../../b',
        '.git/config',
        '!keep',
      ].join('\n'),
    );
    expect(patterns).toEqual([['node_modules'], ['config', 'local.json'], ['**', '*.key']]);
    expect(skipped.map((entry) => entry.entry)).toEqual([
      '/etc/passwd',
      '../secret',
      'a/../../b',
      '.git/config',
      '!keep',
    ]);
  });

  it('matches * and ? within one segment only', () => {
    expect(segmentMatches('*.env', 'prod.env')).toBe(true);
    expect(segmentMatches('file?.txt', 'file1.txt')).toBe(true);
    expect(segmentMatches('file?.txt', 'file10.txt')).toBe(false);
    expect(segmentMatches('a.b', 'axb')).toBe(false);
  });

  it('recognises .env-style names', () => {
    expect(['.env', '.env.local', '.env.test'].every(isEnvFileName)).toBe(true);
    expect(['.env.', 'env', '.envrc', 'x.env'].some(isEnvFileName)).toBe(false);
  });
});

describe('copying into a new worktree', () => {
  let dir: string;
  let repo: string;
  let worktree: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'rdv-files-')));
    repo = path.join(dir, 'repo');
    worktree = path.join(dir, 'wt');
    mkdirSync(path.join(repo, 'config'), { recursive: true });
    mkdirSync(path.join(repo, 'deps/pkg'), { recursive: true });
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(worktree);
    writeFileSync(path.join(repo, '.env'), 'A=1\n');
    writeFileSync(path.join(repo, '.env.local'), 'B=2\n');
    writeFileSync(path.join(repo, 'config/local.json'), '{}');
    writeFileSync(path.join(repo, 'config/tracked.json'), 'repo version');
    writeFileSync(path.join(repo, 'deps/pkg/index.js'), 'x');
    writeFileSync(path.join(repo, '.git/config'), 'secret');
    writeFileSync(path.join(dir, 'outside.txt'), 'outside');
    symlinkSync(path.join(dir, 'outside.txt'), path.join(repo, 'deps/pkg/leak.txt'));
    symlinkSync('index.js', path.join(repo, 'deps/pkg/alias.js'));
    symlinkSync(path.join(dir, 'outside.txt'), path.join(repo, 'top-link.txt'));
    mkdirSync(path.join(worktree, 'config'));
    writeFileSync(path.join(worktree, 'config/tracked.json'), 'checked out');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('expands patterns without following symlinks or entering .git', async () => {
    expect(await expandPattern(repo, ['**', '*.js'])).toEqual([
      'deps/pkg/alias.js',
      'deps/pkg/index.js',
    ]);
    expect(await expandPattern(repo, ['**', 'config'])).toEqual(['config']);
  });

  it('copies .env files and the listed entries, never outside content nor over checked-out files', async () => {
    writeFileSync(
      path.join(repo, '.worktreeinclude'),
      'config/*.json\ndeps\ntop-link.txt\nmissing/*\n',
    );
    const report = await copyWorktreeFiles(repo, worktree);
    expect(report.copied.sort()).toEqual(['.env', '.env.local', 'config/local.json', 'deps/']);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { entry: 'config/tracked.json', reason: 'already in the worktree' },
        { entry: 'top-link.txt', reason: 'is a symbolic link' },
        { entry: 'missing/*', reason: 'matches nothing' },
      ]),
    );
    expect(readFileSync(path.join(worktree, '.env'), 'utf8')).toBe('A=1\n');
    expect(readFileSync(path.join(worktree, 'config/tracked.json'), 'utf8')).toBe('checked out');
    expect(readFileSync(path.join(worktree, 'deps/pkg/index.js'), 'utf8')).toBe('x');
    expect(lstatSync(path.join(worktree, 'deps/pkg/alias.js')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(worktree, 'deps/pkg/leak.txt'))).toBe(false);
  });

  it('does not write through a symlink in the worktree', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    rmSync(path.join(worktree, 'config'), { recursive: true });
    symlinkSync(elsewhere, path.join(worktree, 'config'));
    writeFileSync(path.join(repo, '.worktreeinclude'), 'config/local.json\n');
    const report = await copyWorktreeFiles(repo, worktree);
    expect(report.skipped).toContainEqual({
      entry: 'config/local.json',
      reason: 'its destination leaves the worktree',
    });
    expect(existsSync(path.join(elsewhere, 'local.json'))).toBe(false);
  });
});
