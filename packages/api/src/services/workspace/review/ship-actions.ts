// Stage, unstage, commit and push in a worktree: git argv-only, paths after `--` with literal
// pathspecs, and every action refused on a conflict or a detached HEAD.
import { BadInputError, PreconditionError } from '../../../errors.ts';
import { git, GIT_CHECKOUT_TIMEOUT_MS, GitError, gitMaybe } from '../git/git.ts';
import { parseStatusV2, type GitStatus } from '../git/git-porcelain.ts';
import { toDomainError, translating } from '../../service-errors.ts';
import type {
  WorktreeCommitResult,
  WorktreePushResult,
  WorktreeStageResult,
} from './review-types.ts';

/** A commit runs the repository's hooks (linters, tests): give them time. @default 5 minutes */
export const COMMIT_TIMEOUT_MS = GIT_CHECKOUT_TIMEOUT_MS;
/** A push talks to a remote (and runs pre-push hooks). @default 5 minutes */
export const PUSH_TIMEOUT_MS = GIT_CHECKOUT_TIMEOUT_MS;
/** Most paths listed back after a stage or unstage. */
export const MAX_LISTED_PATHS = 1_000;

export async function readStatus(cwd: string): Promise<GitStatus> {
  return parseStatusV2(
    await git(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], { cwd }),
  );
}

/**
 * Refuses `doing` in a worktree with unresolved conflicts or a detached HEAD, and returns the
 * branch it is on.
 */
export function assertShippable(cwd: string, status: GitStatus, doing: string): string {
  if (status.conflicted.length > 0) {
    const names = status.conflicted.slice(0, 5).join(', ');
    const more = status.conflicted.length > 5 ? ` and ${status.conflicted.length - 5} more` : '';
    throw new PreconditionError(
      `cannot ${doing}: ${cwd} has unresolved conflicts in ${names}${more}; resolve them first`,
    );
  }
  if (status.branch === null) {
    throw new PreconditionError(
      `cannot ${doing}: ${cwd} is on a detached HEAD (no branch); check out a branch first`,
    );
  }
  return status.branch;
}

/** `git add --all -- paths`: new, changed and deleted files alike. */
export async function stagePaths(cwd: string, paths: readonly string[]): Promise<WorktreeStageResult> {
  assertShippable(cwd, await readStatus(cwd), 'stage');
  await translating('bad_input', `staging in ${cwd}`, () =>
    git(['--literal-pathspecs', 'add', '--all', '--', ...paths], { cwd }),
  );
  return stageResult(cwd, paths);
}

/** Takes `paths` out of the index again (their working-tree changes stay). */
export async function unstagePaths(cwd: string, paths: readonly string[]): Promise<WorktreeStageResult> {
  const status = await readStatus(cwd);
  assertShippable(cwd, status, 'unstage');
  // An unborn branch has no HEAD to reset to: unstaging is removing from the index.
  const args =
    status.head === null
      ? ['--literal-pathspecs', 'rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', ...paths]
      : ['--literal-pathspecs', 'reset', '-q', 'HEAD', '--', ...paths];
  await translating('bad_input', `unstaging in ${cwd}`, () => git(args, { cwd }));
  return stageResult(cwd, paths);
}

async function stageResult(cwd: string, paths: readonly string[]): Promise<WorktreeStageResult> {
  const after = await readStatus(cwd);
  return {
    path: cwd,
    paths: [...paths],
    staged: after.staged.slice(0, MAX_LISTED_PATHS),
    changed: after.changed.slice(0, MAX_LISTED_PATHS),
  };
}

/**
 * Commits what is staged with `message`; author and committer come from git's config (no
 * --author), and the repository's hooks run. Refused with nothing staged.
 */
