import { describe, expect, it } from 'vitest';
import { JsonArrayStream } from './json-array-stream.ts';

function written(pages: unknown[][]): string {
  let out = '';
  const stream = new JsonArrayStream({ write: (chunk: string) => ((out += chunk), true) });
  for (const page of pages) stream.push(page);
  stream.end();
  return out;
}

describe('JsonArrayStream', () => {
  it('prints what JSON.stringify(all, null, 2) prints, whatever the pages', () => {
    const rows = [
      { id: 'a', nested: { list: [1, 2], text: 'line\nbreak' }, empty: {}, none: null },
      { id: 'b', nested: { list: [], text: '' }, empty: [], none: null },
      'plain',
      3,
      new Date(0),
      undefined,
    ];
    const expected = `${JSON.stringify(rows, null, 2)}\n`;
    expect(written([rows])).toBe(expected);
    expect(written([rows.slice(0, 1), [], rows.slice(1, 3), rows.slice(3)])).toBe(expected);
    expect(written(rows.map((row) => [row]))).toBe(expected);
    expect(written([])).toBe('[]\n');
    expect(written([[], []])).toBe(`${JSON.stringify([], null, 2)}\n`);
  });
});
