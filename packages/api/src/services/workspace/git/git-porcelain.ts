// Parsers for git's machine-readable output. Pure functions, unit-tested in git-porcelain.test.ts.

/** One entry of `git worktree list --porcelain -z`. */
export interface GitWorktreeEntry {
  path: string;
  /** Commit sha, or null for an unborn branch or a bare repository. */
  head: string | null;
  /** Short branch name (without refs/heads/), or null when detached or bare. */
  branch: string | null;
  bare: boolean;
  detached: boolean;
  /** The lock reason ("" when locked without one), or null when not locked. */
  locked: string | null;
  /** Why git would prune it, or null. */
  prunable: string | null;
}

/** Parses `git worktree list --porcelain -z`: NUL-terminated lines, an empty one between entries. */
export function parseWorktreeList(output: string): GitWorktreeEntry[] {
  const entries: GitWorktreeEntry[] = [];
  let current: GitWorktreeEntry | null = null;
  for (const line of output.split('\0')) {
    if (line === '') {
      if (current) entries.push(current);
      current = null;
      continue;
    }
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? '' : line.slice(space + 1);
    if (key === 'worktree') {
      if (current) entries.push(current);
      current = {
        path: value,
        head: null,
        branch: null,
        bare: false,
        detached: false,
        locked: null,
        prunable: null,
      };
      continue;
    }
    if (!current) continue;
    switch (key) {
      case 'HEAD':
        current.head = /^0+$/.test(value) ? null : value;
        break;
      case 'branch':
        current.branch = value.startsWith('refs/heads/')
          ? value.slice('refs/heads/'.length)
          : value;
        break;
      case 'bare':
        current.bare = true;
        break;
      case 'detached':
        current.detached = true;
        break;
      case 'locked':
        current.locked = value;
        break;
      case 'prunable':
        current.prunable = value;
        break;
      default:
        break; // a newer git may add keys; ignore them
    }
  }
  if (current) entries.push(current);
  return entries;
}

/** What `git status --porcelain=v2 --branch -z --untracked-files=all` reports. */
export interface GitStatus {
  /** Commit sha, or null on an unborn branch. */
  head: string | null;
  /** Short branch name, or null when detached. */
  branch: string | null;
  upstream: string | null;
  /** The configured upstream no longer exists (no ahead/behind line). */
  upstreamGone: boolean;
  /** Commits ahead of / behind the upstream; 0 without one. */
  ahead: number;
  behind: number;
  /** Paths with changes in the index. */
  staged: string[];
  /** Paths with changes in the working tree not yet staged. */
  changed: string[];
  untracked: string[];
  /** Paths with unresolved merge conflicts. */
  conflicted: string[];
}

/** Parses `git status --porcelain=v2 --branch -z`. Renames report the new path. */
export function parseStatusV2(output: string): GitStatus {
  const status: GitStatus = {
    head: null,
    branch: null,
    upstream: null,
    upstreamGone: false,
    ahead: 0,
    behind: 0,
    staged: [],
    changed: [],
    untracked: [],
    conflicted: [],
  };
  const records = output.split('\0');
  let sawAheadBehind = false;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? '';
    if (record === '') continue;
    if (record.startsWith('# ')) {
      if (record.startsWith('# branch.ab ')) sawAheadBehind = true;
      parseHeader(record.slice(2), status);
      continue;
    }
    const kind = record[0];
    if (kind === '?') {
      status.untracked.push(record.slice(2));
    } else if (kind === '1' || kind === '2') {
      // "1 XY sub mH mI mW hH hI path"; "2 ... Xscore path" followed by a separate origPath record.
      const fields = kind === '1' ? 8 : 9;
      const path = nthField(record, fields);
      const xy = record.slice(2, 4);
      if (xy[0] !== '.') status.staged.push(path);
      if (xy[1] !== '.') status.changed.push(path);
      if (kind === '2') i++;
    } else if (kind === 'u') {
      status.conflicted.push(nthField(record, 10));
    }
    // "!" (ignored) is not requested.
  }
  status.upstreamGone = status.upstream !== null && !sawAheadBehind;
  return status;
}

function parseHeader(header: string, status: GitStatus): void {
  const [key = '', ...rest] = header.split(' ');
  const value = rest.join(' ');
  switch (key) {
    case 'branch.oid':
      status.head = value === '(initial)' ? null : value;
      break;
    case 'branch.head':
      status.branch = value === '(detached)' ? null : value;
      break;
    case 'branch.upstream':
      status.upstream = value;
      break;
    case 'branch.ab': {
      const match = /^\+(\d+) -(\d+)$/.exec(value);
      if (match) {
        status.ahead = Number(match[1]);
        status.behind = Number(match[2]);
      }
      break;
    }
    default:
      break;
  }
}

/** The rest of `record` after its first `n` space-separated fields (paths may contain spaces). */
function nthField(record: string, n: number): string {
  let index = 0;
  for (let k = 0; k < n; k++) {
    index = record.indexOf(' ', index) + 1;
    if (index === 0) return '';
  }
  return record.slice(index);
}
