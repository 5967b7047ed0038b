// Git queries about repositories and worktrees, shared by the worktree and trash services.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../../../errors.ts';
import { git, GitError, gitMaybe } from '../git/git.ts';
import { parseStatusV2, parseWorktreeList, type GitWorktreeEntry } from '../git/git-porcelain.ts';
import { confineExisting } from '../path-confinement.ts';
import { toDomainError } from '../../service-errors.ts';

/** Most files listed per category and most unpushed commits listed in a status report. */
export const MAX_STATUS_ENTRIES = 1_000;
export const MAX_UNPUSHED_LISTED = 100;

export interface Repository {
  /** Real path of the main worktree. */
  root: string;
  worktrees: GitWorktreeEntry[];
}

/**
 * Resolves `input` to a repository under the allowed roots. It must be the top folder of a
 * non-bare git repository (or of one of its worktrees); both it and the main worktree must
 * resolve (symlinks too) inside the roots.
 */
export async function resolveRepository(
  input: string,
  roots: readonly string[],
): Promise<Repository> {
  try {
    const real = await confineExisting(input, roots);
    if (!(await stat(real)).isDirectory()) {
      throw new BadInputError(`"${input}" is not a directory`);
    }
    const toplevel = await gitMaybeFatal(['rev-parse', '--show-toplevel'], real);
    if (toplevel === null || (await realpath(toplevel.trim())) !== real) {
      throw new BadInputError(`"${input}" is not a git repository (the top folder of one)`);
    }
    const worktrees = await listWorktrees(real);
    const main = worktrees[0];
    if (!main || main.bare) {
      throw new BadInputError(`"${input}": bare repositories are not supported`);
    }
    const root = await confineExisting(main.path, roots);
    return { root, worktrees };
  } catch (error) {
    throw toDomainError(error, 'bad_input', `repository "${input}"`);
  }
}

/** git's view of the worktrees of the repository at `cwd`; the main worktree comes first. */
export async function listWorktrees(cwd: string): Promise<GitWorktreeEntry[]> {
  return parseWorktreeList(await git(['worktree', 'list', '--porcelain', '-z'], { cwd }));
}

/**
 * Checks a new branch name with `git check-ref-format --branch` and refuses anything git would
 * rewrite (`@{-1}` expands to the previous branch, for instance).
 */
export async function assertBranchName(repo: string, branch: string): Promise<void> {
  let normalised: string | null = null;
  if (!branch.startsWith('-') && !branch.includes('@{')) {
    normalised = await gitMaybeFatal(['check-ref-format', '--branch', branch], repo);
  }
  if (normalised?.trim() !== branch) {
    throw new BadInputError(`"${branch}" is not a valid branch name (see git check-ref-format)`);
  }
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  return (
    (await gitMaybe(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
      cwd: repo,
    })) !== null
  );
}

/** The commit `ref` names, or null when it names none. */
export async function resolveCommit(repo: string, ref: string): Promise<string | null> {
  if (ref.startsWith('-')) return null;
  try {
    const sha = await gitMaybe(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
      cwd: repo,
    });
    return sha?.trim() || null;
  } catch (error) {
    // 128: git could not even read `ref` as a revision ("HEAD:../x" leaves the repository).
    if (error instanceof GitError && error.exitCode === 128) return null;
    throw error;
  }
}

/** A worktree's state: what `status` reports and what `remove` and the trash guard on. */
export interface WorktreeStatus {
  path: string;
  branch: string | null;
  head: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  staged: string[];
  changed: string[];
  untracked: string[];
  conflicted: string[];
  /** Totals before the lists were capped at MAX_STATUS_ENTRIES. */
  counts: { staged: number; changed: number; untracked: number; conflicted: number };
  /**
   * Commits that would be lost or stay unpublished: ahead of the upstream when there is one,
   * otherwise the commits on HEAD that no other branch and no remote-tracking branch contains.
   */
  unpushedCount: number;
  unpushedCommits: Array<{ sha: string; subject: string }>;
  /** True when nothing is staged, changed, untracked or conflicted. */
  clean: boolean;
}

