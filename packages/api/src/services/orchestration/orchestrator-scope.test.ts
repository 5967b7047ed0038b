import { describe, expect, it } from 'vitest';
import { folderSubtree, scopeMatcher } from './orchestrator-scope.ts';

const tree = new Map<string, string | null>([
  ['root', null],
  ['a', 'root'],
  ['a1', 'a'],
  ['b', 'root'],
  ['other', null],
]);

describe('orchestrator scope', () => {
  it('a folder covers itself and every folder below it', () => {
    expect([...folderSubtree(tree, 'a')].sort()).toEqual(['a', 'a1']);
    expect([...folderSubtree(tree, 'root')].sort()).toEqual(['a', 'a1', 'b', 'root']);
  });

  it('matches sessions of the owner only, in scope only', () => {
    const folder = scopeMatcher({ userId: 'u1', folderId: 'a' }, tree);
    expect(folder({ userId: 'u1', folderId: 'a1' })).toBe(true);
    expect(folder({ userId: 'u1', folderId: 'b' })).toBe(false);
    expect(folder({ userId: 'u1', folderId: null })).toBe(false);
    expect(folder({ userId: 'u2', folderId: 'a' })).toBe(false);
    const all = scopeMatcher({ userId: 'u1', folderId: null }, tree);
    expect(all({ userId: 'u1', folderId: null })).toBe(true);
    expect(all({ userId: 'u1', folderId: 'other' })).toBe(true);
    expect(all({ userId: 'u2', folderId: null })).toBe(false);
  });
});
