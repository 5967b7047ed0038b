import { describe, expect, it } from 'vitest';
import { collect, sessionPages } from './session-pages.ts';

/** A stand-in for `sessions.list` over rows already in the list's order. */
function fakeClient(total: number) {
  const rows = Array.from({ length: total }, (_, i) => ({
    id: `s${String(i).padStart(2, '0')}`,
    pinned: i < 2,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  }));
  const calls: Array<{ limit?: number; after?: { id: string } }> = [];
  const client = {
    sessions: {
      list: {
        query: (input: { limit?: number; after?: { id: string; pinned: boolean; createdAt: string } }) => {
          calls.push(input);
          const start = input.after ? rows.findIndex((r) => r.id === input.after!.id) + 1 : 0;
          return Promise.resolve(rows.slice(start, start + (input.limit ?? rows.length)));
        },
      },
    },
  };
  return { client: client as never, calls, rows };
}

describe('sessionPages', () => {
  it('yields every row once, in order, asking one row beyond each page and never an empty page', async () => {
    for (const total of [0, 1, 3, 6, 7]) {
      const { client, calls, rows } = fakeClient(total);
      const pages = [];
      for await (const page of sessionPages(client, { status: ['active'] }, 3)) pages.push(page.map((r) => r.id));
      expect(pages.flat()).toEqual(rows.map((r) => r.id));
      expect(pages.every((p, i) => p.length === 3 || i === pages.length - 1)).toBe(true);
      // ceil(total / 3) calls (one for none): the extra row says whether another page exists.
      expect(calls).toHaveLength(Math.max(1, Math.ceil(total / 3)));
      expect(calls.every((c) => c.limit === 4)).toBe(true);
      expect(calls.slice(1).map((c) => c.after?.id)).toEqual(pages.slice(0, -1).map((p) => p.at(-1)));
    }
  });

  it('collects the pages into one list', async () => {
    const { client, rows } = fakeClient(7);
    expect((await collect(sessionPages(client, {}, 3))).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });
});
