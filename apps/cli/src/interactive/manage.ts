import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import type { Folder } from '../api/types.ts';
import { treeOrder } from '../commands/folder.ts';
import { tokenTable } from '../commands/token.ts';
import type { CliContext } from '../context.ts';
import { ago, tildify } from '../format/values.ts';
import { withApi } from '../output.ts';
import type { Choice, Prompter } from './prompter.ts';

const BACK = { value: 'back', label: 'Back' } as const;
const required = (what: string) => (v: string) => (v.trim() ? undefined : `${what} is needed`);

function folderChoices(folders: readonly Folder[]): Array<Choice<string>> {
  return treeOrder(folders).map(({ folder, depth }) => ({
    value: folder.id,
    label: `${'  '.repeat(depth)}${folder.name}`,
  }));
}

/** Folders: list, create, rename, move, delete. Each change is made only after its last prompt. */
export async function manageFolders(ctx: CliContext, p: Prompter): Promise<void> {
  const folders = await withApi(ctx, (client) => client.folders.list.query());
  const action = await p.select('Folders', [
    { value: 'list', label: 'Show the tree' },
    { value: 'create', label: 'Create a folder' },
    ...(folders.length
      ? ([
          { value: 'rename', label: 'Rename a folder' },
          { value: 'move', label: 'Move a folder' },
          { value: 'delete', label: 'Delete a folder' },
        ] as const)
      : []),
    BACK,
  ]);
  switch (action) {
    case 'list':
      p.note(
        folders.length
          ? treeOrder(folders)
              .map(({ folder, depth }) => `${'  '.repeat(depth)}${folder.name}`)
              .join('\n')
          : 'no folders yet',
        'Folders',
      );
      return;
    case 'create': {
      const name = await p.text('Name', { validate: required('a name') });
      const parentId = folders.length
        ? await p.select(
            'Inside',
            [{ value: '', label: 'Top level' }, ...folderChoices(folders)],
            '',
          )
        : '';
      const created = await withApi(ctx, (client) =>
        client.folders.create.mutate({ name: name.trim(), parentId: parentId || null }),
      );
      p.success(`Created folder ${created.name}`);
      return;
    }
    case 'rename': {
      const id = await p.select('Which folder?', folderChoices(folders));
      const name = await p.text('New name', {
        initialValue: folders.find((f) => f.id === id)?.name ?? '',
        validate: required('a name'),
      });
      await withApi(ctx, (client) => client.folders.update.mutate({ id, name: name.trim() }));
      p.success(`Renamed to ${name.trim()}`);
      return;
    }
    case 'move': {
      const id = await p.select('Which folder?', folderChoices(folders));
      const parentId = await p.select('Move it into', [
        { value: '', label: 'Top level' },
        ...folderChoices(folders).filter((c) => c.value !== id),
      ]);
      await withApi(ctx, (client) =>
        client.folders.update.mutate({ id, parentId: parentId || null }),
      );
      p.success('Moved');
      return;
    }
    case 'delete': {
      const id = await p.select('Which folder?', folderChoices(folders));
      const moveContents = await p.confirm(
        'Move its sessions and sub-folders to its parent (else refuse if not empty)?',
        false,
      );
      if (!(await p.confirm(`Delete ${folders.find((f) => f.id === id)?.name ?? id}?`, false)))
        return;
      await withApi(ctx, (client) =>
        client.folders.delete.mutate({ id, moveContentsToParent: moveContents }),
      );
      p.success('Deleted');
      return;
    }
    case 'back':
      return;
  }
}

