// Text that must not be typed into a session without `force: true`: the classic ways to wreck a
// machine from a shell, and keys that would let the shell run something else than the text
// reads. The check reads the text as shell commands (shell-words.ts) rather than grepping it,
// so `rm -rf ./build` or `echo "rm -rf /"` pass while `sudo /bin/rm -fr ~/`, `x=/; rm -rf $x`
// and `bash -c 'rm -rf /*'` do not. It is a guard rail against mistakes and confused agents,
// not a sandbox: a determined caller can always write a script that does the same (the README
// lists what it does not catch).
import { checkCommand, checkPipeline, type Scope } from './command-rules.ts';
import type { DestructiveRule } from './destructive-rule.ts';
import { findControlCharacter } from './control-characters.ts';
import { newShellState, trackState } from './shell-state.ts';
import { parseShell } from './shell-words.ts';

export type { DestructiveRule };

export interface DestructiveMatch {
  rule: DestructiveRule;
  /** What the rule protects against, for the refusal message and the audit log. */
  description: string;
}

const DESCRIPTIONS: Record<DestructiveRule, string> = {
  'control-character':
    'a control character, which a terminal takes as a key (Enter, completion, line editing), not as text; only newlines may separate lines',
  'history-expansion':
    'a history expansion (`!!`, `!rm`, `^old^new`) that runs text the guard cannot see',
  'recursive-delete':
    'a recursive delete of /, ~, a top-level system folder, or a path known only when the shell expands it',
  'recursive-permissions':
    'a recursive permission or owner change on /, ~, a top-level system folder, or a path known only when the shell expands it',
  'fork-bomb': 'a fork bomb',
  'download-to-shell': 'a download piped or substituted into a shell or interpreter',
  'hidden-code': 'decoded or unpacked text (base64 -d, xxd -r, zcat ...) run as code',
  'raw-disk-write': 'a write to a raw disk device',
  'system-file-overwrite':
    'an overwrite of a system file (/etc/passwd, /etc/shadow, /boot, /usr/bin ...)',
  'make-filesystem': 'creating or wiping a filesystem',
};

/** Nesting depth for `bash -c '...'`, `$(...)` and friends; deeper text is checked no further. */
const MAX_NESTING = 6;
const FORK_BOMB =
  /(:|[A-Za-z_]\w*)\s*\(\s*\)\s*\{[^}]*?(\1)\s*\|\s*&?\s*(\1)\s*&[^}]*\}|\bfork\s+while\s+fork\b/;
/** `bash <(curl ...)`, `sh -c "$(wget -O- ...)"`, `source <(curl ...)`: a download run as code. */
const DOWNLOAD_SUBSTITUTED_INTO_SHELL =
  /(^|[\s;&|(])(sh|bash|zsh|dash|ksh|fish|source|eval|\.|python\d?|perl|ruby|node)\s+(-[a-zA-Z]*[ce]\s+|<<<\s*)?["']?(\$\(|`|<\()\s*(sudo\s+)?(curl|wget|fetch)\b/;
/** `^old^new` at the start of a line: bash runs the previous command with `old` replaced. */
const QUICK_SUBSTITUTION = /(^|\n)[ \t]*\^/;

/** The first destructive pattern `text` matches, or null. */
export function findDestructivePattern(text: string): DestructiveMatch | null {
  const control = findControlCharacter(text);
  if (control) {
    return {
      rule: 'control-character',
      description: `${DESCRIPTIONS['control-character']} (${control.label} at offset ${control.index})`,
    };
  }
  const rule = check(text, 0);
  return rule ? { rule, description: DESCRIPTIONS[rule] } : null;
}

/** "the text looks like a fork bomb", for refusal messages. */
export function refusalReason(match: DestructiveMatch): string {
  return match.rule === 'control-character'
    ? `the text contains ${match.description}`
    : `the text looks like ${match.description}`;
}

function check(text: string, depth: number): DestructiveRule | null {
  if (depth > MAX_NESTING) return null;
  if (FORK_BOMB.test(text)) return 'fork-bomb';
  if (DOWNLOAD_SUBSTITUTED_INTO_SHELL.test(text)) return 'download-to-shell';
  if (QUICK_SUBSTITUTION.test(text)) return 'history-expansion';
  const parsed = parseShell(text);
  const scope: Scope = {
    state: newShellState(),
    nested: parsed.nested,
    recheck: (code) => check(code, depth + 1),
  };
  for (const pipeline of parsed.pipelines) {
    for (const command of pipeline) {
      const rule = checkCommand(command, scope);
      if (rule) return rule;
    }
    const rule = checkPipeline(pipeline, scope);
    if (rule) return rule;
    // Assignments and `cd` take effect for the commands after this pipeline.
    for (const command of pipeline) trackState(command, scope.state);
  }
  for (const body of parsed.nested) {
    const rule = check(body, depth + 1);
    if (rule) return rule;
  }
  return null;
}