export async function commitStaged(cwd: string, message: string): Promise<WorktreeCommitResult> {
  const status = await readStatus(cwd);
  const branch = assertShippable(cwd, status, 'commit');
  if (status.staged.length === 0) {
    throw new PreconditionError(`nothing is staged in ${cwd}; stage the files to commit first`);
  }
  if (message.trim() === '') throw new BadInputError('a commit message cannot be empty');
  await translating('precondition', `committing in ${cwd}`, () =>
    // `--message=`: a message that starts with "-" stays a message.
    git(['commit', '--quiet', `--message=${message}`], { cwd, timeoutMs: COMMIT_TIMEOUT_MS }),
  );
  const [commit = '', subject = ''] = (await git(['log', '-1', '--format=%H%x00%s', 'HEAD', '--'], { cwd }))
    .trim()
    .split('\0');
  const changed = await git(['diff-tree', '--no-commit-id', '--name-only', '-r', '-z', '--root', '-m', '--first-parent', 'HEAD', '--'], {
    cwd,
  });
  return { path: cwd, branch, commit, subject, files: changed.split('\0').filter(Boolean).length };
}

/** Where a branch is pushed: its upstream on a remote, else origin (then set as upstream). */
export interface PushTarget {
  remote: string;
  remoteBranch: string;
  /** The branch has no upstream on a remote yet: push with `--set-upstream`. */
  setUpstream: boolean;
}

/** The branch's upstream when it is on a remote (`branch.<b>.remote` other than "."), else origin. */
export async function pushTarget(cwd: string, branch: string): Promise<PushTarget> {
  const remote = (await gitMaybe(['config', '--get', `branch.${branch}.remote`], { cwd }))?.trim();
  const merge = (await gitMaybe(['config', '--get', `branch.${branch}.merge`], { cwd }))?.trim();
  if (remote && remote !== '.' && merge?.startsWith('refs/heads/')) {
    return { remote, remoteBranch: merge.slice('refs/heads/'.length), setUpstream: false };
  }
  const origin = await gitMaybe(['remote', 'get-url', '--', 'origin'], { cwd }).catch((error: unknown) => {
    // "No such remote" is exit 2.
    if (error instanceof GitError && error.exitCode === 2) return null;
    throw error;
  });
  if (!origin?.trim()) {
    throw new PreconditionError(
      `cannot push ${branch}: it has no upstream and the repository has no remote named origin; add one (git remote add origin <url>)`,
    );
  }
  return { remote: 'origin', remoteBranch: branch, setUpstream: true };
}

/** What `git push --porcelain` says about one ref: "<flag>\t<from>:<to>\t<summary>". */
export function parsePushPorcelain(output: string): { flag: string; summary: string } | null {
  for (const line of output.split('\n')) {
    const match = /^([ +\-*!=])\t[^\t]*\t(.*)$/.exec(line);
    if (match) return { flag: match[1] ?? '', summary: match[2] ?? '' };
  }
  return null;
}

/**
 * Pushes the worktree's branch to its upstream, or to origin with `--set-upstream`. Never
 * forces: a rejection (the remote moved on) is a refusal that says to pull first.
 */
export async function pushBranch(cwd: string): Promise<WorktreePushResult> {
  const status = await readStatus(cwd);
  const branch = assertShippable(cwd, status, 'push');
  if (status.head === null) throw new PreconditionError(`cannot push ${branch}: it has no commit yet`);
  const target = await pushTarget(cwd, branch);
  const args = [
    'push',
    '--porcelain',
    ...(target.setUpstream ? ['--set-upstream'] : []),
    '--',
    target.remote,
    `refs/heads/${branch}:refs/heads/${target.remoteBranch}`,
  ];
  let output: string;
  try {
    output = await git(args, { cwd, timeoutMs: PUSH_TIMEOUT_MS });
  } catch (error) {
    const rejected = error instanceof GitError ? parsePushPorcelain(error.stdout) : null;
    if (rejected?.flag === '!') {
      throw new PreconditionError(
        `${target.remote} rejected the push of ${branch}: ${rejected.summary}; pull or rebase onto ${target.remote}/${target.remoteBranch} first`,
      );
    }
    throw toDomainError(error, 'precondition', `pushing ${branch} to ${target.remote}`);
  }
  const pushed = parsePushPorcelain(output);
  const result = pushed?.flag === '*' ? 'new' : pushed?.flag === '=' ? 'up-to-date' : 'fast-forward';
  return {
    path: cwd,
    branch,
    remote: target.remote,
    remoteBranch: target.remoteBranch,
    commit: status.head,
    result,
    upstreamSet: target.setUpstream,
  };
}
