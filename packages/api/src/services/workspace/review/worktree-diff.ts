import { PreconditionError } from '../../../errors.ts';
import { git } from '../git/git.ts';
import { gitStream } from '../git/git-stream.ts';
import { parseStatusV2, type GitStatus } from '../git/git-porcelain.ts';
import { findDiffBase } from './diff-base.ts';
import {
  parseRawNumstat,
  patchHeader,
  PatchSplitter,
  type PatchSection,
  type RawDiffEntry,
} from './diff-parse.ts';
import type {
  DiffAgainst,
  StagedState,
  WorktreeDiff,
  WorktreeDiffFile,
  WorktreeDiffLimits,
} from './review-types.ts';
import { withUntrackedIndex } from './untracked-index.ts';

/** Most files a diff lists. @default 1,000 */
export const MAX_DIFF_FILES = 1_000;
/** Most patch bytes kept for one file. @default 256 KiB */
export const MAX_FILE_PATCH_BYTES = 256 * 1024;
/** Most patch bytes kept for a whole diff. @default 4 MiB */
export const MAX_TOTAL_PATCH_BYTES = 4 * 1024 * 1024;
/** Most untracked files put in the diff (a missing .gitignore can leave 100,000 of them). */
export const MAX_UNTRACKED_FILES = 5_000;
/** git's empty tree: what an unborn branch (no commit yet) is compared with. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export const DIFF_LIMITS: WorktreeDiffLimits = {
  maxFiles: MAX_DIFF_FILES,
  maxFilePatchBytes: MAX_FILE_PATCH_BYTES,
  maxTotalPatchBytes: MAX_TOTAL_PATCH_BYTES,
};

/**
 * Options every diff call shares, so the file list and the patches describe the same file pairs
 * in the same order whatever the repository's config says: no colour, external diff or
 * textconv, standard a/ b/ prefixes, renames on, submodules as one "Subproject commit" pair.
 */
const DIFF_OPTIONS = [
  '-c',
  'core.quotePath=true',
  'diff',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--submodule=short',
  '-M',
];

export interface DiffRequest {
  against: DiffAgainst;
  file?: string;
  stat: boolean;
  contextLines: number;
  /** The base branch rdv recorded for the worktree, if any. */
  recordedBase: string | null;
  limits?: WorktreeDiffLimits;
}

/**
 * The worktree at `cwd` (its top folder) against its base branch ('base': committed, staged,
 * unstaged and untracked work since the merge-base) or against HEAD ('head': uncommitted work
 * and untracked files), per file, from git's own output: raw + numstat for the list, one
 * streamed patch split per file under the caps.
 */
export async function diffWorktree(cwd: string, request: DiffRequest): Promise<WorktreeDiff> {
  const limits = request.limits ?? DIFF_LIMITS;
  const status = parseStatusV2(
    await git(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], { cwd }),
  );
  const base =
    status.head === null
      ? null
      : await findDiffBase(cwd, {
          recorded: request.recordedBase,
          branch: status.branch,
          upstream: status.upstream,
        });
  const from = startingPoint(cwd, request.against, status, base?.commit ?? null);

  const untrackedFiles = status.untracked.filter((p) => !p.endsWith('/'));
  const nestedRepositories = status.untracked.filter((p) => p.endsWith('/'));
  const inDiff = untrackedFiles.slice(0, MAX_UNTRACKED_FILES);
  const untracked = new Set(inDiff);

  const { entries, sections, stopped } = await withUntrackedIndex(cwd, inDiff, async (env) => {
    const raw = await git([...DIFF_OPTIONS, '--raw', '--numstat', '-z', from, '--'], { cwd, env });
    let all = parseRawNumstat(raw);
    if (request.file !== undefined) {
      const file = request.file;
      all = all.filter((entry) => entry.path === file || entry.oldPath === file);
    }
    const listed = all.slice(0, limits.maxFiles);
    if (request.stat || listed.length === 0) return { entries: all, sections: new Map<string, PatchSection>(), stopped: false };
    const pathspec =
      request.file === undefined
        ? []
        : listed.flatMap((entry) => (entry.oldPath ? [entry.oldPath, entry.path] : [entry.path]));
    const splitter = new PatchSplitter({
      maxFileBytes: limits.maxFilePatchBytes,
      maxTotalBytes: limits.maxTotalPatchBytes,
      maxSections: listed.length,
    });
    const { stopped } = await gitStream(
      ['--literal-pathspecs', ...DIFF_OPTIONS, `-U${request.contextLines}`, from, '--', ...pathspec],
      { cwd, env },
      (text) => splitter.push(text),
    );
    const sections = new Map(splitter.finish().map((section) => [section.header, section]));
    return { entries: all, sections, stopped: stopped || splitter.stopped };
  });

  const staged = stagedStates(status);
  const files: WorktreeDiffFile[] = entries.slice(0, limits.maxFiles).map((entry) => {
    const section = sections.get(patchHeader(entry));
    const patched = !request.stat && !entry.binary;
    return {
      path: entry.path,
      oldPath: entry.oldPath,
      status: entry.status === 'added' && untracked.has(entry.path) ? 'untracked' : entry.status,
      additions: entry.additions,
      deletions: entry.deletions,
      binary: entry.binary,
      staged: staged(entry),
      patch: patched && section && !section.tooLarge ? section.text : null,
      // No section for a listed text file: the total cap stopped git before it (or the file
      // changed between the two git calls, and its patch is left out rather than guessed).
      tooLarge: patched && (section ? section.tooLarge : stopped),
    };
  });
  // Untracked folders that are repositories of their own: git shows no content for them.
  const nested: WorktreeDiffFile[] =
    request.file === undefined
      ? nestedRepositories.map((p) => ({
          path: p,
          oldPath: null,
          status: 'untracked',
          additions: null,
          deletions: null,
          binary: false,
          staged: 'none',
          patch: null,
          tooLarge: false,
        }))
      : [];
  const everyFile = entries.length + nested.length;
  const shown = [...files, ...nested].slice(0, limits.maxFiles);
  return {
    path: cwd,
    branch: status.branch,
    detached: status.branch === null && status.head !== null,
    head: status.head,
    base,
    against: request.against,
    files: shown,
    totals: {
      files: everyFile,
      additions: sum(entries, 'additions'),
      deletions: sum(entries, 'deletions'),
    },
    truncated: everyFile > shown.length || untrackedFiles.length > inDiff.length,
    conflicts: status.conflicted,
    limits,
  };
}

/** The commit (or tree) the diff starts from. */
function startingPoint(
  cwd: string,
  against: DiffAgainst,
  status: GitStatus,
  mergeBase: string | null,
): string {
  if (status.head === null) return EMPTY_TREE;
  if (against === 'head') return status.head;
  if (mergeBase === null) {
    throw new PreconditionError(
      `no base branch found for ${cwd}: none was recorded, no upstream, no origin/HEAD, main or master shares its history; diff against HEAD instead (against: 'head')`,
    );
  }
  return mergeBase;
}

/** How much of each path's uncommitted change is staged, from `git status`. */
function stagedStates(status: GitStatus): (entry: RawDiffEntry) => StagedState {
  const staged = new Set(status.staged);
  const changed = new Set(status.changed);
  return (entry) => {
    if (!staged.has(entry.path)) return 'none';
    return changed.has(entry.path) ? 'partial' : 'all';
  };
}

function sum(entries: readonly RawDiffEntry[], key: 'additions' | 'deletions'): number {
  return entries.reduce((total, entry) => total + (entry[key] ?? 0), 0);
}
