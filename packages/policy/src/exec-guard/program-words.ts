// Which program a simple command runs, once the words in front of it that only change how it
// runs (`sudo`, `setsid`, `busybox`, `if`, `X=1`) are dropped.
import { expandWord, type ShellState } from './shell-paths.ts';
import { HISTORY, SUBSTITUTION } from './shell-words.ts';

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'ash', 'yash']);
export const INTERPRETERS = new Set([
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'nodejs',
  'deno',
  'bun',
  'php',
  'lua',
  'tclsh',
]);
export const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh']);
/** Programs that turn encoded text back into code: their output piped into a shell is unreadable here. */
export const DECODERS = new Set([
  'base64',
  'base32',
  'basenc',
  'xxd',
  'openssl',
  'uudecode',
  'gunzip',
  'zcat',
  'bzcat',
  'xzcat',
  'zstdcat',
  'unxz',
  'rev',
]);
/** Programs that run one of their string arguments as a shell command line. */
export const CODE_STRING_RUNNERS = new Set([
  'su',
  'runuser',
  'sg',
  'watch',
  'ssh',
  'script',
  'flock',
  'parallel',
  'tmux',
  'screen',
  'systemd-run',
  'at',
  'batch',
]);

/** Shell words that open or close a construct around a command (`if rm -rf /; then ...`). */
const RESERVED = new Set([
  '!',
  '{',
  '}',
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'time',
  'coproc',
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
  'setsid',
  'busybox',
  'toybox',
  'unbuffer',
  'chrt',
  'taskset',
  'strace',
  'ltrace',
  'valgrind',
  'firejail',
  'unshare',
  'nsenter',
  'torsocks',
  'proxychains',
  'proxychains4',
  'catchsegv',
  'faketime',
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
  '-I',
  '-a',
]);

/** Drops reserved words, assignments and wrappers (`sudo -u root env X=1 nice -n 5 rm ...` → `rm ...`). */
export function unwrap(words: string[], state: ShellState): string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i] as string;
    if (RESERVED.has(word) || /^[A-Za-z_]\w*=/.test(word)) {
      i += 1;
      continue;
    }
    const name = programName(word, state);
    if (name === undefined || !WRAPPERS.has(name)) break;
    i += 1;
    while (i < words.length) {
      const option = words[i] as string;
      if (option === '--') {
        i += 1;
        break;
      }
      // `timeout 5 rm ...`: a bare duration; `env X=1`: an assignment; `taskset 0x3`: a mask.
      const isValue =
        /^(\d+(\.\d+)?[smhd]?|0x[0-9a-fA-F]+)$/.test(option) || /^[A-Za-z_]\w*=/.test(option);
      if (!option.startsWith('-') && !isValue) break;
      i += WRAPPER_OPTIONS_WITH_VALUE.has(option) ? 2 : 1;
    }
  }
  return words.slice(i);
}

/** `/bin/rm` → `rm`, `\rm` → `rm`, `$cmd` with `cmd=rm` set earlier → `rm`; undefined when unknown. */
export function programName(word: string | undefined, state: ShellState): string | undefined {
  if (word === undefined || word.includes(SUBSTITUTION) || word.includes(HISTORY)) return undefined;
  const expanded = word.includes('$') ? expandWord(word, state) : word;
  if (expanded.includes('\u0000')) return undefined;
  return expanded.slice(expanded.lastIndexOf('/') + 1) || undefined;
}

/** True for a command whose name is a history expansion (`!!`, `sudo !!`, `!rm`). */
export function runsHistory(argv: string[]): boolean {
  return argv[0]?.includes(HISTORY) ?? false;
}
