import { describe, expect, it } from 'vitest';
import {
  loadPendingComments,
  savePendingComments,
  sortedComments,
  type PendingComment,
} from './pending-comments';

/** localStorage's interface over a Map (unit tests run in Node). */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

const comment = (id: string, file: string, startLine: number): PendingComment => ({
  id,
  file,
  side: 'new',
  startLine,
  endLine: startLine,
  text: `about ${file}:${startLine}`,
});

describe('pending comments', () => {
  it('are kept per session and removed once empty', () => {
    const storage = memoryStorage();
    savePendingComments(storage, 's1', [comment('a', 'x.ts', 3)]);
    expect(loadPendingComments(storage, 's1')).toEqual([comment('a', 'x.ts', 3)]);
    expect(loadPendingComments(storage, 's2')).toEqual([]);
    savePendingComments(storage, 's1', []);
    expect(storage.length).toBe(0);
  });

  it('ignore what is not a comment in storage', () => {
    const storage = memoryStorage();
    storage.setItem(
      'rdv.review.comments.s1',
      '[{"id":1},"x",' + JSON.stringify(comment('b', 'y', 1)) + ']',
    );
    expect(loadPendingComments(storage, 's1').map((c) => c.id)).toEqual(['b']);
    storage.setItem('rdv.review.comments.s1', '{not json');
    expect(loadPendingComments(storage, 's1')).toEqual([]);
  });

  it('are sent by file, then line', () => {
    const sorted = sortedComments([
      comment('1', 'b.ts', 2),
      comment('2', 'a.ts', 9),
      comment('3', 'a.ts', 1),
    ]);
    expect(sorted.map((c) => c.id)).toEqual(['3', '2', '1']);
  });
});
