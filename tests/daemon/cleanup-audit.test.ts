// Issue 12, finding 13: the trash clean-up purged expired items without an audit row; a person's
// `trash.purge` had one. Its purges are audited too, on the owner's log, as actor "system".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRows } from '../helpers/audit.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { makeRepo, waitUntil } from '@rdv/test-support';

describe('the trash clean-up', () => {
  // Retention 0: trashed items expire at once; the clean-up runs at every start.
  const fx = useDaemon({ git: 'root', config: '[cleanup]\ntrash_retention_days = 0\n' });

  it('audits each purge it makes as the system, on the owner\'s log', async () => {
    const repo = makeRepo(join(fx.root, 'repo'));
    const worktree = await fx.api.client.worktrees.create.mutate({ repoPath: repo, branch: 'feat/expire' });
    const item = await fx.api.client.trash.worktree.mutate({ worktreeId: worktree.id });
    const me = await fx.api.client.me.get.query();

    await fx.restart();
    await waitUntil(
      async () => !(await fx.api.client.trash.list.query()).some((entry) => entry.id === item.id),
      'the clean-up to purge the item',
      20_000,
      100,
    );
    expect(existsSync(item.trashPath)).toBe(false);

    const purges = auditRows(fx.home, 'trash.purge');
    expect(purges).toEqual([
      expect.objectContaining({
        userId: me.user.id,
        tokenId: null,
        tokenKind: null,
        target: `trash:${item.id}`,
        outcome: 'success',
        detail: expect.objectContaining({ actor: 'system', by: 'trash-cleanup' }),
      }),
    ]);
  });
});
