import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPathShape,
  confineExisting,
  confineNew,
  isWithin,
  PathRefusedError,
} from './path-confinement.ts';

describe('isWithin', () => {
  it.each([
    ['/a/b', '/a', true],
    ['/a', '/a', true],
    ['/ab', '/a', false],
    ['/a/../b', '/a', false],
    ['/', '/a', false],
  ])('%s within %s → %s', (child, parent, expected) => {
    expect(isWithin(path.resolve(child), parent)).toBe(expected);
  });
});

describe('checkPathShape', () => {
  it.each(['relative/x', '/a/../b', '/a/..', '/a\0b'])('refuses %j', (input) => {
    expect(() => checkPathShape(input)).toThrow(PathRefusedError);
  });
  it('accepts an absolute path with dots in names', () => {
    expect(() => checkPathShape('/a/..b/c../.x')).not.toThrow();
  });
});

describe('confinement on a real file system', () => {
  let dir: string;
  let root: string;
  let outside: string;
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'rdv-confine-')));
    root = path.join(dir, 'root');
    outside = path.join(dir, 'outside');
    mkdirSync(path.join(root, 'repo'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, path.join(root, 'escape'));
    symlinkSync(path.join(root, 'repo'), path.join(root, 'inner-link'));
    symlinkSync(path.join(dir, 'nowhere'), path.join(root, 'dangling'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const reason = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'ok';
    } catch (error) {
      return error instanceof PathRefusedError ? error.reason : String(error);
    }
  };

  it('resolves existing paths and symlinks that stay inside', async () => {
    expect(await confineExisting(path.join(root, 'repo'), [root])).toBe(path.join(root, 'repo'));
    expect(await confineExisting(path.join(root, 'inner-link'), [root])).toBe(
      path.join(root, 'repo'),
    );
  });

  it('refuses symlink escapes, outside paths and missing paths', async () => {
    expect(await reason(confineExisting(path.join(root, 'escape'), [root]))).toBe('outside_roots');
    expect(await reason(confineExisting(outside, [root]))).toBe('outside_roots');
    expect(await reason(confineExisting(path.join(root, 'nope'), [root]))).toBe('missing');
    expect(await reason(confineExisting(`${root}/repo/../../outside`, [root]))).toBe(
      'dot_segments',
    );
  });

  it('confines paths that do not exist yet through their nearest existing ancestor', async () => {
    expect(await confineNew(path.join(root, 'a/b/c'), [root])).toBe(path.join(root, 'a/b/c'));
    expect(await confineNew(path.join(root, 'inner-link/new'), [root])).toBe(
      path.join(root, 'repo/new'),
    );
    expect(await reason(confineNew(path.join(root, 'escape/new/deeper'), [root]))).toBe(
      'outside_roots',
    );
    expect(await reason(confineNew(path.join(root, 'dangling/new'), [root]))).toBe(
      'dangling_symlink',
    );
  });

  it('allows nothing under a root that does not exist', async () => {
    expect(
      await reason(confineExisting(path.join(root, 'repo'), [path.join(dir, 'missing-root')])),
    ).toBe('outside_roots');
  });
});
