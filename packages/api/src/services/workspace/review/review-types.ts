// What the review procedures return. Types only: the dashboard, the CLI and the MCP server import
// them from @rdv/api (or read them off RouterOutputs['worktrees'][...]).

/** 'base': since the merge-base with the base branch; 'head': uncommitted work only. */
export type DiffAgainst = 'base' | 'head';

/** How a file changed. 'untracked': a new file git does not track yet (not even staged). */
export type DiffFileStatus =
  | 'added'
  | 'modified'
  | 'deleted'
  | 'renamed'
  | 'copied'
  | 'type-changed'
  | 'untracked';

/**
 * How much of a file's uncommitted change is in the index: 'all' (staged, nothing more in the
 * working tree), 'partial' (staged, then changed again), 'none' (not staged, or nothing
 * uncommitted: a change that is only in commits).
 */
export type StagedState = 'all' | 'partial' | 'none';

/** Where the base of a 'base' diff came from. */
export type DiffBaseSource =
  /** The base branch recorded when rdv created the worktree. */
  | 'record'
  /** The branch's upstream (when it is another branch than the branch's own remote copy). */
  | 'upstream'
  /** The repository's default: origin/HEAD, then main, master, origin/main, origin/master. */
  | 'default';

export interface WorktreeDiffBase {
  /** The branch (or commit) the worktree is compared with: "main", "origin/main". */
  ref: string;
  /** The merge-base of HEAD and `ref`: the commit the diff starts from. */
  commit: string;
  source: DiffBaseSource;
}

export interface WorktreeDiffFile {
  /** Path relative to the worktree's top folder (the new path of a rename). */
  path: string;
  /** The old path of a rename or copy; null otherwise. */
  oldPath: string | null;
  status: DiffFileStatus;
  /** Lines added and removed; null for a binary file. */
  additions: number | null;
  deletions: number | null;
  binary: boolean;
  staged: StagedState;
  /**
   * git's unified diff of this one file (from its `diff --git` line); null when binary, when
   * `stat` was asked, or when too large.
   */
  patch: string | null;
  /** The patch was left out: over the per-file cap, or the total cap was used up before it. */
  tooLarge: boolean;
}

/** The caps a diff applies; `tooLarge` and `truncated` say when they were hit. */
export interface WorktreeDiffLimits {
  /** Most files listed. */
  maxFiles: number;
  /** Most patch bytes for one file. */
  maxFilePatchBytes: number;
  /** Most patch bytes for all files together. */
  maxTotalPatchBytes: number;
}

/** `worktrees.diff`. */
export interface WorktreeDiff {
  /** The worktree's top folder. */
  path: string;
  /** The checked-out branch; null when detached. */
  branch: string | null;
  detached: boolean;
  /** HEAD's commit; null on an unborn branch (no commit yet). */
  head: string | null;
  /**
   * The base branch and merge-base (reported for 'head' diffs too, so a view can offer both);
   * null when none was found (or HEAD has no commit yet).
   */
  base: WorktreeDiffBase | null;
  against: DiffAgainst;
  files: WorktreeDiffFile[];
  /** Over every changed file, including any left out by the file cap. */
  totals: { files: number; additions: number; deletions: number };
  /** More files changed than `limits.maxFiles`; only the first ones are listed. */
  truncated: boolean;
  /** Paths with unresolved merge conflicts. */
  conflicts: string[];
  limits: WorktreeDiffLimits;
}

/** `worktrees.stage` / `worktrees.unstage`. */
export interface WorktreeStageResult {
  path: string;
  /** The paths asked for, as given. */
  paths: string[];
  /** After the change: what `git status` counts as staged and as changed-but-unstaged. */
  staged: string[];
  changed: string[];
}

/** `worktrees.commit`. */
export interface WorktreeCommitResult {
  path: string;
  branch: string;
  /** The new commit. */
  commit: string;
  /** Its first line. */
  subject: string;
  /** Files it changed. */
  files: number;
}

/** `worktrees.push`. */
export interface WorktreePushResult {
  path: string;
  branch: string;
  remote: string;
  /** The branch on the remote ("feat/x"). */
  remoteBranch: string;
  /** The commit pushed. */
  commit: string;
  /** 'new': the remote had no such branch; 'up-to-date': nothing to send. */
  result: 'new' | 'fast-forward' | 'up-to-date';
  /** The push set the branch's upstream (`-u`): it had none. */
  upstreamSet: boolean;
}

/** `worktrees.pullRequest`: created with gh, or why not and where to open one by hand. */
export interface WorktreePullRequestResult {
  path: string;
  branch: string;
  /** The branch the pull request goes into; null when no base branch is known. */
  base: string | null;
  created: boolean;
  /** The pull request (created, or the one gh says already exists). */
  url: string | null;
  /** GitHub's compare page for base...branch; null for a remote not on github.com. */
  compareUrl: string | null;
  /** Why none was created ("gh is not installed", "gh is not signed in: run gh auth login"). */
  reason: string | null;
}

/** `worktrees.sendComments`. */
export interface SendReviewCommentsResult {
  ok: true;
  sessionId: string;
  /** The audit row of the injection. */
  auditId: string;
  /** Exactly what was typed (then Enter). */
  text: string;
  comments: number;
}
