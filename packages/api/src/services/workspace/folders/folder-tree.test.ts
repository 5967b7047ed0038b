import { describe, expect, it } from 'vitest';
import {
  folderChain,
  folderDepth,
  isSelfOrDescendant,
  MAX_FOLDER_DEPTH,
  subtreeHeight,
  type FolderTree,
} from './folder-tree.ts';

// a ─ b ─ c
//   └ d
// e
const tree: FolderTree = new Map([
  ['a', null],
  ['b', 'a'],
  ['c', 'b'],
  ['d', 'a'],
  ['e', null],
]);

describe('folder tree', () => {
  it('lists the chain from the top down', () => {
    expect(folderChain(tree, 'c')).toEqual(['a', 'b', 'c']);
    expect(folderChain(tree, 'e')).toEqual(['e']);
  });

  it('measures depth and subtree height', () => {
    expect(folderDepth(tree, null)).toBe(0);
    expect(folderDepth(tree, 'c')).toBe(3);
    expect(subtreeHeight(tree, 'a')).toBe(3);
    expect(subtreeHeight(tree, 'b')).toBe(2);
    expect(subtreeHeight(tree, 'c')).toBe(1);
  });

  it('spots a move under itself or a descendant', () => {
    expect(isSelfOrDescendant(tree, 'a', 'a')).toBe(true);
    expect(isSelfOrDescendant(tree, 'a', 'c')).toBe(true);
    expect(isSelfOrDescendant(tree, 'b', 'd')).toBe(false);
    expect(isSelfOrDescendant(tree, 'c', 'a')).toBe(false);
  });

  it('refuses a stored cycle instead of looping', () => {
    const cyclic: FolderTree = new Map([
      ['x', 'y'],
      ['y', 'x'],
    ]);
    expect(() => folderChain(cyclic, 'x')).toThrow(/cycle/);
  });

  it('refuses a chain deeper than the cap', () => {
    const deep = new Map<string, string | null>([['f0', null]]);
    for (let i = 1; i <= MAX_FOLDER_DEPTH; i++) deep.set(`f${i}`, `f${i - 1}`);
    expect(folderChain(deep, `f${MAX_FOLDER_DEPTH - 1}`)).toHaveLength(MAX_FOLDER_DEPTH);
    expect(() => folderChain(deep, `f${MAX_FOLDER_DEPTH}`)).toThrow(/deeper than 32/);
  });
});
