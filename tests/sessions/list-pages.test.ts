// `sessions.list` in pages (limit + after): the pages, walked to the end, are the whole list in
// the same order, with pinned sessions first; bad page arguments change nothing. Real daemon.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { errorOf } from '../helpers/trpc-errors.ts';

describe('sessions.list in pages', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });

  it('walks every session once, in the full list order, pinned first', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rdv-pages-'));
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await fx.api.client.sessions.create.mutate({ name: `p${i}`, cwd }));
    // Pinned ones sort first: one made early and one made late.
    await fx.api.client.sessions.update.mutate({ id: made[5]!.id, pinned: true });
    await fx.api.client.sessions.update.mutate({ id: made[1]!.id, pinned: true });

    const whole = await fx.api.client.sessions.list.query({ status: 'active' });
    expect(whole.map((s) => s.name)).toEqual(['p1', 'p5', 'p0', 'p2', 'p3', 'p4', 'p6']);

    const paged: string[] = [];
    const sizes: number[] = [];
    let after: { pinned: boolean; createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await fx.api.client.sessions.list.query({ status: 'active', limit: 3, after });
      sizes.push(page.length);
      paged.push(...page.map((s) => s.name));
      if (page.length < 3) break;
      const last = page.at(-1)!;
      after = { pinned: last.pinned, createdAt: new Date(last.createdAt).toISOString(), id: last.id };
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(paged).toEqual(whole.map((s) => s.name));
  });

  it('refuses a page size out of range and a malformed position', async () => {
    for (const input of [
      { limit: 0 },
      { limit: 1001 },
      { limit: 2.5 },
      { after: { pinned: false, createdAt: 'yesterday', id: 'abc' } },
      { after: { pinned: false, createdAt: new Date().toISOString(), id: '' } },
    ]) {
      expect(await errorOf(fx.api.client.sessions.list.query(input as never))).toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
});
