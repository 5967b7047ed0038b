import { describe, expect, it } from 'vitest';
import { compareUrl, githubRepository } from './compare-url.ts';
import { parsePushPorcelain } from './ship-actions.ts';

describe('githubRepository', () => {
  it.each([
    'https://github.com/octo/app.git',
    'https://github.com/octo/app',
    'https://github.com/octo/app/',
    'https://token@github.com/octo/app.git',
    'git@github.com:octo/app.git',
    'git@github.com:octo/app',
    'ssh://git@github.com/octo/app.git',
    'ssh://git@github.com:22/octo/app.git',
    'git://github.com/octo/app.git',
  ])('reads %s as octo/app', (url) => {
    expect(githubRepository(url)).toEqual({ owner: 'octo', repo: 'app' });
  });

  it.each([
    'https://gitlab.com/octo/app.git',
    'git@gitlab.example.com:octo/app.git',
    '/srv/git/app.git',
    'file:///srv/git/app.git',
    'https://github.com.evil.example/octo/app',
    'https://github.com/octo',
  ])('gives null for %s', (url) => {
    expect(githubRepository(url)).toBeNull();
  });

  it('keeps dots in names (repo.js) and strips only a final .git', () => {
    expect(githubRepository('git@github.com:my.org/repo.js.git')).toEqual({ owner: 'my.org', repo: 'repo.js' });
  });
});

describe('compareUrl', () => {
  it('is base...branch with expand=1 for a GitHub remote, slashes kept', () => {
    expect(compareUrl('git@github.com:octo/app.git', 'main', 'feat/login')).toBe(
      'https://github.com/octo/app/compare/main...feat/login?expand=1',
    );
  });

  it('encodes unusual characters and compares with the default branch without a base', () => {
    expect(compareUrl('https://github.com/octo/app', null, 'fix#1')).toBe(
      'https://github.com/octo/app/compare/fix%231?expand=1',
    );
  });

  it('is null for another host or no remote', () => {
    expect(compareUrl('https://gitlab.com/octo/app.git', 'main', 'feat')).toBeNull();
    expect(compareUrl(null, 'main', 'feat')).toBeNull();
  });
});

describe('parsePushPorcelain', () => {
  it('reads the ref line of a new branch, an up-to-date one and a rejection', () => {
    expect(parsePushPorcelain('To /srv/app.git\n*\trefs/heads/feat:refs/heads/feat\t[new branch]\nDone\n')).toEqual({
      flag: '*',
      summary: '[new branch]',
    });
    expect(parsePushPorcelain('To x\n=\trefs/heads/a:refs/heads/a\t[up to date]\nDone\n')?.flag).toBe('=');
    expect(parsePushPorcelain('To x\n!\trefs/heads/a:refs/heads/a\t[rejected] (fetch first)\nDone\n')).toEqual({
      flag: '!',
      summary: '[rejected] (fetch first)',
    });
    expect(parsePushPorcelain('')).toBeNull();
  });
});
