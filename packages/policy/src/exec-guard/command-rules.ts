// The rules for one simple command (`rm -rf /`) and for one pipeline (`curl ... | sh`).
import type { DestructiveRule } from './destructive-rule.ts';
import {
  CODE_STRING_RUNNERS,
  DECODERS,
  DOWNLOADERS,
  INTERPRETERS,
  SHELLS,
  programName,
  runsHistory,
  unwrap,
} from './program-words.ts';
import { classifyTarget, expandWord, isSystemFile, type ShellState } from './shell-paths.ts';
import { parseShell, SUBSTITUTION, type SimpleCommand } from './shell-words.ts';

/** Where a command is read: what the text set so far, the substitutions, and how to check nested code. */
export interface Scope {
  state: ShellState;
  /** Bodies of `$(...)`, backticks and `<(...)` in the text. */
  nested: string[];
  recheck: (code: string) => DestructiveRule | null;
}

/** Whole disks and partitions: sda, sda1, nvme0n1p2, mmcblk0, vda, xvda, md0, dm-0, mapper/*, disk0 (macOS). */
const DISK_DEVICE =
  /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|md\d|dm-\d|mapper\/|r?disk\d)/;
const MAKE_FILESYSTEM = /^(mkfs(\..+)?|mke2fs|mkswap|mkntfs|mkdosfs|wipefs)$/;
/** Programs looked for anywhere in a command's words (`ssh host rm -rf /`, `flock f rm -rf /`). */
const DANGEROUS_ANYWHERE =
  /^(rm|find|chmod|chown|chgrp|dd|shred|eval|mkfs(\..+)?|mke2fs|mkswap|wipefs)$/;
/** String literals in interpreter code (`os.system("rm -rf /")`). */
const STRING_LITERAL = /'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|`((?:\\.|[^`\\])*)`/g;

export function checkCommand(command: SimpleCommand, scope: Scope): DestructiveRule | null {
  const { state } = scope;
  const redirects = command.redirects.map((r) => expandWord(r, state));
  if (redirects.some((target) => DISK_DEVICE.test(target))) return 'raw-disk-write';
  if (command.truncates.some((target) => isSystemFile(target, state)))
    return 'system-file-overwrite';
  const argv = unwrap(command.words, state);
  if (runsHistory(argv)) return 'history-expansion';
  const rule = checkArgv(argv, command.hereStrings, scope);
  if (rule) return rule;
  // A dangerous program further along the words: a wrapper this file does not know.
  for (let k = 1; k < argv.length; k += 1) {
    if (!isDangerousName(programName(argv[k], state))) continue;
    const inner = checkArgv(unwrap(argv.slice(k), state), [], scope);
    if (inner) return inner;
  }
  return null;
}

function isDangerousName(name: string | undefined): boolean {
  return (
    name !== undefined &&
    (DANGEROUS_ANYWHERE.test(name) || SHELLS.has(name) || INTERPRETERS.has(name))
  );
}

function checkArgv(argv: string[], hereStrings: string[], scope: Scope): DestructiveRule | null {
  const { state } = scope;
  const name = programName(argv[0], state);
  if (name === undefined) return null;
  const args = argv.slice(1);
  const dangerous = (target: string) => classifyTarget(target, state) !== 'ordinary';

  if (name === 'rm' && hasRecursiveFlag(args, /^-[a-zA-Z]*[rR]/) && operands(args).some(dangerous))
    return 'recursive-delete';
  if (name === 'find') {
    const root = args[0] === undefined || args[0].startsWith('-') ? '.' : args[0];
    const deletes = args.some((a) => a === '-delete' || programName(a, state) === 'rm');
    if (deletes && dangerous(root)) return 'recursive-delete';
  }
  if (
    (name === 'chmod' || name === 'chown' || name === 'chgrp') &&
    hasRecursiveFlag(args, /^-[a-zA-Z]*R/) &&
    // The first operand is the mode or owner (`chown -R $USER ~/x`), unless --reference names a file.
    operands(args)
      .slice(args.some((a) => a.startsWith('--reference')) ? 0 : 1)
      .some(dangerous)
  ) {
    return 'recursive-permissions';
  }
  const expanded = args.map((a) => expandWord(a, state));
  if (name === 'dd' && expanded.some((a) => a.startsWith('of=') && DISK_DEVICE.test(a.slice(3))))
    return 'raw-disk-write';
  const written =
    name === 'cp'
      ? operands(expanded).slice(-1)
      : name === 'shred' || name === 'tee'
        ? operands(expanded)
        : [];
  if (written.some((a) => DISK_DEVICE.test(a))) return 'raw-disk-write';
  if (
    (name === 'tee' && !args.some((a) => /^-[a-z]*a|^--append$/.test(a))) ||
    name === 'truncate'
  ) {
    if (operands(args).some((a) => isSystemFile(a, state))) return 'system-file-overwrite';
  }
  // `mkfs.ext4` alone only prints its usage; a device operand makes it real.
  if (MAKE_FILESYSTEM.test(name) && operands(args).length > 0) return 'make-filesystem';

  if (SHELLS.has(name) || INTERPRETERS.has(name)) {
    // `bash -c 'code'`, `sh -ec 'code'`, `python -c 'code'`, `bash <<< 'code'`: check the code.
    const flag = args.findIndex((a) => /^-[a-zA-Z]*[ce]$/.test(a) && !a.startsWith('--'));
    const codes = [...(flag === -1 ? [] : [args[flag + 1]]), ...hereStrings].filter(
      (c): c is string => c !== undefined,
    );
    // `bash <(...)`, `sh -c "$(...)"`: code that only exists once a substitution ran.
    const substituted = [...codes, ...args].some((c) => c.includes(SUBSTITUTION));
    if (substituted && scope.nested.some(producesHiddenCode)) return 'hidden-code';
    for (const code of codes) {
      const rule = checkCode(name, code, scope);
      if (rule) return rule;
    }
  }
  if (name === 'eval' || name === 'source' || name === '.') {
    if (args.some((a) => a.includes(SUBSTITUTION)) && scope.nested.some(producesHiddenCode))
      return 'hidden-code';
    if (name === 'eval') return scope.recheck(args.join(' '));
  }
  if (CODE_STRING_RUNNERS.has(name)) {
    // `su -c 'rm -rf /'`, `watch 'rm -rf /'`, `ssh host 'rm -rf /'`: a string run as a command line.
    for (const code of args.filter((a) => /\s/.test(a))) {
      const rule = scope.recheck(code);
      if (rule) return rule;
    }
  }
  return null;
}

