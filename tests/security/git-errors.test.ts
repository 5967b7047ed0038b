// Every git failure a caller can cause is a 4xx with a short message: never an
// INTERNAL_SERVER_ERROR, never git's whole stderr. Real daemon, real repositories.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { git, makeRepo } from '@rdv/test-support';

describe('git failures are 4xx with short messages', () => {
  const fx = useDaemon({ git: 'repo' });

  /** The code and message of a call: "OK" when it succeeded. */
  const outcomeOf = async (call: Promise<unknown>): Promise<{ code: string; message: string }> => {
    try {
      await call;
      return { code: 'OK', message: '' };
    } catch (error) {
      const data = (error as { data?: { code?: string; zodError?: { fieldErrors: Record<string, string[]> } | null } }).data;
      // Refused by the input schema: what a client shows is the field's own message.
      const field = data?.zodError ? Object.values(data.zodError.fieldErrors).flat().join('; ') : null;
      return { code: data?.code ?? 'UNKNOWN', message: field ?? (error as Error).message };
    }
  };
  const refusal = async (label: string, call: Promise<unknown>) => {
    const outcome = await outcomeOf(call);
    expect({ label, code: outcome.code }).not.toEqual({ label, code: 'OK' });
    return outcome;
  };

  const expectShort4xx = (label: string, outcome: { code: string; message: string }) => {
    expect({ label, code: outcome.code }).not.toEqual({ label, code: 'INTERNAL_SERVER_ERROR' });
    expect(outcome.message.length, `${label}: ${outcome.message}`).toBeLessThanOrEqual(300);
    expect(outcome.message, label).not.toMatch(/\n/);
  };

  it('refuses base revisions git cannot use as a commit, however they are spelt', async () => {
    const bases = [
      'HEAD:../../x',
      'HEAD:README.md',
      'main:../../../etc/passwd',
      'HEAD^{tree}',
      'HEAD~999',
      'main@{99999}',
      ':/no such commit message',
      'refs/heads/nope',
      'HEAD..main',
      'main...HEAD',
      'HEAD^!',
      '@{upstream}',
      'x'.repeat(200),
    ];
    for (const [n, baseBranch] of bases.entries()) {
      const outcome = await refusal(baseBranch, fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: `base-${n}`, baseBranch }));
      expectShort4xx(baseBranch, outcome);
    }
    // Nothing was made.
    expect(git(fx.repo, 'branch', '--list', 'base-*').trim()).toBe('');
  });

  it('refuses branch names git refuses, and says so briefly', async () => {
    const names = ['a..b', 'a/', 'a.lock', 'x@{y', 'a//b', '.hidden', 'a\\b', 'end.', 'x:y', 'a?b', 'a*b', 'a[b', 'a~b', 'a^b'];
    for (const branch of names) {
      const outcome = await refusal(branch, fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch }));
      expectShort4xx(branch, outcome);
    }
  });

  it('a broken repository is a 4xx for every worktree call that reaches it', async () => {
    const broken = join(fx.root, 'broken');
    makeRepo(broken);
    // A HEAD that names no ref and a config git cannot parse.
    writeFileSync(join(broken, '.git', 'HEAD'), 'ref: refs/heads/\n');
    writeFileSync(join(broken, '.git', 'config'), '[core\nbroken = \n');
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['list', () => fx.api.client.worktrees.list.query({ repoPath: broken })],
      ['create', () => fx.api.client.worktrees.create.mutate({ repoPath: broken, branch: 'x' })],
    ];
    for (const [label, call] of calls) expectShort4xx(label, await refusal(label, call()));

    const notRepo = join(fx.root, 'plain');
    mkdirSync(notRepo);
    expectShort4xx('not a repo', await refusal('not a repo', fx.api.client.worktrees.list.query({ repoPath: notRepo })));
  });

  it('a worktree whose files git can no longer read is a 4xx for status and remove', async () => {
    const worktree = await fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'soon-broken' });
    writeFileSync(join(worktree.path, '.git'), 'gitdir: /nonexistent/elsewhere\n');
    for (const [label, call] of [
      ['status', () => fx.api.client.worktrees.status.query({ id: worktree.id })],
      ['remove', () => fx.api.client.worktrees.remove.mutate({ id: worktree.id })],
      ['trash', () => fx.api.client.trash.worktree.mutate({ worktreeId: worktree.id })],
    ] as Array<[string, () => Promise<unknown>]>) {
      // Some of these may succeed (rdv can still act on the folder); none may be a 500.
      const outcome = await outcomeOf(call());
      if (outcome.code !== 'OK') expectShort4xx(label, outcome);
    }
  });
});
