import { describe, expect, it } from 'vitest';
import { captureScreens, parseScreens } from './batch-capture.ts';
import { parseCensus } from './tmux-census.ts';

describe('parseScreens', () => {
  it('splits one batch into screens by each pane height, whatever the screens print', () => {
    const stdout = [
      'rdv-a\t5\t1\t3\t0\t0\t',
      'hello',
      'rdv-b\t1\t1\t1\t0\t0\t',
      '',
      'rdv-b\t0\t0\t2\t1\t1\t3',
      'Continue? ',
      '',
      '',
    ].join('\n');
    const screens = parseScreens(stdout, ['rdv-a', 'rdv-b']);
    // rdv-a's screen holds a line that looks like an info line: counted rows keep it screen text.
    expect(screens.get('rdv-a')).toEqual({
      lines: ['hello', 'rdv-b\t1\t1\t1\t0\t0\t', ''],
      cursorX: 5,
      cursorY: 1,
      alternateOn: false,
      dead: false,
      deadStatus: null,
    });
    expect(screens.get('rdv-b')).toMatchObject({
      lines: ['Continue? ', ''],
      alternateOn: true,
      dead: true,
      deadStatus: 3,
    });
  });

  it('refuses output for another session (display-message falls back when its target is gone)', () => {
    expect(() => parseScreens('rdv-x\t0\t0\t1\t0\t0\t\nfoo\n', ['rdv-a'])).toThrow(
      /expected rdv-a/,
    );
    expect(() => parseScreens('rdv-a\t0\t0\t5\t0\t0\t\nfoo\n', ['rdv-a'])).toThrow(/pane height/);
  });

  it('asks tmux once per batch of sessions', async () => {
    const calls: string[][][] = [];
    const run = async (commands: ReadonlyArray<readonly string[]>) => {
      calls.push(commands.map((c) => [...c]));
      return commands
        .filter((c) => c[0] === 'display-message')
        .map((c) => `${c[3]!.slice(1, -1)}\t0\t0\t1\t0\t0\t\nscreen\n`)
        .join('');
    };
    const names = Array.from({ length: 40 }, (_, i) => `rdv-s${i}`);
    const screens = await captureScreens({ run }, names);
    expect(screens.size).toBe(40);
    expect(calls).toHaveLength(2);
    expect(calls[0]![1]).toEqual(['capture-pane', '-p', '-t', '=rdv-s0:']);
  });
});

describe('parseCensus', () => {
  it('reads output time apart from activity (input only: a ticking spinner is no sign of life) and dead panes', () => {
    const [row] = parseCensus(
      'rdv-a\t100\t150\t160\t1\t1\t7\t42\t9\nrdv-a\t1\t1\t1\t0\t0\t\t1\t9\n',
    );
    expect(row).toMatchObject({
      name: 'rdv-a',
      outputAt: new Date(160_000),
      activity: new Date(150_000),
      attached: 1,
      paneDead: true,
      paneDeadStatus: 7,
      panePid: 42,
      serverPid: 9,
    });
    expect(parseCensus('rdv-b\t100\t170\t160\t0\t0\t\t42\t9\n')[0]).toMatchObject({
      activity: new Date(170_000),
      outputAt: new Date(160_000),
      paneDeadStatus: null,
    });
  });
});
