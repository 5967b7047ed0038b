import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, cliClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { handOver } from '../helpers/users.ts';
import { codeOf } from '../helpers/workspace.ts';

// A daemon has one owner; another user's rows exist only when an older, multi-user rdv left them
// (a hand-over makes such rows). The owner, on the CLI or the web app, never reaches them.
describe("a previous owner's folders, preferences, worktrees and trash are invisible", () => {
  let alice: ReturnType<typeof cliClient>;
  let bob: ReturnType<typeof apiClient>;
  let bobByService: ReturnType<typeof apiClient>;
  let folderId: string;
  let worktree: { id: string; path: string };
  let trashedId: string;
  const fx = useDaemon({ git: 'repo' });
  beforeAll(async () => {
    alice = cliClient(fx.daemon);
    folderId = (await alice.client.folders.create.mutate({ name: 'alice-only' })).id;
    await alice.client.preferences.set.mutate({ folderId, values: { env: { SECRET: 'alice' } } });
    worktree = await alice.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'alice/wt' });
    const toTrash = await alice.client.worktrees.create.mutate({
      repoPath: fx.repo,
      branch: 'alice/trash',
    });
    trashedId = (await alice.client.trash.worktree.mutate({ worktreeId: toTrash.id })).id;
    await alice.close();

    const next = await handOver(fx.daemon);
    fx.daemon = next.daemon;
    bob = apiClient(fx.daemon, { kind: 'cli', token: next.owner.token });
    bobByService = apiClient(fx.daemon, { kind: 'service', token: fx.daemon.serviceToken() });
  });
  afterAll(async () => {
    // Some were closed already by the hand-overs; closing again only says so.
    await Promise.allSettled([alice.close(), bob.close(), bobByService.close()]);
  });

  it('lists nothing of the previous owner', async () => {
    for (const client of [bob.client, bobByService.client]) {
      expect(await client.folders.list.query()).toEqual([]);
      expect(await client.folders.children.query({ id: null })).toEqual([]);
      expect(await client.worktrees.records.query()).toEqual([]);
      expect(await client.trash.list.query()).toEqual([]);
      const gitView = await client.worktrees.list.query({ repoPath: fx.repo });
      expect(gitView.map((entry) => entry.worktreeId)).toEqual(gitView.map(() => null));
    }
  });

  it('answers NOT_FOUND for their ids, exactly like missing ones', async () => {
    const c = bob.client;
    const missing = 'cl0000000000000000000000000';
    for (const id of [folderId, missing]) {
      expect(await codeOf(c.folders.get.query({ id }))).toBe('NOT_FOUND');
      expect(await codeOf(c.folders.context.query({ id }))).toBe('NOT_FOUND');
      expect(await codeOf(c.folders.children.query({ id }))).toBe('NOT_FOUND');
      expect(await codeOf(c.folders.update.mutate({ id, name: 'mine now' }))).toBe('NOT_FOUND');
      expect(await codeOf(c.folders.delete.mutate({ id, moveContentsToParent: true }))).toBe(
        'NOT_FOUND',
      );
      expect(await codeOf(c.folders.create.mutate({ name: 'child', parentId: id }))).toBe(
        'NOT_FOUND',
      );
      expect(await codeOf(c.preferences.get.query({ folderId: id }))).toBe('NOT_FOUND');
      expect(await codeOf(c.preferences.resolve.query({ folderId: id }))).toBe('NOT_FOUND');
      expect(
        await codeOf(c.preferences.set.mutate({ folderId: id, values: { fontSize: 30 } })),
      ).toBe('NOT_FOUND');
    }
    for (const id of [worktree.id, missing]) {
      expect(await codeOf(c.worktrees.status.query({ id }))).toBe('NOT_FOUND');
      expect(await codeOf(c.worktrees.remove.mutate({ id, force: true }))).toBe('NOT_FOUND');
      expect(await codeOf(c.trash.worktree.mutate({ worktreeId: id }))).toBe('NOT_FOUND');
    }
    expect(await codeOf(c.worktrees.status.query({ path: worktree.path }))).toBe('NOT_FOUND');
    expect(await codeOf(c.worktrees.remove.mutate({ path: worktree.path, force: true }))).toBe(
      'NOT_FOUND',
    );
    for (const id of [trashedId, missing]) {
      expect(await codeOf(c.trash.restore.mutate({ id }))).toBe('NOT_FOUND');
      expect(await codeOf(c.trash.purge.mutate({ id, force: true }))).toBe('NOT_FOUND');
    }
  });

  it('left everything of the previous owner as it was', async () => {
    await Promise.all([bob.close(), bobByService.close()]);
    fx.daemon = (await handOver(fx.daemon)).daemon;
    alice = cliClient(fx.daemon);
    expect((await alice.client.folders.get.query({ id: folderId })).name).toBe('alice-only');
    expect((await alice.client.preferences.resolve.query({ folderId })).values.env).toEqual({
      SECRET: 'alice',
    });
    expect((await alice.client.worktrees.status.query({ id: worktree.id })).clean).toBe(true);
    expect((await alice.client.trash.list.query()).map((item) => item.id)).toEqual([trashedId]);
  });
});
