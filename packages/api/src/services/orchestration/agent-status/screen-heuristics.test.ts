import { describe, expect, it } from 'vitest';
import { activityText, classifyScreen, stripSgr, type ScreenSample } from './screen-heuristics.ts';

/** A screen from lines; the cursor goes where `|` is (removed), or nowhere. */
function screen(
  kind: 'shell' | 'agent',
  lines: string[],
  extra: Partial<ScreenSample> = {},
): ScreenSample {
  let cursorX: number | null = null;
  let cursorY: number | null = null;
  const clean = lines.map((line, y) => {
    const x = line.indexOf('|');
    if (x === -1) return line;
    cursorX = x;
    cursorY = y;
    return line.slice(0, x) + line.slice(x + 1);
  });
  return { text: clean.join('\n'), cursorX, cursorY, alternateScreen: false, kind, ...extra };
}

const twice = (sample: ScreenSample) => classifyScreen(sample, sample.text);

describe('classifyScreen: agents', () => {
  it('Claude Code thinking is running, changed or not', () => {
    const s = screen('agent', [
      '> fix the failing test',
      '',
      '✻ Thinking… (12s · ↓ 1.2k tokens · esc to interrupt)',
      '',
      '╭──────────────────────────────╮',
      '│ >                            │',
      '╰──────────────────────────────╯',
      '  ? for shortcuts',
    ]);
    expect(classifyScreen(s, null).status).toBe('running');
    expect(twice(s).status).toBe('running');
  });

  it('Codex and Gemini busy lines are running', () => {
    expect(
      twice(screen('agent', ['• Working (5s • Esc to interrupt)', '', '▌ Ask Codex'])).status,
    ).toBe('running');
    expect(twice(screen('agent', ['⠏ Reading files (esc to cancel, 3s)', '', '> '])).status).toBe(
      'running',
    );
  });

  it('a permission question is waiting', () => {
    const s = screen('agent', [
      '╭──────────────────────────────────────╮',
      '│ Bash command                          │',
      '│   rm build.log                        │',
      '│ Do you want to proceed?               │',
      '│ ❯ 1. Yes                              │',
      '│   2. No, and tell Claude what to do   │',
      '╰──────────────────────────────────────╯',
    ]);
    expect(classifyScreen(s, null).status).toBe('waiting');
  });

  it('the marker nearest the bottom wins: a question after an old busy line is waiting', () => {
    const s = screen('agent', [
      'Working (esc to interrupt)',
      'done working',
      'Do you want to proceed? (y/n) |',
    ]);
    expect(classifyScreen(s, null).status).toBe('waiting');
    const again = screen('agent', ['Apply? (y/n) y', '✻ Thinking… (esc to interrupt)', '', '> ']);
    expect(classifyScreen(again, null).status).toBe('running');
  });

  it('a shell prompt on the bottom line makes old busy lines and questions history', () => {
    const s = screen('agent', [
      'Working (esc to interrupt)',
      'Do you want to proceed? (y/n) y',
      'answered y',
      '$ |',
    ]);
    expect(classifyScreen(s, null).status).toBeNull();
    expect(twice(s).status).toBe('idle');
  });

  it('an agent input box with lines below it does not hide a busy marker', () => {
    const s = screen('agent', [
      '✻ Thinking… (esc to interrupt)',
      '╭────────╮',
      '│ > |     │',
      '╰────────╯',
      '  ? for shortcuts',
    ]);
    expect(twice(s).status).toBe('running');
  });

  it('(y/n) and [Y/n] questions are waiting', () => {
    expect(classifyScreen(screen('agent', ['Apply these changes? (y/n) |']), null).status).toBe(
      'waiting',
    );
    expect(classifyScreen(screen('shell', ['Continue? [Y/n] |']), null).status).toBe('waiting');
  });

  it('an input box that did not change across two reads is idle; on the first read, unknown', () => {
    const s = screen('agent', [
      '● Done. All tests pass.',
      '',
      '╭────────╮',
      '│ > |     │',
      '╰────────╯',
    ]);
    expect(classifyScreen(s, null).status).toBeNull();
    expect(twice(s)).toEqual({ status: 'idle', reason: expect.stringContaining('prompt') });
  });

  it('a changing agent screen without markers says nothing; unchanged, idle', () => {
    const a = screen('agent', ['streaming some text']);
    const b = screen('agent', ['streaming some text and more']);
    expect(classifyScreen(b, a.text).status).toBeNull();
    expect(twice(b).status).toBe('idle');
  });

  it('a marker far above the bottom (old output) does not count', () => {
    const lines = [
      '(esc to interrupt)',
      ...Array.from({ length: 20 }, (_, i) => `line ${i}`),
      '$ |',
    ];
    expect(twice(screen('agent', lines)).status).toBe('idle');
  });
});

