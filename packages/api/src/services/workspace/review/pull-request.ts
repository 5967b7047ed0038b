// Opening a pull request with GitHub's `gh` CLI when it is installed and signed in; otherwise a
// clear reason and GitHub's compare page, where a person can open one by hand.
import { execFile } from 'node:child_process';
import { withoutRdvSecrets } from '@rdv/terminal';
import { PreconditionError } from '../../../errors.ts';
import { gitMaybe } from '../git/git.ts';
import { compareUrl } from './compare-url.ts';
import { findDiffBase, headSubject, isOwnRemoteCopy, originDefaultBranch } from './diff-base.ts';
import type { WorktreePullRequestResult } from './review-types.ts';
import { assertShippable, pushTarget, readStatus } from './ship-actions.ts';

/** Longest `gh pr create` may take (it talks to GitHub). @default 60 s */
export const GH_TIMEOUT_MS = 60_000;
/** Longest `gh auth status` may take. @default 20 s */
export const GH_AUTH_TIMEOUT_MS = 20_000;
export const GH_NOT_INSTALLED = 'gh is not installed';
export const GH_NOT_SIGNED_IN = 'gh is not signed in: run gh auth login';

interface GhRun {
  /** No `gh` on the daemon's PATH. */
  missing: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gh <args>` argv-only, never prompting, without rdv's secrets in its env. */
function runGh(args: readonly string[], cwd: string, timeoutMs: number): Promise<GhRun> {
  return new Promise((resolve) => {
    execFile(
      'gh',
      args,
      {
        cwd,
        env: {
          ...withoutRdvSecrets(process.env),
          GH_PROMPT_DISABLED: '1',
          GH_NO_UPDATE_NOTIFIER: '1',
          NO_COLOR: '1',
          GIT_TERMINAL_PROMPT: '0',
        },
        timeout: timeoutMs,
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ missing, code, stdout, stderr });
      },
    );
  });
}

export interface PullRequestOptions {
  /** The base branch rdv recorded for the worktree, if any. */
  recordedBase: string | null;
  title?: string;
  body?: string;
}

/**
 * `gh pr create --head <branch> --base <base>` for the worktree's branch, which must be pushed
 * (no commit left unpushed). Without gh, or signed out, nothing is created and the result says
 * why, with the compare URL.
 */
export async function openPullRequest(
  cwd: string,
  options: PullRequestOptions,
): Promise<WorktreePullRequestResult> {
  const status = await readStatus(cwd);
  const branch = assertShippable(cwd, status, 'open a pull request');
  if (status.head === null) throw new PreconditionError(`cannot open a pull request: ${branch} has no commit yet`);
  const target = await pushTarget(cwd, branch);
  if (target.setUpstream) {
    throw new PreconditionError(`cannot open a pull request: ${branch} is not pushed yet; push it first`);
  }
  if (status.ahead > 0) {
    throw new PreconditionError(
      `cannot open a pull request: ${branch} has ${status.ahead} commit(s) not pushed to ${target.remote}/${target.remoteBranch}; push them first`,
    );
  }
  const remoteUrl = (await gitMaybe(['remote', 'get-url', '--', target.remote], { cwd }))?.trim() || null;
  const base = await pullRequestBase(cwd, options.recordedBase, status.branch, status.upstream, target.remote);
  const result = {
    path: cwd,
    branch,
    base,
    compareUrl: compareUrl(remoteUrl, base, target.remoteBranch),
  };
  const refused = (reason: string, url: string | null = null): WorktreePullRequestResult => ({
    ...result,
    created: false,
    url,
    reason,
  });

  const auth = await runGh(['auth', 'status'], cwd, GH_AUTH_TIMEOUT_MS);
  if (auth.missing) return refused(GH_NOT_INSTALLED);
  if (auth.code !== 0) return refused(GH_NOT_SIGNED_IN);

  const title = options.title ?? ((await headSubject(cwd)) || branch);
  // `--flag=value` forms: a title or body that starts with "-" stays a value.
  const created = await runGh(
    [
      'pr',
      'create',
      `--head=${target.remoteBranch}`,
      ...(base ? [`--base=${base}`] : []),
      `--title=${title}`,
      `--body=${options.body ?? ''}`,
    ],
    cwd,
    GH_TIMEOUT_MS,
  );
  if (created.code === 0) {
    const url = lastUrl(created.stdout);
    return { ...result, created: true, url, reason: null };
  }
  const why = firstLine(created.stderr) || firstLine(created.stdout) || `exit code ${String(created.code)}`;
  // "a pull request for branch ... already exists:\nhttps://github.com/o/r/pull/7" names it.
  return refused(`gh pr create failed: ${why}`, lastUrl(`${created.stderr}\n${created.stdout}`));
}

/**
 * The branch on the remote the pull request goes into: the diff's base branch without its
 * remote prefix ("origin/main" → "main"), a local branch of that name, or origin's default.
 */
async function pullRequestBase(
  cwd: string,
  recorded: string | null,
  branch: string | null,
  upstream: string | null,
  remote: string,
): Promise<string | null> {
  const base = await findDiffBase(cwd, { recorded, branch, upstream });
  const ref = base?.ref ?? null;
  if (ref !== null && !isOwnRemoteCopy(ref, branch)) {
    if (ref.startsWith(`${remote}/`)) return ref.slice(remote.length + 1);
    const local = await gitMaybe(['rev-parse', '--verify', '--quiet', `refs/heads/${ref}`], { cwd });
    if (local !== null) return ref;
  }
  return originDefaultBranch(cwd);
}

function lastUrl(text: string): string | null {
  const urls = text.match(/https?:\/\/\S+/g);
  return urls?.at(-1) ?? null;
}

function firstLine(text: string): string {
  return (text.split('\n').map((line) => line.trim()).find(Boolean) ?? '').slice(0, 300);
}
