// Stand-ins for coding agents, for tests that cannot run the real ones (they need accounts):
// bash scripts that look busy, then print the agent's real permission prompt (or a question) and
// read the answer the way the agent does, a single key for a menu and a line for a question, and
// record exactly what they got. The prompts are copied from the agents' own sources and tests:
// Claude Code 1.0.x (its permission box), Codex (codex-rs/tui bottom_pane/approval_overlay.rs),
// Gemini CLI 0.5x (ToolConfirmationMessage snapshots).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type StandInKind = 'claude' | 'codex' | 'gemini' | 'question';

const CLAUDE_BUSY = '✻ Thinking… (12s · ↓ 1.2k tokens · esc to interrupt)';

function claudePrompt(command: string): string[] {
  const row = (text: string) => `│ ${text.padEnd(62)} │`;
  return [
    `╭${'─'.repeat(64)}╮`,
    row('Bash command'),
    row(''),
    row(`  ${command}`),
    row('  Clean up before the build'),
    row(''),
    row('Do you want to proceed?'),
    row('❯ 1. Yes'),
    row(`  2. Yes, and don't ask again for ${command.split(' ')[0]} commands in /work/app`),
    row('  3. No, and tell Claude what to do differently (esc)'),
    `╰${'─'.repeat(64)}╯`,
  ];
}

function codexPrompt(command: string): string[] {
  return [
    '  Would you like to run the following command?',
    '',
    `  $ ${command}`,
    '',
    '› 1. Yes, proceed (y)',
    `  2. Yes, and don't ask again for commands that start with \`${command}\` (p)`,
    '  3. No, and tell Codex what to do differently (esc)',
    '',
    '  Press enter to confirm or esc to cancel',
  ];
}

function geminiPrompt(command: string): string[] {
  return [
    `╭${'─'.repeat(60)}╮`,
    `│ ${command.padEnd(58)} │`,
    `╰${'─'.repeat(60)}╯`,
    'Allow execution of [Shell]?',
    '',
    '● 1. Allow once',
    '  2. Allow for this session',
    '  3. No, suggest changes (esc)',
  ];
}

const BUSY: Record<StandInKind, string> = {
  claude: CLAUDE_BUSY,
  codex: '• Working (5s • esc to interrupt)',
  gemini: '⠏ Reading files (esc to cancel, 3s)',
  question: 'Working on it (esc to interrupt)',
};

/** The prompt each stand-in shows first, and after `change()` (another command, another question). */
export const STAND_IN_PROMPTS: Record<StandInKind, { first: string[]; changed: string[] }> = {
  claude: { first: claudePrompt('rm build.log'), changed: claudePrompt('rm -r dist') },
  codex: { first: codexPrompt('npm test'), changed: codexPrompt('npm publish') },
  gemini: { first: geminiPrompt('ls -la'), changed: geminiPrompt('git push') },
  question: { first: ['Name of the new branch? '], changed: ['', 'Name of the release tag? '] },
};

const quoteLines = (lines: string[]) =>
  lines.map((line) => `'${line.replace(/'/g, `'\\''`)}'`).join(' ');

/**
 * The script of a stand-in. Run as `script <dir>`: busy until `<dir>/ask` exists, then the prompt;
 * `<dir>/change` makes it show another prompt instead (the screen moved on). A menu answer is
 * ONE key read without echo (as the agents' TUIs read it), a question's a line with echo; either
 * is appended to `<dir>/got` byte for byte, then the stand-in looks busy again.
 */
export function standInScript(kind: StandInKind): string {
  const { first, changed } = STAND_IN_PROMPTS[kind];
  const menu = kind !== 'question';
  const read = menu
    ? `old=$(stty -g); stty -icanon -echo min 0 time 1
while :; do
  key=$(dd bs=1 count=1 2>/dev/null)
  if [ -n "$key" ]; then break; fi
  maybe_change
done
stty "$old"
printf '%s' "$key" >> "$dir/got"
printf '\\ngot key: %s\\n' "$key"`
    : `line=''
while :; do
  if IFS= read -r -t 0.1 part; then line="$line$part"; break; fi
  line="$line$part"
  maybe_change
done
printf '%s\\n' "$line" >> "$dir/got"
printf 'got reply: %s\\n' "$line"`;
  return `#!/bin/bash
dir="$1"
changed=''
maybe_change() {
  if [ -z "$changed" ] && [ -e "$dir/change" ]; then
    changed=1
    printf '\\n'
    printf '%s\\n' ${quoteLines(changed.slice(0, -1))}
    printf '%s' ${quoteLines(changed.slice(-1))}
  fi
}
printf '%s\\n' '${BUSY[kind]}'
while [ ! -e "$dir/ask" ]; do sleep 0.05; done
${first.length > 1 ? `printf '%s\\n' ${quoteLines(first.slice(0, -1))}` : ''}
printf '%s' ${quoteLines(first.slice(-1))}
${read}
printf '%s\\n' '${BUSY[kind]}'
exec sleep 600
`;
}

/** A stand-in written into `dir` (the script and its flag folder), with its controls. */
export interface StandIn {
  /** The command line a session runs. */
  command: string;
  /** Shows the prompt. */
  ask(): void;
  /** Shows another prompt in place of the first (before it is answered). */
  change(): void;
  /** What reached it: the keys (menu) or lines (question), byte for byte; '' when nothing. */
  got(): string;
}

export function writeStandIn(dir: string, kind: StandInKind, name: string = kind): StandIn {
  const flags = join(dir, `${name}-flags`);
  mkdirSync(flags, { recursive: true });
  const script = join(dir, `${name}-stand-in.sh`);
  writeFileSync(script, standInScript(kind));
  chmodSync(script, 0o755);
  const got = join(flags, 'got');
  return {
    command: `${script} ${flags}`,
    ask: () => writeFileSync(join(flags, 'ask'), ''),
    change: () => writeFileSync(join(flags, 'change'), ''),
    got: () => (existsSync(got) ? readFileSync(got, 'utf8') : ''),
  };
}
