import { describe, expect, it } from 'vitest';
import { highlightPieces, matchItems, nextIndex, quickItems, searchErrorText } from './palette';
import type { Folder, Session } from './types';

const session = (id: string, name: string) => ({ id, name }) as Session;
const folder = (id: string, name: string, parentId: string | null = null) =>
  ({ id, name, parentId }) as Folder;

describe('quickItems', () => {
  const sessions = [session('1', 'api server'), session('2', 'web'), session('3', 'rapid')];
  const folders = [folder('f1', 'work'), folder('f2', 'api', 'f1')];

  it('lists sessions then folders whose name holds the text, prefixes first, ignoring case', () => {
    const items = quickItems('API', sessions, folders);
    expect(items.map((i) => i.key)).toEqual(['s:1', 's:3', 'f:f2']);
    expect(items.at(-1)).toMatchObject({ kind: 'folder', path: 'work/api' });
  });

  it('matches a folder by its path', () => {
    expect(quickItems('work/a', sessions, folders).map((i) => i.key)).toEqual(['f:f2']);
  });

  it('lists everything for empty text', () => {
    expect(quickItems('', sessions, folders)).toHaveLength(5);
  });
});

describe('matchItems and highlightPieces', () => {
  it('keys each match by source, session and line', () => {
    const match = { sessionId: 's', source: 'scrollback', line: 3 } as Parameters<
      typeof matchItems
    >[0][number];
    expect(matchItems([match, { ...match, source: 'recording' }]).map((i) => i.key)).toEqual([
      'm:scrollback:s:3',
      'm:recording:s:3',
    ]);
  });

  it('cuts text into plain and highlighted pieces', () => {
    expect(
      highlightPieces('an error, more error', [
        [3, 8],
        [15, 20],
      ]),
    ).toEqual([
      { text: 'an ', hit: false },
      { text: 'error', hit: true },
      { text: ', more ', hit: false },
      { text: 'error', hit: true },
    ]);
    expect(highlightPieces('abc', [])).toEqual([{ text: 'abc', hit: false }]);
  });
});

describe('nextIndex', () => {
  it('moves with the arrows and wraps', () => {
    expect(nextIndex('ArrowDown', -1, 3)).toBe(0);
    expect(nextIndex('ArrowDown', 2, 3)).toBe(0);
    expect(nextIndex('ArrowUp', 0, 3)).toBe(2);
    expect(nextIndex('Enter', 0, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('searchErrorText', () => {
  it('gives the reason zod gave for the query, not the JSON of the issues', () => {
    const error = Object.assign(new Error('[{"code":"custom"}]'), {
      data: {
        zodError: {
          formErrors: [],
          fieldErrors: { query: ['invalid regular expression: /(/: Unterminated group'] },
        },
      },
    });
    expect(searchErrorText(error)).toBe('invalid regular expression: /(/: Unterminated group');
    expect(searchErrorText(new Error('session x not found'))).toBe('session x not found');
  });
});
