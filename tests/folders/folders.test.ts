import { beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { addSession, codeOf, errorOf } from '../helpers/workspace.ts';

describe('folders', () => {
  let userId: string;
  const fx = useDaemon();
  beforeAll(async () => {
    userId = (await fx.api.client.me.get.query()).user.id;
  });

  it('creates a tree, lists it, renames, collapses, reorders and moves', async () => {
    const f = fx.api.client.folders;
    const work = await f.create.mutate({ name: 'work' });
    const client = await f.create.mutate({ name: 'client', parentId: work.id });
    const app = await f.create.mutate({ name: 'app', parentId: client.id });
    const second = await f.create.mutate({ name: 'second', parentId: work.id });
    expect(second.sortOrder).toBe(client.sortOrder + 1);

    expect((await f.children.query({ id: null })).map((x) => x.name)).toContain('work');
    expect((await f.children.query({ id: work.id })).map((x) => x.name)).toEqual([
      'client',
      'second',
    ]);
    expect((await f.list.query()).length).toBeGreaterThanOrEqual(4);

    const renamed = await f.update.mutate({
      id: app.id,
      name: 'app-v2',
      collapsed: true,
      sortOrder: 7,
    });
    expect(renamed).toMatchObject({
      name: 'app-v2',
      collapsed: true,
      sortOrder: 7,
      parentId: client.id,
    });
    const moved = await f.update.mutate({ id: app.id, parentId: null });
    expect(moved.parentId).toBeNull();
    expect((await f.get.query({ id: app.id })).name).toBe('app-v2');
  });

  it('refuses to move a folder under itself or its descendant', async () => {
    const f = fx.api.client.folders;
    const a = await f.create.mutate({ name: 'a' });
    const b = await f.create.mutate({ name: 'b', parentId: a.id });
    const c = await f.create.mutate({ name: 'c', parentId: b.id });
    const self = await errorOf(f.update.mutate({ id: a.id, parentId: a.id }));
    expect(self).toEqual({
      code: 'CONFLICT',
      message: `folder ${a.id} cannot be moved under itself`,
    });
    const below = await errorOf(f.update.mutate({ id: a.id, parentId: c.id }));
    expect(below).toEqual({
      code: 'CONFLICT',
      message: `folder ${a.id} cannot be moved under its own descendant ${c.id}`,
    });
    expect(
      await codeOf(f.update.mutate({ id: a.id, parentId: 'cl0000000000000000000000000' })),
    ).toBe('NOT_FOUND');
    expect((await f.get.query({ id: a.id })).parentId).toBeNull();
  });

  it('caps the depth at 32 levels, also when moving a subtree', async () => {
    const f = fx.api.client.folders;
    let parentId: string | null = null;
    const chain: string[] = [];
    for (let level = 1; level <= 32; level++) {
      const created: { id: string } = await f.create.mutate({ name: `level-${level}`, parentId });
      chain.push(created.id);
      parentId = created.id;
    }
    expect(await errorOf(f.create.mutate({ name: 'too deep', parentId }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'folders can be nested at most 32 levels deep',
    });
    const pair = await f.create.mutate({ name: 'pair' });
    await f.create.mutate({ name: 'pair-child', parentId: pair.id });
    expect(await codeOf(f.update.mutate({ id: pair.id, parentId: chain[30] }))).toBe('BAD_REQUEST');
    expect(await codeOf(f.update.mutate({ id: pair.id, parentId: chain[29] }))).toBe('OK');
  });

  it('refuses to delete a folder that holds folders or live sessions, unless asked to move them up', async () => {
    const f = fx.api.client.folders;
    const parent = await f.create.mutate({ name: 'parent' });
    const holder = await f.create.mutate({ name: 'holder', parentId: parent.id });
    const child = await f.create.mutate({ name: 'child', parentId: holder.id });
    const live = addSession(fx.daemon, { userId, folderId: holder.id, status: 'active' });
    const closed = addSession(fx.daemon, { userId, folderId: holder.id, status: 'closed' });

    const refused = await errorOf(f.delete.mutate({ id: holder.id }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toBe(
      `folder ${holder.id} still holds 1 folder(s) and 1 session(s); move or close them first, or pass moveContentsToParent`,
    );

    const context = await f.context.query({ id: holder.id });
    expect(context.sessions.map((s) => [s.id, s.status, s.kind]).sort()).toEqual(
      [
        [live, 'active', 'shell'],
        [closed, 'closed', 'shell'],
      ].sort(),
    );

    expect(await f.delete.mutate({ id: holder.id, moveContentsToParent: true })).toEqual({
      id: holder.id,
      movedFolders: 1,
      movedSessions: 2,
    });
    expect((await f.get.query({ id: child.id })).parentId).toBe(parent.id);
    const after = await f.context.query({ id: parent.id });
    expect(after.sessions.map((s) => s.id).sort()).toEqual([live, closed].sort());
    expect(await codeOf(f.get.query({ id: holder.id }))).toBe('NOT_FOUND');
  });

  it('deletes an empty folder, and a folder with only closed sessions', async () => {
    const f = fx.api.client.folders;
    const empty = await f.create.mutate({ name: 'empty' });
    expect(await f.delete.mutate({ id: empty.id })).toMatchObject({
      movedFolders: 0,
      movedSessions: 0,
    });
    const history = await f.create.mutate({ name: 'history' });
    addSession(fx.daemon, { userId, folderId: history.id, status: 'closed' });
    expect(await f.delete.mutate({ id: history.id })).toMatchObject({ movedSessions: 1 });
  });

  it('gives the context: ancestors from the top, preferences with sources', async () => {
    const f = fx.api.client.folders;
    const top = await f.create.mutate({ name: 'ctx-top' });
    const mid = await f.create.mutate({ name: 'ctx-mid', parentId: top.id });
    const leaf = await f.create.mutate({ name: 'ctx-leaf', parentId: mid.id });
    await fx.api.client.preferences.set.mutate({ folderId: top.id, values: { fontSize: 20 } });
    const context = await f.context.query({ id: leaf.id });
    expect(context.folder.id).toBe(leaf.id);
    expect(context.ancestors.map((a) => a.name)).toEqual(['ctx-top', 'ctx-mid']);
    expect(context.preferences.values.fontSize).toBe(20);
    expect(context.preferences.sources.fontSize).toBe(`folder:${top.id}`);
    expect(context.preferences.folderChain).toEqual([top.id, mid.id, leaf.id]);
    expect(context).toMatchObject({ worktrees: [], orchestrators: [] });
  });

  it('validates input at the boundary', async () => {
    const f = fx.api.client.folders;
    expect(await codeOf(f.create.mutate({ name: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(f.create.mutate({ name: 'x'.repeat(101) }))).toBe('BAD_REQUEST');
    expect(await codeOf(f.create.mutate({ name: 'bad\nname' }))).toBe('BAD_REQUEST');
    expect(await codeOf(f.get.query({ id: '../etc' }))).toBe('BAD_REQUEST');
  });
});
