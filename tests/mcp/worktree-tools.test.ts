// The review tools over MCP (the built `rdv mcp`, stdio) against a real daemon and real git:
// worktree_diff, then worktree_stage, worktree_commit and worktree_push to a local bare remote.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { WorktreeDiff } from '@rdv/api';
import { git } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

type ToolResult = Awaited<ReturnType<Client['callTool']>>;
const textOf = (result: ToolResult) => (result.content as Array<{ type: string; text: string }>)[0]?.text ?? '';

describe('MCP worktree tools (real daemon, real git)', () => {
  const fx = useDaemon({ git: 'repo' });
  let client: Client;
  let worktree: { id: string; path: string };
  let remote: string;

  beforeAll(async () => {
    remote = join(fx.root, 'remote.git');
    git(fx.root, 'init', '-q', '--bare', remote);
    git(fx.repo, 'remote', 'add', 'origin', remote);
    git(fx.repo, 'config', 'user.name', 'MCP Author');
    git(fx.repo, 'config', 'user.email', 'mcp@repo.invalid');
    const created = await fx.api.client.worktrees.create.mutate({ repoPath: fx.repo, branch: 'feat/mcp', baseBranch: 'main' });
    worktree = { id: created.id, path: created.path };
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    client = new Client({ name: 'rdv-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(REPO_ROOT, 'apps/cli/bin/rdv.js'), 'mcp'],
        env: { ...env, RDV_HOME: fx.home, RDV_TOKEN: '' },
        stderr: 'pipe',
      }),
    );
  });
  afterAll(async () => client?.close());

  it('worktree_diff: the changes per file with their patches', async () => {
    writeFileSync(join(worktree.path, 'README.md'), '# test\nfrom mcp\n');
    writeFileSync(join(worktree.path, 'added.txt'), 'new\n');
    const result = await client.callTool({ name: 'worktree_diff', arguments: { id: worktree.id } });
    expect(result.isError).toBeFalsy();
    const diff = JSON.parse(textOf(result)) as WorktreeDiff;
    expect(diff).toMatchObject({ path: worktree.path, branch: 'feat/mcp', base: { ref: 'main', source: 'record' } });
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([
      ['README.md', 'modified'],
      ['added.txt', 'untracked'],
    ]);
    expect(diff.files[0]?.patch).toContain('\n+from mcp\n');
  });

  it('worktree_stage, worktree_commit and worktree_push ship it; refusals are tool errors', async () => {
    const staged = await client.callTool({ name: 'worktree_stage', arguments: { path: worktree.path, paths: ['README.md', 'added.txt'] } });
    expect(JSON.parse(textOf(staged))).toMatchObject({ staged: ['README.md', 'added.txt'] });
    const committed = await client.callTool({ name: 'worktree_commit', arguments: { id: worktree.id, message: 'Made over MCP' } });
    expect(JSON.parse(textOf(committed))).toMatchObject({ branch: 'feat/mcp', subject: 'Made over MCP', files: 2 });
    expect(git(worktree.path, 'log', '-1', '--format=%an %s')).toBe('MCP Author Made over MCP\n');

    const pushed = await client.callTool({ name: 'worktree_push', arguments: { id: worktree.id } });
    const head = git(worktree.path, 'rev-parse', 'HEAD').trim();
    expect(JSON.parse(textOf(pushed))).toMatchObject({ result: 'new', remote: 'origin', commit: head, upstreamSet: true });
    expect(git(remote, 'rev-parse', 'refs/heads/feat/mcp').trim()).toBe(head);

    const nothing = await client.callTool({ name: 'worktree_commit', arguments: { id: worktree.id, message: 'again' } });
    expect(nothing.isError).toBe(true);
    expect(textOf(nothing)).toBe(`worktree_commit failed: PRECONDITION_FAILED: nothing is staged in ${worktree.path}; stage the files to commit first`);
  });
});
