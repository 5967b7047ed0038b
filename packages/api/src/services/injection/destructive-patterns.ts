// Text that must not be typed into a session without `force: true`: the classic ways to wreck a
// machine from a shell. The check reads the text as shell commands (shell-words.ts) rather than
// grepping it, so `rm -rf ./build` or `echo "rm -rf /"` pass while `sudo /bin/rm -fr ~/` and
// `bash -c 'rm -rf /*'` do not. It is a guard rail against mistakes and confused agents, not a
// sandbox: a determined caller can always write a script that does the same.
import { parseShell, SUBSTITUTION, type SimpleCommand } from './shell-words.ts';

export type DestructiveRule =
  | 'recursive-delete'
  | 'recursive-permissions'
  | 'fork-bomb'
  | 'download-to-shell'
  | 'raw-disk-write'
  | 'make-filesystem';

export interface DestructiveMatch {
  rule: DestructiveRule;
  /** What the rule protects against, for the refusal message and the audit log. */
  description: string;
}

const DESCRIPTIONS: Record<DestructiveRule, string> = {
  'recursive-delete': 'recursive delete of /, ~ or a top-level system folder',
  'recursive-permissions':
    'recursive permission or owner change on /, ~ or a top-level system folder',
  'fork-bomb': 'fork bomb',
  'download-to-shell': 'piping a download into a shell or interpreter',
  'raw-disk-write': 'writing to a raw disk device',
  'make-filesystem': 'creating or wiping a filesystem',
};

/** Nesting depth for `bash -c '...'`, `$(...)` and friends; deeper text is checked no further. */
const MAX_NESTING = 6;

/** `/`, `~`, `$HOME` and the top-level system folders, after trailing `/`, `/*` and `/.` are removed. */
const PROTECTED_TARGET =
  /^(\/|~|\$HOME|\$\{HOME\}|\/(bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|sbin|srv|sys|usr|var))$/;
/** Whole disks and partitions: sda, sda1, nvme0n1p2, mmcblk0, vda, xvda, md0, dm-0, mapper/*, disk0 (macOS). */
const DISK_DEVICE =
  /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|md\d|dm-\d|mapper\/|r?disk\d)/;
const FORK_BOMB =
  /(:|[A-Za-z_]\w*)\s*\(\s*\)\s*\{[^}]*?(\1)\s*\|\s*&?\s*(\1)\s*&[^}]*\}|\bfork\s+while\s+fork\b/;
/** `bash <(curl ...)`, `sh -c "$(wget -O- ...)"`, `source <(curl ...)`: a download run as code. */
const DOWNLOAD_SUBSTITUTED_INTO_SHELL =
  /(^|[\s;&|(])(sh|bash|zsh|dash|ksh|fish|source|\.|python\d?|perl|ruby|node)\s+(-[a-zA-Z]*[ce]\s+)?["']?(\$\(|`|<\()\s*(sudo\s+)?(curl|wget|fetch)\b/;
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'ash', 'busybox']);
const INTERPRETERS = new Set([
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'php',
  'lua',
]);
/** Commands that run the rest of their arguments as another command. */
const WRAPPERS = new Set([
  'sudo',
  'doas',
  'command',
  'builtin',
  'exec',
  'nohup',
  'time',
  'nice',
  'ionice',
  'stdbuf',
  'timeout',
  'env',
  'chroot',
  'xargs',
]);
/** Wrapper options that take a value (`sudo -u root`, `nice -n 5`, `timeout -s KILL 5`). */
const WRAPPER_OPTIONS_WITH_VALUE = new Set([
  '-u',
  '-g',
  '-C',
  '-D',
  '-h',
  '-p',
  '-U',
  '-r',
  '-t',
  '-n',
  '-k',
]);

/** The first destructive pattern `text` matches, or null. */
export function findDestructivePattern(text: string): DestructiveMatch | null {
  const rule = check(text, 0);
  return rule ? { rule, description: DESCRIPTIONS[rule] } : null;
}

function check(text: string, depth: number): DestructiveRule | null {
  if (depth > MAX_NESTING) return null;
  if (FORK_BOMB.test(text)) return 'fork-bomb';
  if (DOWNLOAD_SUBSTITUTED_INTO_SHELL.test(text)) return 'download-to-shell';
  const parsed = parseShell(text);
  for (const pipeline of parsed.pipelines) {
    for (const command of pipeline) {
      const rule = checkCommand(command, depth);
      if (rule) return rule;
    }
    if (downloadsIntoInterpreter(pipeline)) return 'download-to-shell';
  }
  for (const body of parsed.nested) {
    const rule = check(body, depth + 1);
    if (rule) return rule;
  }
  return null;
}

