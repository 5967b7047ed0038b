import { describe, expect, it } from 'vitest';
import { parseRawNumstat, patchHeader, PatchSplitter, quoteGitPath } from './diff-parse.ts';

const z = (...tokens: string[]) => tokens.join('\0') + '\0';
const raw = (status: string, mode = '100644') => `:${mode} ${mode} 1111111 2222222 ${status}`;

describe('parseRawNumstat', () => {
  it('reads modified, added, deleted, renamed, type-changed and binary entries with their counts', () => {
    const output = z(
      raw('M'),
      'src/app.ts',
      raw('A'),
      'new file.txt',
      raw('D'),
      'gone.txt',
      raw('R075'),
      'old/name.ts',
      'new/name.ts',
      raw('T'),
      'link',
      raw('M'),
      'logo.png',
      '3\t1\tsrc/app.ts',
      '2\t0\tnew file.txt',
      '0\t5\tgone.txt',
      '1\t0\t',
      'old/name.ts',
      'new/name.ts',
      '1\t1\tlink',
      '-\t-\tlogo.png',
    );
    expect(parseRawNumstat(output)).toEqual([
      { path: 'src/app.ts', oldPath: null, status: 'modified', additions: 3, deletions: 1, binary: false },
      { path: 'new file.txt', oldPath: null, status: 'added', additions: 2, deletions: 0, binary: false },
      { path: 'gone.txt', oldPath: null, status: 'deleted', additions: 0, deletions: 5, binary: false },
      { path: 'new/name.ts', oldPath: 'old/name.ts', status: 'renamed', additions: 1, deletions: 0, binary: false },
      { path: 'link', oldPath: null, status: 'type-changed', additions: 1, deletions: 1, binary: false },
      { path: 'logo.png', oldPath: null, status: 'modified', additions: null, deletions: null, binary: true },
    ]);
  });

  it('keeps paths verbatim: tabs, newlines, quotes and a leading colon', () => {
    const odd = 'we\tird\n"name"';
    const output = z(raw('A'), odd, raw('C100'), 'a', ':b', `1\t0\t${odd}`, '0\t0\t', 'a', ':b');
    expect(parseRawNumstat(output)).toEqual([
      { path: odd, oldPath: null, status: 'added', additions: 1, deletions: 0, binary: false },
      { path: ':b', oldPath: 'a', status: 'copied', additions: 0, deletions: 0, binary: false },
    ]);
  });

  it('reads an unmerged entry as modified and skips letters it does not know', () => {
    const output = z(raw('U'), 'conflict.txt', raw('X'), 'weird', '4\t0\tconflict.txt');
    expect(parseRawNumstat(output)).toEqual([
      { path: 'conflict.txt', oldPath: null, status: 'modified', additions: 4, deletions: 0, binary: false },
    ]);
  });

  it('gives nothing for no output', () => {
    expect(parseRawNumstat('')).toEqual([]);
  });
});

const section = (path: string, body: string) =>
  `diff --git a/${path} b/${path}\nindex 1..2 100644\n--- a/${path}\n+++ b/${path}\n${body}`;

describe('PatchSplitter', () => {
  const limits = { maxFileBytes: 1_000, maxTotalBytes: 10_000, maxSections: 100 };

  it('splits a patch into one section per file, whatever the chunk boundaries', () => {
    const one = section('a.txt', '@@ -1 +1 @@\n-x\n+y\n');
    const two = section('b.txt', '@@ -1 +1 @@\n-diff --git is content here\n+ok\n');
    const whole = one + two;
    for (const size of [1, 7, 64, whole.length]) {
      const splitter = new PatchSplitter(limits);
      for (let i = 0; i < whole.length; i += size) expect(splitter.push(whole.slice(i, i + size))).toBe(true);
      expect(splitter.finish()).toEqual([
        { header: 'diff --git a/a.txt b/a.txt', text: one, tooLarge: false },
        { header: 'diff --git a/b.txt b/b.txt', text: two, tooLarge: false },
      ]);
    }
  });

  it('leaves out a file over the per-file cap and keeps the next one', () => {
    const big = section('big.txt', `@@ -0,0 +1,200 @@\n${'+0123456789\n'.repeat(200)}`);
    const small = section('small.txt', '@@ -1 +1 @@\n-a\n+b\n');
    const splitter = new PatchSplitter(limits);
    expect(splitter.push(big + small)).toBe(true);
    expect(splitter.finish()).toEqual([
      { header: 'diff --git a/big.txt b/big.txt', text: null, tooLarge: true },
      { header: 'diff --git a/small.txt b/small.txt', text: small, tooLarge: false },
    ]);
  });

  it('stops once the total cap is used up: that file is too large and later ones have no section', () => {
    const body = `@@ -0,0 +1,50 @@\n${'+0123456789\n'.repeat(50)}`; // ~700 bytes a file
    const files = ['a', 'b', 'c', 'd'].map((name) => section(name, body));
    const splitter = new PatchSplitter({ ...limits, maxTotalBytes: 1_500 });
    expect(splitter.push(files.join(''))).toBe(false);
    expect(splitter.stopped).toBe(true);
    const sections = splitter.finish();
    expect(sections.map((s) => [s.header, s.tooLarge])).toEqual([
      ['diff --git a/a b/a', false],
      ['diff --git a/b b/b', false],
      ['diff --git a/c b/c', true],
    ]);
    expect(sections[2]?.text).toBeNull();
  });

  it('stops after maxSections files (the file cap)', () => {
    const splitter = new PatchSplitter({ ...limits, maxSections: 1 });
    expect(splitter.push(section('a', '+1\n') + section('b', '+2\n'))).toBe(false);
    expect(splitter.finish().map((s) => s.header)).toEqual(['diff --git a/a b/a']);
  });

  it('counts bytes, not characters', () => {
    const wide = section('u.txt', `+${'é'.repeat(400)}\n`); // 800 bytes of é, 400 characters
    const splitter = new PatchSplitter({ ...limits, maxFileBytes: 600 });
    splitter.push(wide);
    expect(splitter.finish()[0]?.tooLarge).toBe(true);
  });

  it('keeps a last line without a newline', () => {
    const splitter = new PatchSplitter(limits);
    splitter.push('diff --git a/x b/x\n+last');
    expect(splitter.finish()).toEqual([{ header: 'diff --git a/x b/x', text: 'diff --git a/x b/x\n+last', tooLarge: false }]);
  });
});

describe('quoteGitPath and patchHeader', () => {
  it('quote like git with core.quotePath=true', () => {
    expect(quoteGitPath('a/sp ace.txt')).toBe('a/sp ace.txt');
    expect(quoteGitPath('a/qu"ote')).toBe('"a/qu\\"ote"');
    expect(quoteGitPath('a/tab\tname')).toBe('"a/tab\\tname"');
    expect(quoteGitPath('a/back\\slash')).toBe('"a/back\\\\slash"');
    expect(quoteGitPath('a/ünï.txt')).toBe('"a/\\303\\274n\\303\\257.txt"');
    expect(quoteGitPath('a/del\x7f')).toBe('"a/del\\177"');
  });

  it('name both sides of a rename', () => {
    expect(patchHeader({ path: 'new.ts', oldPath: 'old.ts' })).toBe('diff --git a/old.ts b/new.ts');
    expect(patchHeader({ path: 'x y', oldPath: null })).toBe('diff --git a/x y b/x y');
  });
});
