// What a path operand means once the shell has expanded it, as far as the text alone can tell:
// variables assigned earlier in the same text (`x=/; rm -rf $x`), the directory a `cd` earlier
// in the text moved to (`cd / && rm -rf *`), `.` and `..` (`/tmp/..`), braces (`/{etc,tmp}`)
// and globs (`/e*`). What the text cannot tell (a variable from the environment, `$(...)`, a
// history expansion) is UNKNOWN, and a recursive delete of an unknown root is refused.
import { HISTORY, SUBSTITUTION } from './shell-words.ts';

/** Stands for a part of a word whose value only the running shell knows. */
export const UNKNOWN = '\u0000unknown\u0000';

/** What the text has told us so far: variables it set and the directory it moved to. */
export interface ShellState {
  vars: Map<string, string>;
  /** null: the session's own directory, which the text does not name. */
  cwd: string | null;
}

export function newShellState(): ShellState {
  return { vars: new Map(), cwd: null };
}

/** `/`, `~` and the top-level system folders, after trailing `/`, `/*` and `/.` are removed. */
const PROTECTED = [
  '/',
  '~',
  ...[
    'bin',
    'boot',
    'dev',
    'etc',
    'home',
    'lib',
    'lib32',
    'lib64',
    'opt',
    'proc',
    'root',
    'sbin',
    'srv',
    'sys',
    'usr',
    'var',
  ].map((name) => `/${name}`),
];
/** System files whose loss breaks log-in or boot (truncated by `> /etc/passwd`). */
const SYSTEM_FILE =
  /^\/(etc\/(passwd|shadow|group|gshadow|sudoers|fstab|hosts|ld\.so\.preload)|(boot|bin|sbin|lib\d*|usr\/(bin|sbin|lib\d*))\/.+)$/;
/** Braces expand to at most this many words here; more is treated as unknown. */
const MAX_BRACE_WORDS = 256;

/** `$HOME`, `${x}`, `$x` replaced from the state; anything else that expands becomes UNKNOWN. */
export function expandWord(word: string, state: ShellState): string {
  return word
    .replaceAll(SUBSTITUTION, UNKNOWN)
    .replaceAll(HISTORY, UNKNOWN)
    .replace(/\$(\{[^}]*\}|[A-Za-z_]\w*|[0-9@*#?$!-])/g, (_all, ref: string) => {
      const name = ref.startsWith('{') ? ref.slice(1, -1) : ref;
      if (name === 'HOME') return '~';
      return state.vars.get(name) ?? UNKNOWN;
    });
}

export type PathVerdict = 'protected' | 'unknown' | 'ordinary';

/** Whether a recursive delete or chmod of `operand` could hit a protected folder. */
export function classifyTarget(operand: string, state: ShellState): PathVerdict {
  const words = expandBraces(expandWord(operand, state));
  if (words === null) return 'unknown';
  let verdict: PathVerdict = 'ordinary';
  for (const word of words) {
    const path = resolvePath(word, state.cwd);
    if (path === null) verdict = 'unknown';
    else if (path !== undefined && isProtectedPath(path)) return 'protected';
  }
  return verdict;
}

/** True when `target` (a redirect or `tee` target) is a system file. */
export function isSystemFile(target: string, state: ShellState): boolean {
  const words = expandBraces(expandWord(target, state)) ?? [];
  return words.some((word) => {
    const path = resolvePath(word, state.cwd);
    return typeof path === 'string' && !/[*?[]/.test(path) && SYSTEM_FILE.test(path);
  });
}

/** The directory `cd <arg>` moves to, or null when the text cannot tell. */
export function cdTarget(arg: string | undefined, state: ShellState): string | null {
  if (arg === undefined) return '~';
  if (arg === '-') return null;
  const path = resolvePath(expandWord(arg, state), state.cwd);
  return typeof path === 'string' && !/[*?[]/.test(path) ? path : null;
}

/**
 * An absolute (or `~`-based) normalised path; undefined for a relative path in an unknown
 * directory (the session's own: nothing to go on); null when its root is unknown.
 */
function resolvePath(word: string, cwd: string | null): string | null | undefined {
  if (word.startsWith(UNKNOWN)) return null;
  let path: string;
  if (word === '~' || word.startsWith('~/')) path = word;
  else if (/^~[^/]/.test(word))
    path = `/home/${word.slice(1)}`; // `~alice`: someone's home
  else if (word.startsWith('/')) path = word;
  else if (cwd === null) return undefined;
  else path = `${cwd}/${word}`;
  return normalise(path);
}

/** Collapses `//`, `.` and `..`; `..` above `~` leaves home (`/home` or higher: `/`). */
function normalise(path: string): string {
  const home = path === '~' || path.startsWith('~/');
  const parts: string[] = [];
  let aboveHome = 0;
  for (const part of path.slice(home ? 1 : 0).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length) parts.pop();
      else if (home) aboveHome += 1;
      continue;
    }
    parts.push(part);
  }
  if (aboveHome > 0) return aboveHome === 1 ? `/home/${parts.join('/')}` : `/${parts.join('/')}`;
  if (parts.length === 0) return home ? '~' : '/';
  return (home ? '~/' : '/') + parts.join('/');
}

/** True for `/`, `/*`, `~/*`, `/usr/`, `/e*`, `/[b]in`: anything that names or globs a protected folder. */
function isProtectedPath(path: string): boolean {
  let p = path;
  for (;;) {
    const trimmed = p.replace(/\/(\*|\.)?$/, '');
    if (trimmed === p || trimmed === '') break;
    p = trimmed;
  }
  if (p === '' || p === '/*' || p === '/.') p = '/';
  if (!/[*?[]/.test(p)) return PROTECTED.includes(p);
  const pattern = globToRegExp(p);
  return PROTECTED.some((candidate) => pattern.test(candidate));
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^[!^]/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /^\/$/; // a class the regex engine rejects: match `/` so the operand is refused
  }
}

/** `a{b,c}d` → [abd, acd], nested and repeated; null when it would make too many words. */
export function expandBraces(word: string): string[] | null {
  const words = [word];
  const done: string[] = [];
  while (words.length) {
    const w = words.pop() as string;
    const group = firstBraceGroup(w);
    if (!group) {
      done.push(w);
      continue;
    }
    // `{a..z}`: a sequence; whether one of its words is protected is not worth working out.
    if (group.alternatives === null) return null;
    for (const alt of group.alternatives)
      words.push(w.slice(0, group.start) + alt + w.slice(group.end));
    if (words.length + done.length > MAX_BRACE_WORDS) return null;
  }
  return done;
}

function firstBraceGroup(
  word: string,
): { start: number; end: number; alternatives: string[] | null } | null {
  for (let start = word.indexOf('{'); start !== -1; start = word.indexOf('{', start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < word.length; i += 1) {
      if (word[i] === '{') depth += 1;
      else if (word[i] === '}') depth -= 1;
      else if (word[i] === ',' && depth === 1) commas.push(i);
      if (depth === 0) {
        const body = word.slice(start + 1, i);
        const range = /^(-?\w+)\.\.(-?\w+)$/.test(body);
        if (commas.length === 0 && !range) break; // `{x}` and `${x}` stay as they are
        const cuts = [start, ...commas, i];
        const alternatives = range
          ? null
          : cuts.slice(1).map((cut, k) => word.slice((cuts[k] as number) + 1, cut));
        return { start, end: i + 1, alternatives };
      }
    }
  }
  return null;
}