function checkCommand(command: SimpleCommand, depth: number): DestructiveRule | null {
  if (command.redirects.some((target) => DISK_DEVICE.test(target))) return 'raw-disk-write';
  const argv = unwrap(command.words);
  const name = programName(argv[0]);
  if (name === undefined) return null;
  const args = argv.slice(1);

  if (
    name === 'rm' &&
    hasRecursiveFlag(args, /^-[a-zA-Z]*[rR]/) &&
    operands(args).some(isProtected)
  ) {
    return 'recursive-delete';
  }
  if (
    name === 'find' &&
    isProtected(args[0] ?? '') &&
    args.some((a) => a === '-delete' || a === 'rm')
  ) {
    return 'recursive-delete';
  }
  if (
    (name === 'chmod' || name === 'chown' || name === 'chgrp') &&
    hasRecursiveFlag(args, /^-[a-zA-Z]*R/) &&
    operands(args).some(isProtected)
  ) {
    return 'recursive-permissions';
  }
  if (name === 'dd' && args.some((a) => a.startsWith('of=') && DISK_DEVICE.test(a.slice(3))))
    return 'raw-disk-write';
  const written =
    name === 'cp'
      ? operands(args).slice(-1)
      : name === 'shred' || name === 'tee'
        ? operands(args)
        : [];
  if (written.some((a) => DISK_DEVICE.test(a))) return 'raw-disk-write';
  if (/^(mkfs(\..+)?|mke2fs|mkswap|mkntfs|mkdosfs|wipefs)$/.test(name)) return 'make-filesystem';

  if (SHELLS.has(name) || INTERPRETERS.has(name)) {
    // `bash -c 'code'`, `sh -ec 'code'`, `python -c 'code'`: check the code itself.
    const flag = args.findIndex((a) => /^-[a-zA-Z]*[ce]$/.test(a) && !a.startsWith('--'));
    const code = flag === -1 ? undefined : args[flag + 1];
    if (code !== undefined) return check(code, depth + 1);
  }
  if (name === 'eval') return check(args.join(' '), depth + 1);
  return null;
}

/** `curl ... | sudo bash`: a downloader earlier in the pipeline, a program reading code from stdin later. */
function downloadsIntoInterpreter(pipeline: SimpleCommand[]): boolean {
  const downloadAt = pipeline.findIndex((c) =>
    DOWNLOADERS.has(programName(unwrap(c.words)[0]) ?? ''),
  );
  if (downloadAt === -1) return false;
  return pipeline.slice(downloadAt + 1).some((c) => readsCodeFromStdin(unwrap(c.words)));
}

function readsCodeFromStdin(argv: string[]): boolean {
  const name = programName(argv[0]);
  if (name === undefined || !(SHELLS.has(name) || INTERPRETERS.has(name))) return false;
  const args = argv.slice(1);
  if (args.includes('-') || args.includes('-s')) return true;
  // `python -m json.tool`, `bash -c '...'`, `node script.js`: the code comes from elsewhere.
  if (args.some((a) => /^-[a-zA-Z]*[cem]$/.test(a))) return false;
  return args.every((a) => a.startsWith('-'));
}

/** Drops variable assignments and wrappers (`sudo -u root env X=1 nice -n 5 rm ...` → `rm ...`). */
function unwrap(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i] as string;
    if (word === '{' || /^[A-Za-z_]\w*=/.test(word)) {
      i += 1;
      continue;
    }
    const name = programName(word);
    if (name === undefined || !WRAPPERS.has(name)) break;
    i += 1;
    while (i < words.length) {
      const option = words[i] as string;
      if (option === '--') {
        i += 1;
        break;
      }
      // `timeout 5 rm ...`: a bare duration; `env X=1`: an assignment.
      const isValue = /^\d+(\.\d+)?[smhd]?$/.test(option) || /^[A-Za-z_]\w*=/.test(option);
      if (!option.startsWith('-') && !isValue) break;
      i += WRAPPER_OPTIONS_WITH_VALUE.has(option) ? 2 : 1;
    }
  }
  return words.slice(i);
}

/** `/bin/rm` → `rm`, `\rm` → `rm`; undefined for nothing or a substitution. */
function programName(word: string | undefined): string | undefined {
  if (word === undefined || word.includes(SUBSTITUTION)) return undefined;
  return word.slice(word.lastIndexOf('/') + 1) || undefined;
}

function hasRecursiveFlag(args: string[], short: RegExp): boolean {
  const options = args.slice(0, endOfOptions(args));
  return options.some((a) => a === '--recursive' || (!a.startsWith('--') && short.test(a)));
}

/** Arguments that are not options (everything after `--` counts as an operand). */
function operands(args: string[]): string[] {
  const end = endOfOptions(args);
  return [...args.slice(0, end).filter((a) => !a.startsWith('-')), ...args.slice(end + 1)];
}

function endOfOptions(args: string[]): number {
  const index = args.indexOf('--');
  return index === -1 ? args.length : index;
}

/** True for `/`, `/*`, `//`, `~/`, `~/*`, `$HOME/.`, `/usr/`, ... */
function isProtected(target: string): boolean {
  let t = target.replace(/\/{2,}/g, '/');
  for (;;) {
    const trimmed = t.replace(/\/(\*|\.)?$/, '');
    if (trimmed === t || trimmed === '') break;
    t = trimmed;
  }
  if (t === '' || t === '/*' || t === '/.') t = '/';
  return PROTECTED_TARGET.test(t);
}
