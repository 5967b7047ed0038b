import { describe, expect, it } from 'vitest';
import { readPrompt, type PromptScreen } from './screen-prompt.ts';

/** A screen from lines; the cursor goes where `|` is (removed), or nowhere. */
function screen(lines: string[]): PromptScreen {
  let cursorX: number | null = null;
  let cursorY: number | null = null;
  const clean = lines.map((line, y) => {
    const x = line.indexOf('|');
    if (x === -1 || line.includes('│')) return line;
    cursorX = x;
    cursorY = y;
    return line.slice(0, x) + line.slice(x + 1);
  });
  return { lines: clean, cursorX, cursorY };
}

// Claude Code 1.0.x draws its permission prompt in a box; option 2 varies with the tool.
const CLAUDE_BOX = [
  '> remove the build log',
  '',
  '╭───────────────────────────────────────────────────────────────╮',
  '│ Bash command                                                  │',
  '│                                                               │',
  '│   rm build.log                                                │',
  '│   Remove the build log                                        │',
  '│                                                               │',
  '│ Do you want to proceed?                                       │',
  '│ ❯ 1. Yes                                                      │',
  "│   2. Yes, and don't ask again for rm commands in /work/app    │",
  '│   3. No, and tell Claude what to do differently (esc)         │',
  '╰───────────────────────────────────────────────────────────────╯',
];

// Codex 0.x approval overlay (codex-rs/tui bottom_pane/approval_overlay.rs).
const CODEX_EXEC = [
  '  Would you like to run the following command?',
  '',
  '  Reason: run the tests',
  '',
  '  $ npm test',
  '',
  '› 1. Yes, proceed (y)',
  "  2. Yes, and don't ask again for commands that start with `npm test` (p)",
  '  3. No, and tell Codex what to do differently (esc)',
  '',
  '  Press enter to confirm or esc to cancel',
];

// Gemini CLI 0.x ToolConfirmationMessage (packages/cli/src/ui/components/messages).
const GEMINI_EXEC = [
  '╭──────────────────────────────────────────────────────────────────────────────╮',
  '│ ls -la                                                                       │',
  '╰──────────────────────────────────────────────────────────────────────────────╯',
  'Allow execution of [Shell]?',
  '',
  '● 1. Allow once',
  '  2. Allow for this session',
  '  3. No, suggest changes (esc)',
];

describe('readPrompt: permission menus', () => {
  it("Claude Code's boxed menu: digits pick Yes and No, no Enter", () => {
    const read = readPrompt(screen(CLAUDE_BOX));
    expect(read?.prompt).toMatchObject({
      kind: 'permission',
      agent: 'claude',
      question: 'Do you want to proceed?',
      answers: ['approve', 'deny'],
    });
    expect(read?.keys).toEqual({
      approve: { text: '1', enter: false },
      deny: { text: '3', enter: false },
    });
  });

  it("Claude Code's two-option menu without a box, a hint line below", () => {
    const read = readPrompt(
      screen([
        '────────────────────────────────────────',
        ' Edit file',
        ' notes.txt',
        ' Do you want to make this edit to notes.txt?',
        ' ❯ 1. Yes',
        '   2. No, and tell Claude what to do differently (esc)',
        '',
        ' Esc to cancel · Tab to add additional instructions',
      ]),
    );
    expect(read?.prompt.agent).toBe('claude');
    expect(read?.keys.deny).toEqual({ text: '2', enter: false });
  });

  it("Codex's approval overlay: its y and n keys", () => {
    const read = readPrompt(screen(CODEX_EXEC));
    expect(read?.prompt).toMatchObject({
      kind: 'permission',
      agent: 'codex',
      question: 'Would you like to run the following command?',
    });
    expect(read?.keys).toEqual({
      approve: { text: 'y', enter: false },
      deny: { text: 'n', enter: false },
    });
  });

  it("Gemini CLI's confirmation: digits", () => {
    const read = readPrompt(screen(GEMINI_EXEC));
    expect(read?.prompt).toMatchObject({
      agent: 'gemini',
      question: 'Allow execution of [Shell]?',
    });
    expect(read?.keys).toEqual({
      approve: { text: '1', enter: false },
      deny: { text: '3', enter: false },
    });
  });

  it('a label wrapped onto a second row still reads as one option', () => {
    const read = readPrompt(
      screen([
        'Do you want to proceed?',
        '❯ 1. Yes',
        "  2. Yes, and don't ask again for npm run build:docs commands in",
        '     /home/someone/projects/a-long-folder-name',
        '  3. No, and tell Claude what to do differently (esc)',
      ]),
    );
    expect(read?.keys.deny).toEqual({ text: '3', enter: false });
  });

  it('the id follows the prompt: another command is another id; moving the highlight is not', () => {
    const id = readPrompt(screen(CLAUDE_BOX))?.prompt.id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const other = CLAUDE_BOX.map((l) => l.replace('rm build.log  ', 'rm -r dist    '));
    expect(readPrompt(screen(other))?.prompt.id).not.toBe(id);
    const moved = CLAUDE_BOX.map((l) =>
      l.replace('│ ❯ 1. Yes  ', '│   1. Yes  ').replace('│   3. No,', '│ ❯ 3. No,'),
    );
    expect(readPrompt(screen(moved))?.prompt.id).toBe(id);
  });

  it('a menu with output below it is history; a menu without a No is not a permission prompt', () => {
    expect(readPrompt(screen([...CODEX_EXEC, '✔ You approved codex to run npm test']))).toBeNull();
    expect(
      readPrompt(screen(['Which model?', '❯ 1. Opus', '  2. Sonnet', '  3. Haiku'])),
    ).toBeNull();
  });
});

describe('readPrompt: questions', () => {
  it('a (y/n) question at the cursor takes y, n (with Enter) or a reply', () => {
    const read = readPrompt(screen(['Working on it', 'Apply the change? (y/n) |']));
    expect(read?.prompt).toMatchObject({
      kind: 'question',
      question: 'Apply the change? (y/n)',
      answers: ['approve', 'deny', 'reply'],
    });
    expect(read?.keys).toEqual({
      approve: { text: 'y', enter: true },
      deny: { text: 'n', enter: true },
    });
  });

  it('a plain question takes a reply only', () => {
    const read = readPrompt(screen(['Name of the new branch? |']));
    expect(read?.prompt).toMatchObject({ kind: 'question', answers: ['reply'] });
    expect(read?.keys).toEqual({});
  });

  it('an answered question, a shell prompt, a command being typed: nothing to answer', () => {
    expect(readPrompt(screen(['Apply the change? (y/n) y', 'applied: y', '|']))).toBeNull();
    expect(readPrompt(screen(['$ ls', 'a b', '$ |']))).toBeNull();
    expect(readPrompt(screen(['$ ls foo? |']))).toBeNull();
    expect(readPrompt(screen(['', '']))).toBeNull();
  });

  it('a half-typed answer is no longer the prompt; the same question after other output is another prompt', () => {
    expect(readPrompt(screen(['Apply the change? (y/n) y|']))).toBeNull();
    const first = readPrompt(screen(['$ ./apply.sh a.patch', 'Apply the change? (y/n) |']));
    const second = readPrompt(screen(['$ ./apply.sh b.patch', 'Apply the change? (y/n) |']));
    expect(first?.prompt.id).toMatch(/^[0-9a-f]{16}$/);
    expect(second?.prompt.id).not.toBe(first?.prompt.id);
  });
});