/** Code for a shell is shell; for an interpreter, its string literals may be shell (`os.system("...")`). */
function checkCode(program: string, code: string, scope: Scope): DestructiveRule | null {
  const rule = scope.recheck(code);
  if (rule || SHELLS.has(program)) return rule;
  const literals = [...code.matchAll(STRING_LITERAL)].map((m) =>
    (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'),
  );
  // Each literal alone (`system("rm -rf /")`) and all of them in a row (`["rm", "-rf", "/"]`).
  for (const text of [...literals, literals.join(' ')]) {
    const inner = scope.recheck(text);
    if (inner) return inner;
  }
  return null;
}

/** True when `body` (a substitution) decodes or downloads text, so what runs is unreadable here. */
function producesHiddenCode(body: string): boolean {
  return parseShell(body).pipelines.some((pipeline) =>
    pipeline.some((c) => {
      const name = programName(unwrap(c.words, { vars: new Map(), cwd: null })[0], {
        vars: new Map(),
        cwd: null,
      });
      return name !== undefined && (DECODERS.has(name) || DOWNLOADERS.has(name));
    }),
  );
}

/** Rules that need the whole pipeline: what flows into a shell's stdin. */
export function checkPipeline(pipeline: SimpleCommand[], scope: Scope): DestructiveRule | null {
  const { state } = scope;
  const argvs = pipeline.map((c) => unwrap(c.words, state));
  const names = argvs.map((argv) => programName(argv[0], state) ?? '');
  for (let i = 1; i < pipeline.length; i += 1) {
    const argv = argvs[i] as string[];
    const upstream = names.slice(0, i);
    if (readsCodeFromStdin(argv, state)) {
      if (upstream.some((n) => DOWNLOADERS.has(n))) return 'download-to-shell';
      if (upstream.some((n) => DECODERS.has(n))) return 'hidden-code';
      // `echo 'rm -rf /' | sh`: the code is right there; read it.
      const code = literalOutput(argvs[i - 1] as string[], names[i - 1] as string);
      if (code !== null) {
        const rule = checkCode(names[i] as string, code, scope);
        if (rule) return rule;
      }
    }
    // `echo / | xargs rm -rf`: what xargs appends comes from the command before it.
    const words = pipeline[i]?.words ?? [];
    if (words.some((w) => programName(w, state) === 'xargs')) {
      const appended = literalOutput(argvs[i - 1] as string[], names[i - 1] as string);
      const rule = appended === null ? null : checkArgvWithOperands(argv, appended, scope);
      if (rule) return rule;
    }
  }
  return null;
}

function checkArgvWithOperands(
  argv: string[],
  appended: string,
  scope: Scope,
): DestructiveRule | null {
  const operandsFromStdin = appended.split(/\s+/).filter(Boolean);
  return checkArgv([...argv, ...operandsFromStdin], [], scope);
}

/** What `echo`/`printf` with literal words writes (escapes `\n` read as newlines), else null. */
function literalOutput(argv: string[], name: string): string | null {
  if (name !== 'echo' && name !== 'printf') return null;
  const words = argv.slice(1).filter((w) => !/^-[neE]+$/.test(w));
  return words.join(' ').replace(/\\n/g, '\n');
}

function readsCodeFromStdin(argv: string[], state: ShellState): boolean {
  const name = programName(argv[0], state);
  if (name === undefined || !(SHELLS.has(name) || INTERPRETERS.has(name))) return false;
  const args = argv.slice(1);
  if (args.includes('-') || args.includes('-s')) return true;
  // `python -m json.tool`, `bash -c '...'`, `node script.js`: the code comes from elsewhere.
  if (args.some((a) => /^-[a-zA-Z]*[cem]$/.test(a))) return false;
  return args.every((a) => a.startsWith('-'));
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
