// How `rdv worktree diff` prints a worktree's diff: git's unified diff (coloured like git's on a
// terminal, plain when piped) and git's --stat lines.
import pc from 'picocolors';
import type { WorktreeDiff, WorktreeDiffFile } from '../api/types.ts';

/** Widest a stat line's bar may grow (git's default stat width is 80 columns). */
const MAX_STAT_WIDTH = 80;

type Colors = ReturnType<typeof pc.createColors>;

/** Colours for `enabled` output (a TTY without NO_COLOR), or identity functions. */
export function diffColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** One line of a patch, coloured as `git diff` colours it. */
function colourLine(line: string, c: Colors): string {
  if (/^(diff --git |index |--- |\+\+\+ |(new|deleted) file mode |old mode |new mode |similarity index |rename (from|to) |Binary files )/.test(line)) {
    return c.bold(line);
  }
  if (line.startsWith('@@')) {
    const end = line.indexOf('@@', 2);
    return end === -1 ? c.cyan(line) : `${c.cyan(line.slice(0, end + 2))}${line.slice(end + 2)}`;
  }
  if (line.startsWith('+')) return c.green(line);
  if (line.startsWith('-')) return c.red(line);
  return line;
}

/** What stands in for a file whose patch is not in the result. */
function placeholder(file: WorktreeDiffFile): string {
  const from = file.oldPath ?? file.path;
  const header = `diff --git a/${from} b/${file.path}`;
  if (file.binary) return `${header}\nBinary file ${file.path} (${file.status}), not shown\n`;
  if (file.tooLarge) {
    return `${header}\n# ${file.path}: patch over the size limit, not shown (+${file.additions ?? 0} -${file.deletions ?? 0})\n`;
  }
  return `${header}\n# ${file.path}: ${file.status}, no patch\n`;
}

/** The whole diff as text: each file's patch (or why it is missing), in git's order. */
export function renderPatch(diff: WorktreeDiff, c: Colors): string {
  return diff.files
    .map((file) => {
      const text = file.patch ?? placeholder(file);
      return text
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => colourLine(line, c))
        .join('\n');
    })
    .join('\n');
}

/**
 * git's `--stat`: one line per file (` path | 12 +++---`, `Bin` for binary files, `old => new`
 * for renames), then the totals line.
 */
export function renderStat(diff: WorktreeDiff, c: Colors, width = MAX_STAT_WIDTH): string {
  const names = diff.files.map((file) => (file.oldPath ? `${file.oldPath} => ${file.path}` : file.path));
  const counts = diff.files.map((file) => (file.binary ? 'Bin' : String((file.additions ?? 0) + (file.deletions ?? 0))));
  const nameWidth = Math.max(0, ...names.map((name) => name.length));
  // As git: the numbers line up with each other; "Bin" does not widen them.
  const countWidth = Math.max(0, ...counts.filter((_, i) => !diff.files[i]?.binary).map((count) => count.length));
  const most = Math.max(1, ...diff.files.map((file) => (file.additions ?? 0) + (file.deletions ?? 0)));
  const barWidth = Math.max(10, width - nameWidth - countWidth - 5);
  const lines = diff.files.map((file, index) => {
    const name = (names[index] ?? '').padEnd(nameWidth);
    if (file.binary) return ` ${name} | Bin`;
    const count = (counts[index] ?? '').padStart(countWidth);
    const added = file.additions ?? 0;
    const removed = file.deletions ?? 0;
    // Scaled like git's: each side keeps at least one mark when it has any change.
    const scale = most > barWidth ? barWidth / most : 1;
    const plus = added === 0 ? 0 : Math.max(1, Math.round(added * scale));
    const minus = removed === 0 ? 0 : Math.max(1, Math.round(removed * scale));
    return ` ${name} | ${count} ${c.green('+'.repeat(plus))}${c.red('-'.repeat(minus))}`.trimEnd();
  });
  return [...lines, totalsLine(diff)].join('\n');
}

/** " 3 files changed, 10 insertions(+), 2 deletions(-)", as git words it. */
export function totalsLine(diff: WorktreeDiff): string {
  const { files, additions, deletions } = diff.totals;
  const parts = [`${files} file${files === 1 ? '' : 's'} changed`];
  if (additions || !deletions) parts.push(`${additions} insertion${additions === 1 ? '' : 's'}(+)`);
  if (deletions || !additions) parts.push(`${deletions} deletion${deletions === 1 ? '' : 's'}(-)`);
  return ` ${parts.join(', ')}`;
}

/** A line for the person (stderr): what the diff compares, and the caps it hit. */
export function diffHeading(diff: WorktreeDiff): string[] {
  const branch = diff.branch ?? '(detached HEAD)';
  const against =
    diff.against === 'head'
      ? 'uncommitted changes (against HEAD)'
      : diff.base
        ? `against ${diff.base.ref} (merge-base ${diff.base.commit.slice(0, 8)})`
        : 'against the empty tree';
  const notes = [`${branch}: ${against}`];
  if (diff.conflicts.length) notes.push(`unresolved conflicts: ${diff.conflicts.join(', ')}`);
  if (diff.truncated) notes.push(`only the first ${diff.files.length} of ${diff.totals.files} files are listed`);
  const large = diff.files.filter((file) => file.tooLarge).length;
  if (large) {
    notes.push(
      `${large} patch(es) over the size limits are not shown (${diff.limits.maxFilePatchBytes / 1024} KiB a file, ${diff.limits.maxTotalPatchBytes / 1024 / 1024} MiB in all); --file <path> shows one alone`,
    );
  }
  return notes;
}