/** Worktrees: list, create, status, remove. */
export async function manageWorktrees(ctx: CliContext, p: Prompter): Promise<void> {
  const records = await withApi(ctx, (client) => client.worktrees.records.query());
  const active = records.filter((r) => r.status === 'active');
  const home = homedir();
  const pick = () =>
    p.select(
      'Which worktree?',
      active.map((r) => ({ value: r.id, label: r.branch, hint: tildify(r.path, home) })),
    );
  const action = await p.select('Worktrees', [
    { value: 'list', label: 'List worktrees' },
    { value: 'create', label: 'Create a worktree' },
    ...(active.length
      ? ([
          { value: 'status', label: "A worktree's status" },
          { value: 'remove', label: 'Remove a worktree' },
        ] as const)
      : []),
    BACK,
  ]);
  switch (action) {
    case 'list':
      p.note(
        records.length
          ? records.map((r) => `${r.branch}  ${r.status}  ${tildify(r.path, home)}`).join('\n')
          : 'no worktrees yet',
        'Worktrees',
      );
      return;
    case 'create': {
      const repo = await p.text('Repository', {
        initialValue: tildify(process.cwd(), home),
        validate: required('a repository'),
      });
      const branch = await p.text('New branch', {
        placeholder: 'feat/my-task',
        validate: required('a branch'),
      });
      const repoPath = repo.startsWith('~/')
        ? resolvePath(home, repo.slice(2))
        : resolvePath(process.cwd(), repo);
      const created = await p.spin(
        'Creating the worktree',
        () =>
          withApi(ctx, (client) =>
            client.worktrees.create.mutate({ repoPath, branch: branch.trim() }),
          ),
        (w) => `Created ${w.branch} at ${tildify(w.path, home)}`,
      );
      if (created.setup)
        p.info(`setup: ${created.setup.command} → exit ${created.setup.exitCode ?? '?'}`);
      return;
    }
    case 'status': {
      const id = await pick();
      const status = await withApi(ctx, (client) => client.worktrees.status.query({ id }));
      p.note(
        [
          `branch:    ${status.branch ?? '(detached)'}`,
          `clean:     ${status.clean ? 'yes' : 'no'}`,
          `changed:   ${status.counts.changed}, staged: ${status.counts.staged}, untracked: ${status.counts.untracked}`,
          `unpushed:  ${status.unpushedCount}`,
        ].join('\n'),
        tildify(status.path, home),
      );
      return;
    }
    case 'remove': {
      const id = await pick();
      const force = await p.confirm('Remove even with uncommitted or unpushed work?', false);
      if (!(await p.confirm('Remove it? (the branch is kept)', false))) return;
      await withApi(ctx, (client) => client.worktrees.remove.mutate({ id, force }));
      p.success('Removed');
      return;
    }
    case 'back':
      return;
  }
}

/** Tokens: list, create (shown once), revoke. */
export async function manageTokens(ctx: CliContext, p: Prompter): Promise<void> {
  const tokens = (await withApi(ctx, (client) => client.tokens.list.query())).filter(
    (t) => !t.revokedAt,
  );
  const action = await p.select('Tokens', [
    { value: 'list', label: 'List tokens' },
    { value: 'create', label: 'Create a token' },
    ...(tokens.length ? ([{ value: 'revoke', label: 'Revoke a token' }] as const) : []),
    BACK,
  ]);
  switch (action) {
    case 'list':
      p.note(tokens.length ? tokenTable(tokens).trimEnd() : 'no tokens', 'Tokens');
      return;
    case 'create': {
      const name = await p.text('What is it for?', {
        placeholder: 'laptop, ci, agent',
        validate: required('a name'),
      });
      const created = await withApi(ctx, (client) =>
        client.tokens.create.mutate({ name: name.trim() }),
      );
      p.note(created.token, `Token ${created.name}: shown only now`);
      return;
    }
    case 'revoke': {
      const id = await p.select(
        'Which token?',
        tokens.map((t) => ({
          value: t.id,
          label: t.name,
          hint: `${t.prefix}, used ${ago(t.lastUsedAt)}`,
        })),
      );
      if (!(await p.confirm('Revoke it? Anything using it stops working at once.', false))) return;
      await withApi(ctx, (client) => client.tokens.revoke.mutate({ id }));
      p.success('Revoked');
      return;
    }
    case 'back':
      return;
  }
}
