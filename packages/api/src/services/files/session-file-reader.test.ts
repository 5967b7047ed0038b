import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError, ForbiddenError, NotFoundError, PayloadTooLargeError } from '../../errors.ts';
import { checkRelativePath, openSessionFile } from './session-file-reader.ts';

describe('checkRelativePath', () => {
  it.each(['', '/etc/passwd', '../x', 'a/../../x', 'a/..', 'a\0b', 'a\\..\\b'])('refuses %j', (input) => {
    expect(() => checkRelativePath(input)).toThrow(BadInputError);
  });
  it.each(['a.txt', 'src/index.ts', './a.txt', 'dir/.hidden', '..dots', 'a b/c d.txt'])('accepts %j', (input) => {
    expect(() => checkRelativePath(input)).not.toThrow();
  });
});

describe('openSessionFile', () => {
  let dir: string;
  let roots: string[];
  let cwd: string;
  const open = (relative: string, maxBytes = 1024) => openSessionFile(cwd, relative, { allowedRoots: roots, maxBytes });

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'rdv-download-')));
    const root = path.join(dir, 'root');
    cwd = path.join(root, 'project');
    mkdirSync(path.join(cwd, 'src'), { recursive: true });
    mkdirSync(path.join(dir, 'outside'));
    roots = [root];
    writeFileSync(path.join(cwd, 'src', 'a.txt'), 'hello');
    writeFileSync(path.join(cwd, 'big.bin'), Buffer.alloc(2048));
    writeFileSync(path.join(dir, 'outside', 'secret'), 'secret');
    writeFileSync(path.join(root, 'sibling.txt'), 'sibling');
    symlinkSync(path.join(dir, 'outside', 'secret'), path.join(cwd, 'link-out'));
    symlinkSync(path.join(dir, 'outside'), path.join(cwd, 'dir-out'));
    symlinkSync(path.join(cwd, 'src', 'a.txt'), path.join(cwd, 'link-in'));
    symlinkSync(path.join(root, 'sibling.txt'), path.join(cwd, 'link-sibling'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a file inside the working directory, named by its last segment', async () => {
    const file = await open('src/a.txt');
    try {
      expect(file.size).toBe(5);
      expect(file.name).toBe('a.txt');
      expect((await file.handle.readFile()).toString()).toBe('hello');
    } finally {
      await file.handle.close();
    }
  });

  it('follows a symlink that stays inside, under the link’s own name', async () => {
    const file = await open('link-in');
    await file.handle.close();
    expect(file.name).toBe('link-in');
  });

  it.each(['link-out', 'dir-out/secret', 'link-sibling'])('refuses %j: it leads outside the working directory', async (relative) => {
    await expect(open(relative)).rejects.toThrow(ForbiddenError);
  });

  it('refuses a folder, a missing file and a file over the limit, each with its reason', async () => {
    await expect(open('src')).rejects.toThrow(/is a folder/);
    await expect(open('nope.txt')).rejects.toThrow(NotFoundError);
    await expect(open('big.bin')).rejects.toThrow(PayloadTooLargeError);
    await expect(open('big.bin')).rejects.toThrow('big.bin is 2 KB; the download limit is 1 KB ([files] download_max_mb)');
  });

  it('refuses every path when the working directory is outside the allowed roots', async () => {
    await expect(openSessionFile(path.join(dir, 'outside'), 'secret', { allowedRoots: roots, maxBytes: 1024 })).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('says so when the working directory is gone', async () => {
    await expect(openSessionFile(path.join(cwd, 'gone'), 'a.txt', { allowedRoots: roots, maxBytes: 1024 })).rejects.toThrow(
      /no longer exists/,
    );
  });
});
