import { AGENTS, AGENT_NAMES, type AgentName } from '@rdv/agents';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { RouterInputs } from '@rdv/api';
import type { Folder, Session } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { tildify } from '../format/values.ts';
import { withApi } from '../output.ts';
import { treeOrder } from '../commands/folder.ts';
import type { Prompter } from './prompter.ts';

type CreateInput = RouterInputs['sessions']['create'];

/** "~/x" and relative paths → absolute; the same rules the flags use. */
function expandPath(text: string, base: string): string {
  const trimmed = text.trim();
  if (trimmed === '~') return homedir();
  if (trimmed.startsWith('~/')) return resolvePath(homedir(), trimmed.slice(2));
  return isAbsolute(trimmed) ? resolvePath(trimmed) : resolvePath(base, trimmed);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** An absolute path on a host (this machine cannot check it; the host's rdv does). */
async function remotePath(p: Prompter, message: string, required: boolean): Promise<string> {
  return (
    await p.text(message, {
      placeholder: '/home/me/project',
      defaultValue: '',
      validate: (v) => {
        const path = v.trim();
        if (!path) return required ? 'a path on that machine is needed' : undefined;
        return path.startsWith('/') ? undefined : 'an absolute path on that machine';
      },
    })
  ).trim();
}

/** Branch names as the API accepts them (git has the last word). */
function checkBranch(value: string): string | undefined {
  const branch = value.trim();
  if (!branch) return 'a branch name is needed';
  if (branch.startsWith('-')) return 'a branch cannot start with "-"';
  if (/[\s~^:?*[\\]/.test(branch) || branch.includes('..')) return 'not a valid branch name';
  return undefined;
}

/**
 * Asks what to create (kind, agent preset and command, folder, working directory or a new worktree, name),
 * shows a summary and creates only after "Create it?". Every prompt before that can be
 * cancelled with nothing changed. Resolves with the new session, or null if the person said no.
 */
export async function createSessionFlow(
  ctx: CliContext,
  p: Prompter,
  folders: readonly Folder[],
): Promise<Session | null> {
  const kind = await p.select('What should run in it?', [
    { value: 'shell', label: 'A shell' },
    { value: 'agent', label: 'An agent', hint: 'e.g. claude, codex, gemini' },
  ]);

  const folderChoices = [
    { value: '', label: 'No folder' },
    ...treeOrder(folders).map(({ folder, depth }) => ({
      value: folder.id,
      label: `${'  '.repeat(depth)}${folder.name}`,
    })),
  ];
  const folderId = folders.length ? await p.select('Folder', folderChoices, '') : '';

  const prefs = await withApi(ctx, (client) =>
    client.preferences.resolve.query({ folderId: folderId || null }),
  );
  let command: string | undefined;
  let agent: AgentName | undefined;
  if (kind === 'agent') {
    const choice = await p.select(
      'Which agent?',
      [
        ...AGENT_NAMES.map((name) => ({ value: name, label: AGENTS[name].label, hint: AGENTS[name].resumeHint })),
        { value: 'custom' as const, label: 'Another command' },
      ],
      'claude',
    );
    agent = choice === 'custom' ? undefined : choice;
    command = (
      await p.text('Agent command', {
        ...(agent
          ? { initialValue: AGENTS[agent].command }
          : prefs.values.agentCommand
            ? { initialValue: prefs.values.agentCommand }
            : { placeholder: 'aider' }),
        validate: (v) => (v.trim() ? undefined : 'the command to start the agent'),
      })
    ).trim();
  }

  const here = process.cwd();
  // On a host (`--host`, or chosen in the menu) paths are that machine's: its rdv checks them.
  const host = ctx.endpoint.host;
  const useWorktree = await p.confirm('Start it in a new git worktree?', false);
  let cwd: string | undefined;
  let worktree: CreateInput['worktree'];
  if (useWorktree) {
    const repo = host
      ? await remotePath(p, `Repository on ${host}`, true)
      : expandPath(
      await p.text('Repository', {
        initialValue: tildify(here, homedir()),
        validate: (v) => (isDirectory(expandPath(v, here)) ? undefined : 'not a folder'),
      }),
      here,
    );
    const branch = (
      await p.text('New branch', { placeholder: 'feat/my-task', validate: checkBranch })
    ).trim();
    worktree = { repoPath: repo, branch };
  } else if (host) {
    cwd = (await remotePath(p, `Working directory on ${host} (empty: its default)`, false)) || undefined;
  } else {
    const suggested = folderId ? prefs.values.cwd : here;
    cwd = expandPath(
      await p.text('Working directory', {
        initialValue: tildify(suggested, homedir()),
        validate: (v) => (isDirectory(expandPath(v, here)) ? undefined : 'not an existing folder'),
      }),
      here,
    );
  }

  const name = (
    await p.text('Name', {
      placeholder: worktree ? worktree.branch : 'the folder name',
      defaultValue: '',
    })
  ).trim();
  const folderLabel = folderChoices.find((c) => c.value === folderId)?.label.trim() ?? 'none';
  p.note(
    [
      `kind:   ${kind}${command ? ` (${command})` : ''}`,
      `folder: ${folderLabel}`,
      worktree
        ? `worktree: ${worktree.branch} from ${tildify(worktree.repoPath, homedir())}`
        : `cwd:    ${tildify(cwd ?? '', homedir())}`,
      `name:   ${name || '(default)'}`,
    ].join('\n'),
    'New session',
  );
  if (!(await p.confirm('Create it?'))) return null;

  const size =
    ctx.stdout.isTTY && ctx.stdout.columns && ctx.stdout.rows
      ? { cols: ctx.stdout.columns, rows: ctx.stdout.rows }
      : {};
  const input: CreateInput = {
    kind,
    ...(agent ? { agent } : {}),
    ...(name ? { name } : {}),
    ...(command ? { command } : {}),
    ...(cwd ? { cwd } : {}),
    ...(worktree ? { worktree } : {}),
    ...(folderId ? { folderId } : {}),
    ...size,
  };
  return p.spin(
    worktree ? 'Creating the worktree and the session' : 'Creating the session',
    () => withApi(ctx, (client) => client.sessions.create.mutate(input)),
    (session) => `Created ${session.name} (${session.id})`,
  );
}