describe('classifyScreen: questions asked and answered', () => {
  it('a plain question with the cursor right after it is waiting, and names the question', () => {
    for (const kind of ['agent', 'shell'] as const) {
      const verdict = classifyScreen(screen(kind, ['step 1 done', 'Continue? |']), null);
      expect(verdict).toMatchObject({ status: 'waiting', question: 'Continue?' });
    }
    expect(classifyScreen(screen('shell', ['Overwrite notes.txt? |']), null).question).toBe(
      'Overwrite notes.txt?',
    );
  });

  it('a command being typed at a shell prompt is not a question', () => {
    expect(classifyScreen(screen('shell', ['$ ls what? |']), null).status).not.toBe('waiting');
    expect(classifyScreen(screen('shell', ['alice@box:~$ echo why? |']), null).status).not.toBe(
      'waiting',
    );
  });

  it('a question with a typed answer and the cursor below it is answered: running, then idle', () => {
    const s = screen('agent', [
      'Working (esc to interrupt)',
      'done working',
      'Do you want to proceed? (y/n) y',
      '|',
    ]);
    expect(classifyScreen(s, null)).toMatchObject({
      status: 'running',
      reason: 'the question was answered',
    });
    expect(twice(s).status).toBe('idle');
  });

  it('Enter on a plain question (no answer echoed) answers it', () => {
    const s = screen('agent', ['Continue?', '|']);
    expect(classifyScreen(s, null).status).toBe('running');
    expect(classifyScreen(screen('shell', ['Apply? [Y/n]', '|']), null).status).toBe('running');
  });

  it('output after a question means it was answered', () => {
    const s = screen('agent', [
      'Apply these changes? (y/n)',
      'applying step 1',
      'applying step 2',
      '|',
    ]);
    expect(classifyScreen(s, null).status).toBe('running');
  });

  it('an agent menu below its question keeps it waiting, with the cursor under the menu', () => {
    const claude = screen('agent', [
      '╭──────────────────────────────────────╮',
      '│ Bash command                          │',
      '│   rm build.log                        │',
      '│ Do you want to proceed?               │',
      '│ ❯ 1. Yes                              │',
      '│   2. No, and tell Claude what to do (esc) │',
      '╰──────────────────────────────────────╯',
      '  Enter to confirm · Esc to exit',
      '|',
    ]);
    expect(classifyScreen(claude, null)).toMatchObject({
      status: 'waiting',
      question: 'Do you want to proceed?',
    });
    expect(twice(claude).status).toBe('waiting');
    const codex = screen('agent', [
      'Allow command?',
      '  › Yes (y)',
      '    Always (a)',
      '    No (n)',
      '|',
    ]);
    expect(classifyScreen(codex, null)).toMatchObject({
      status: 'waiting',
      question: 'Allow command?',
    });
    const gemini = screen('agent', [
      'Apply this change?',
      '● 1. Yes, allow once',
      '○ 2. Yes, allow always',
      '○ 3. No (esc)',
      '|',
    ]);
    expect(classifyScreen(gemini, null).status).toBe('waiting');
  });

  it('the question quoted for a menu is the line that asks, not its first option', () => {
    const s = screen('agent', ['Do you want to make this edit to app.ts?', '❯ 1. Yes', '  2. No']);
    expect(classifyScreen(s, null).question).toBe('Do you want to make this edit to app.ts?');
  });
});

describe('classifyScreen: shells', () => {
  it('a prompt unchanged across two reads is idle', () => {
    for (const prompt of [
      '$ ',
      '# ',
      'alice@box:~/src$ ',
      '% ',
      '❯ ',
      '➜  rdv git:(main) ',
      '>>> ',
    ]) {
      const s = screen('shell', ['$ ls', 'a b c', `${prompt}|`]);
      expect({ prompt, status: twice(s).status }).toEqual({ prompt, status: 'idle' });
    }
  });

  it('a prompt seen once is not yet idle', () => {
    expect(classifyScreen(screen('shell', ['$ |']), null).status).toBeNull();
    expect(classifyScreen(screen('shell', ['$ |']), '$ ls').status).toBeNull();
  });

  it('a command holding the terminal (cursor at the start of a line below output) is running', () => {
    expect(twice(screen('shell', ['$ sleep 1000', '|'])).status).toBe('running');
    expect(twice(screen('shell', ['$ while :; do :; done', '|'])).status).toBe('running');
    expect(classifyScreen(screen('shell', ['$ make', 'cc -o x x.c', '|']), null).status).toBe(
      'running',
    );
  });

  it('text before the cursor that is not a prompt gives no opinion (progress bars, odd prompts)', () => {
    expect(twice(screen('shell', ['$ download', 'progress 50%|'])).status).toBeNull();
    expect(twice(screen('shell', ['(my-weird-prompt)|'])).status).toBeNull();
  });

  it('a full-screen program gives no opinion; a blank screen neither', () => {
    expect(
      twice(screen('shell', ['~', '~', '"x.txt" 1L|'], { alternateScreen: true })).status,
    ).toBeNull();
    expect(twice(screen('shell', ['', '|'])).status).toBeNull();
  });

  it('a text typed at the prompt is not a prompt (the user is typing)', () => {
    expect(twice(screen('shell', ['$ git comm|'])).status).toBeNull();
  });

  it('without a cursor, the last non-blank line decides', () => {
    expect(twice(screen('shell', ['$ ls', 'a', '$', '', ''])).status).toBe('idle');
  });
});

describe('stripSgr', () => {
  it('removes colour sequences so markers split by colours still match', () => {
    const text = stripSgr('\x1b[2mesc\x1b[0m to \x1b[38;5;1minterrupt\x1b[m');
    expect(text).toBe('esc to interrupt');
    expect(classifyScreen(screen('agent', [text]), null).status).toBe('running');
  });
});

describe('activityText', () => {
  it('ignores the ticking busy line, so a stuck agent with a running timer still counts as unchanged', () => {
    const at = (seconds: number, glyph: string) =>
      [
        '● Bash(npm test)',
        `${glyph} Running… (${seconds}s · ↓ 3 tokens · esc to interrupt)`,
        '> ',
      ].join('\n');
    expect(activityText(at(12, '✻'))).toBe(activityText(at(97, '✶')));
    expect(activityText(at(12, '✻'))).not.toBe(
      activityText(at(12, '✻').replace('npm test', 'npm run build')),
    );
  });
});
