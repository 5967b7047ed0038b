// Issue 12, finding 13: the trash clean-up purged expired items without an audit row; a person's
// `trash.purge` had one. Its purges are audited too, on the owner's log, as actor "system".
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../helpers/audit.ts';
import {
  cleanupHome,
  cliClient,
  makeHome,
  startDaemon,
  writeConfig,
  type DaemonProcess,
} from '../helpers/daemon.ts';
import { makeGitRoot, makeRepo } from '@rdv/test-support';

describe('the trash clean-up', () => {
  let daemon: DaemonProcess;
  let root: string;
  beforeAll(async () => {
    root = makeGitRoot();
    const home = makeHome();
    // Retention 0: trashed items expire at once; the clean-up runs at every start.
    writeConfig(home, `[worktrees]\nallowed_roots = ["${root}"]\n[cleanup]\ntrash_retention_days = 0\n`);
    daemon = await startDaemon(home);
  });
  afterAll(async () => {
    await daemon.stop();
    cleanupHome(daemon.home);
    rmSync(root, { recursive: true, force: true });
  });

  it('audits each purge it makes as the system, on the owner\'s log', async () => {
    const repo = makeRepo(join(root, 'repo'));
    let api = cliClient(daemon);
    const worktree = await api.client.worktrees.create.mutate({ repoPath: repo, branch: 'feat/expire' });
    const item = await api.client.trash.worktree.mutate({ worktreeId: worktree.id });
    const me = await api.client.me.get.query();
    await api.close();

    await daemon.stop();
    daemon = await startDaemon(daemon.home);
    api = cliClient(daemon);
    try {
      const deadline = Date.now() + 20_000;
      while ((await api.client.trash.list.query()).some((entry) => entry.id === item.id)) {
        if (Date.now() > deadline) throw new Error('the clean-up never purged the item');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await api.close();
    }
    expect(existsSync(item.trashPath)).toBe(false);

    const purges = auditRows(daemon.home, 'trash.purge');
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
