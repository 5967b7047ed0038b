import { describe, expect, it } from 'vitest';
import { menuFocusTarget, menuTypeaheadTarget } from './menu-navigation';

describe('menuFocusTarget', () => {
  it('moves down and up, wrapping at both ends', () => {
    expect(menuFocusTarget('ArrowDown', 0, 3)).toBe(1);
    expect(menuFocusTarget('ArrowDown', 2, 3)).toBe(0);
    expect(menuFocusTarget('ArrowUp', 1, 3)).toBe(0);
    expect(menuFocusTarget('ArrowUp', 0, 3)).toBe(2);
  });

  it('starts at the first item (down) or the last (up) when nothing has focus', () => {
    expect(menuFocusTarget('ArrowDown', -1, 3)).toBe(0);
    expect(menuFocusTarget('ArrowUp', -1, 3)).toBe(2);
  });

  it('goes to the ends with Home and End', () => {
    expect(menuFocusTarget('Home', 2, 4)).toBe(0);
    expect(menuFocusTarget('End', 0, 4)).toBe(3);
  });

  it('ignores other keys and empty menus', () => {
    expect(menuFocusTarget('Enter', 0, 3)).toBeNull();
    expect(menuFocusTarget('a', 0, 3)).toBeNull();
    expect(menuFocusTarget('ArrowDown', -1, 0)).toBeNull();
  });
});

describe('menuTypeaheadTarget', () => {
  const labels = ['Rename…', 'Move to…', 'Resume', 'Close…'];
  it('finds the next item starting with the letter, after the current one, wrapping', () => {
    expect(menuTypeaheadTarget('r', -1, labels)).toBe(0);
    expect(menuTypeaheadTarget('r', 0, labels)).toBe(2);
    expect(menuTypeaheadTarget('R', 2, labels)).toBe(0);
    expect(menuTypeaheadTarget('c', 0, labels)).toBe(3);
  });

  it('ignores keys that are not one printable character, and letters no item starts with', () => {
    expect(menuTypeaheadTarget('ArrowDown', 0, labels)).toBeNull();
    expect(menuTypeaheadTarget(' ', 0, labels)).toBeNull();
    expect(menuTypeaheadTarget('z', 0, labels)).toBeNull();
  });
});
