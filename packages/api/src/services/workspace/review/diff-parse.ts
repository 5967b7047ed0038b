// Parsers for `git diff` output. Pure functions, unit-tested in diff-parse.test.ts.
import type { DiffFileStatus } from './review-types.ts';

/** One changed file as `git diff --raw --numstat -z -M` reports it. */
export interface RawDiffEntry {
  path: string;
  oldPath: string | null;
  status: Exclude<DiffFileStatus, 'untracked'>;
  /** null for a binary file (numstat's "-"). */
  additions: number | null;
  deletions: number | null;
  binary: boolean;
}

/** git's raw status letters (R and C carry a similarity score: "R075"). */
const STATUS_BY_LETTER: Record<string, RawDiffEntry['status']> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
  // Unmerged: the working tree holds the conflict markers; the conflict list says the rest.
  U: 'modified',
};

/**
 * Parses `git diff --raw --numstat -z`: first a raw record per file (":modes shas STATUS\0path\0",
 * two paths for a rename or copy), then a numstat record per file ("add\tdel\tpath\0", or
 * "add\tdel\t\0old\0new\0" for a rename). Paths are verbatim (-z: no quoting).
 */
export function parseRawNumstat(output: string): RawDiffEntry[] {
  const tokens = output.split('\0');
  const entries: RawDiffEntry[] = [];
  const counts = new Map<string, { additions: number | null; deletions: number | null }>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '') continue;
    if (token.startsWith(':')) {
      const letter = token.split(' ')[4]?.[0] ?? '';
      const status = STATUS_BY_LETTER[letter];
      const twoPaths = letter === 'R' || letter === 'C';
      const first = tokens[++i] ?? '';
      const second = twoPaths ? (tokens[++i] ?? '') : null;
      if (!status) continue; // X (unknown) or a letter a newer git adds: not a change we can show
      entries.push({
        path: second ?? first,
        oldPath: second === null ? null : first,
        status,
        additions: null,
        deletions: null,
        binary: false,
      });
      continue;
    }
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(token);
    if (!match) continue;
    // A rename's numstat names its paths in the next two tokens; the new one is the key.
    const path = match[3] === '' ? ((i += 2), tokens[i] ?? '') : (match[3] ?? '');
    counts.set(path, {
      additions: match[1] === '-' ? null : Number(match[1]),
      deletions: match[2] === '-' ? null : Number(match[2]),
    });
  }
  for (const entry of entries) {
    const count = counts.get(entry.path);
    if (!count) continue;
    entry.additions = count.additions;
    entry.deletions = count.deletions;
    entry.binary = count.additions === null;
  }
  return entries;
}

/** One file's part of a unified diff, or why it was left out. */
export interface PatchSection {
  /** Its `diff --git a/... b/...` line, without the newline (see `patchHeader`). */
  header: string;
  /** From its `diff --git` line; null when left out. */
  text: string | null;
  tooLarge: boolean;
}

export interface PatchLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Stop after this many sections (the files past the file cap are not shown). */
  maxSections: number;
}

/**
 * Splits a streamed `git diff` (patch output, no -z) into one section per file, keeping at most
 * `maxFileBytes` of a section and `maxTotalBytes` in all. A section starts at each line that
 * begins with "diff --git " (a content line always starts with " ", "+", "-" or "\\", so only a
 * header can). `push` returns false once nothing more will be kept: the caller stops git.
 */
export class PatchSplitter {
  private readonly sections: PatchSection[] = [];
  private pending = '';
  private current: { header: string; lines: string[]; bytes: number; tooLarge: boolean } | null =
    null;
  private total = 0;
  private done = false;

  /** True once a cap stopped the reading (later files have no section). */
  get stopped(): boolean {
    return this.done;
  }

  constructor(private readonly limits: PatchLimits) {}

  /** Feeds the next piece of git's output; false when the caller may stop reading. */
  push(text: string): boolean {
    if (this.done) return false;
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      this.line(`${line}\n`);
      if (this.done) return false;
    }
    return true;
  }

  /** The sections seen, in git's order (fewer than the files when stopped early). */
  finish(): PatchSection[] {
    if (!this.done && this.pending !== '') this.line(this.pending);
    this.pending = '';
    this.close();
    return this.sections;
  }

  private line(line: string): void {
    if (line.startsWith('diff --git ')) {
      this.close();
      if (this.sections.length >= this.limits.maxSections) {
        this.done = true;
        return;
      }
      this.current = { header: line.replace(/\n$/, ''), lines: [], bytes: 0, tooLarge: false };
    }
    const current = this.current;
    if (!current) return; // nothing before the first header is a file's
    const bytes = Buffer.byteLength(line, 'utf8');
    current.bytes += bytes;
    if (current.tooLarge) return;
    if (current.bytes > this.limits.maxFileBytes) {
      current.tooLarge = true;
      current.lines = [];
      return;
    }
    if (this.total + current.bytes > this.limits.maxTotalBytes) {
      // The total is used up: this file and every later one go without a patch.
      current.tooLarge = true;
      current.lines = [];
      this.close();
      this.done = true;
      return;
    }
    current.lines.push(line);
  }

  private close(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    if (current.tooLarge) {
      this.sections.push({ header: current.header, text: null, tooLarge: true });
      return;
    }
    this.total += current.bytes;
    this.sections.push({ header: current.header, text: current.lines.join(''), tooLarge: false });
  }
}

/** git's C-style escapes (quote_c_style); any other control or non-ASCII byte is octal. */
const NAMED_ESCAPES: Record<number, string> = {
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  34: '"',
  92: '\\',
};

/**
 * A path as git writes it in a patch header with `core.quotePath=true`: unchanged when plain,
 * otherwise double-quoted with `"`, `\\`, control characters and every non-ASCII byte escaped.
 */
export function quoteGitPath(path: string): string {
  let out = '';
  let quoted = false;
  for (const byte of Buffer.from(path, 'utf8')) {
    const named = NAMED_ESCAPES[byte];
    if (named !== undefined) {
      out += `\\${named}`;
      quoted = true;
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += `\\${byte.toString(8).padStart(3, '0')}`;
      quoted = true;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return quoted ? `"${out}"` : path;
}

/**
 * The `diff --git` line git writes for a file pair (with the a/ b/ prefixes and quotePath on),
 * to match each patch section to its entry in the file list by name rather than by position:
 * a file that vanishes between the two git calls must not shift every later patch.
 */
export function patchHeader(entry: { path: string; oldPath: string | null }): string {
  return `diff --git ${quoteGitPath(`a/${entry.oldPath ?? entry.path}`)} ${quoteGitPath(`b/${entry.path}`)}`;
}