/** Reads the state of the worktree at `worktreePath` (its top folder). */
export async function inspectWorktree(worktreePath: string): Promise<WorktreeStatus> {
  const cwd = worktreePath;
  const status = parseStatusV2(
    await git(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], { cwd }),
  );
  let range: string[] = [];
  if (status.head !== null) {
    range =
      status.upstream && !status.upstreamGone
        ? ['HEAD', '--not', `${status.upstream}`]
        : [
            'HEAD',
            '--not',
            ...(status.branch ? [`--exclude=${status.branch}`] : []),
            '--branches',
            '--remotes',
          ];
  }
  let unpushedCount = 0;
  let unpushedCommits: WorktreeStatus['unpushedCommits'] = [];
  if (range.length) {
    unpushedCount = Number((await git(['rev-list', '--count', ...range, '--'], { cwd })).trim());
    const log = await git(
      ['log', `--max-count=${MAX_UNPUSHED_LISTED}`, '-z', '--format=%H%x1f%s', ...range, '--'],
      {
        cwd,
      },
    );
    unpushedCommits = log
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [sha = '', subject = ''] = line.split('\x1f');
        return { sha: sha.trim(), subject };
      });
  }
  const cap = (list: string[]) => list.slice(0, MAX_STATUS_ENTRIES);
  return {
    path: worktreePath,
    branch: status.branch,
    head: status.head,
    upstream: status.upstream,
    ahead: status.ahead,
    behind: status.behind,
    staged: cap(status.staged),
    changed: cap(status.changed),
    untracked: cap(status.untracked),
    conflicted: cap(status.conflicted),
    counts: {
      staged: status.staged.length,
      changed: status.changed.length,
      untracked: status.untracked.length,
      conflicted: status.conflicted.length,
    },
    unpushedCount,
    unpushedCommits,
    clean:
      status.staged.length +
        status.changed.length +
        status.untracked.length +
        status.conflicted.length ===
      0,
  };
}

/** "3 staged, 1 changed, 2 untracked file(s) and 4 unpushed commit(s)", for refusal messages. */
export function describeWork(status: WorktreeStatus, withCommits: boolean): string {
  const parts = [
    status.counts.staged && `${status.counts.staged} staged`,
    status.counts.changed && `${status.counts.changed} changed`,
    status.counts.untracked && `${status.counts.untracked} untracked`,
    status.counts.conflicted && `${status.counts.conflicted} conflicted`,
  ].filter(Boolean);
  const files = parts.length ? `${parts.join(', ')} file(s)` : '';
  const commits =
    withCommits && status.unpushedCount ? `${status.unpushedCount} unpushed commit(s)` : '';
  return [files, commits].filter(Boolean).join(' and ') || 'no uncommitted work';
}

/**
 * Where a worktree goes by default: beside the repository, in `<repo>-worktrees/<branch-slug>`
 * (`/src/app` + `feat/login` → `/src/app-worktrees/feat-login`).
 */
export function defaultWorktreePath(repoRoot: string, branch: string): string {
  const slug = branch.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'worktree';
  return path.join(path.dirname(repoRoot), `${path.basename(repoRoot)}-worktrees`, slug);
}

/** The real top folder of the worktree containing `dir`, or null when it is in none. */
export async function worktreeTopLevel(dir: string): Promise<string | null> {
  const top = await gitMaybeFatal(['rev-parse', '--show-toplevel'], dir);
  return top === null ? null : realpath(top.trim());
}

/** Like gitMaybe, but "not a repository" (exit 128) is also a "no". */
async function gitMaybeFatal(args: string[], cwd: string): Promise<string | null> {
  try {
    return await git(args, { cwd });
  } catch (error) {
    if (error instanceof GitError && (error.exitCode === 1 || error.exitCode === 128)) return null;
    throw error;
  }
}
